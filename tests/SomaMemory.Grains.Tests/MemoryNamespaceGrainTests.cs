using SomaMemory.Contracts;

namespace SomaMemory.Grains.Tests;

[Collection(GridCollection.Name)]
public sealed class MemoryNamespaceGrainTests(GridFixture grid)
{
    private static string NewNamespace() => "ns-" + Guid.NewGuid().ToString("N")[..12];

    private IMemoryNamespaceGrain Namespace(string name) => grid.Grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(name));

    [Fact]
    public async Task A_new_namespace_has_the_default_policy()
    {
        Assert.Equal(NamespacePolicy.Default, await Namespace(NewNamespace()).GetPolicyAsync());
    }

    [Fact]
    public async Task A_policy_is_persisted_in_postgres_and_survives_deactivation()
    {
        var name = NewNamespace();
        var policy = new NamespacePolicy { ImportanceHalfLife = TimeSpan.FromDays(2), PruneThreshold = 0.2, DefaultTimeToLive = TimeSpan.FromHours(1), VectorDimension = 8 };

        await Namespace(name).SetPolicyAsync(policy);
        await grid.DeactivateIdleGrainsAsync();

        Assert.Equal(policy, await Namespace(name).GetPolicyAsync());
        Assert.Equal(1L, await grid.QueryScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE grainidextensionstring = @key",
            ("key", GrainKeys.ForNamespace(name))));
    }

    [Theory]
    [InlineData(0, 0.1, 384)]
    [InlineData(-1, 0.1, 384)]
    [InlineData(1, double.NaN, 384)]
    [InlineData(1, -0.5, 384)]
    [InlineData(1, 0.1, 0)]
    public async Task An_invalid_policy_is_refused_and_the_old_one_kept(int halfLifeDays, double threshold, int dimension)
    {
        var name = NewNamespace();
        var bad = new NamespacePolicy { ImportanceHalfLife = TimeSpan.FromDays(halfLifeDays), PruneThreshold = threshold, VectorDimension = dimension };

        await Assert.ThrowsAsync<ArgumentException>(() => Namespace(name).SetPolicyAsync(bad));

        Assert.Equal(NamespacePolicy.Default, await Namespace(name).GetPolicyAsync());
    }

    [Fact]
    public async Task The_default_ttl_of_the_policy_applies_to_stores_that_give_none()
    {
        var name = NewNamespace();
        await Namespace(name).SetPolicyAsync(NamespacePolicy.Default with { DefaultTimeToLive = TimeSpan.FromMinutes(10) });

        var stored = await grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(name, "1.0")).StoreAsync(new StoreMemoryCommand { PayloadJson = "{}" });

        Assert.Equal(grid.Clock.GetUtcNow() + TimeSpan.FromMinutes(10), stored.ExpiresAt);
    }

    [Fact]
    public async Task Statistics_count_live_memories_by_type_within_one_namespace_only()
    {
        var name = NewNamespace();
        var other = NewNamespace();
        await Store(name, "1.0", MemoryType.Episodic);
        await Store(name, "2.0", MemoryType.Episodic);
        await Store(name, "3.0", MemoryType.Semantic);
        await Store(name, "4.0", MemoryType.Semantic);
        await grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(name, "4.0")).DeleteAsync();
        await Store(other, "1.0", MemoryType.Semantic);

        var statistics = await Namespace(name).GetStatisticsAsync();

        Assert.Equal(new NamespaceStatistics { Namespace = name, TotalMemories = 3, Episodic = 2, Semantic = 1 }, statistics);
    }

    private Task<MemoryRecord> Store(string name, string key, MemoryType type) =>
        grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(name, key)).StoreAsync(new StoreMemoryCommand { PayloadJson = "{}", MemoryType = type });
}
