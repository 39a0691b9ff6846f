using SomaMemory.Contracts;

namespace SomaMemory.Grains.Tests;

/// <summary>Recall reuses a namespace's policy for a few seconds; on the fake clock, nothing here sleeps.</summary>
[Collection(GridCollection.Name)]
public sealed class RecallPolicyTests(GridFixture grid)
{
    /// <summary>RecallGrain's policy lifetime: a change must be seen by then.</summary>
    private static readonly TimeSpan PolicyLifetime = TimeSpan.FromSeconds(5);

    private IMemoryNamespaceGrain Namespace(string name) => grid.Grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(name));

    private Task<IReadOnlyList<RecallHit>> RecallAsync(string name) =>
        grid.Grains.GetGrain<IRecallGrain>(0).RecallAsync(name, new RecallQuery { Text = "heron", Mode = RecallMode.Keyword });

    [Fact]
    public async Task A_new_importance_half_life_reaches_recall_within_the_policy_lifetime()
    {
        var name = "rp-" + Guid.NewGuid().ToString("N")[..12];
        await Namespace(name).SetPolicyAsync(NamespacePolicy.Default with { ImportanceHalfLife = TimeSpan.FromDays(10) });
        await grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(name, "1.0"))
            .StoreAsync(new StoreMemoryCommand { PayloadJson = """{"text":"a grey heron"}""", MemoryType = MemoryType.Episodic, Importance = 1 });
        grid.Clock.Advance(TimeSpan.FromDays(1));

        var before = Assert.Single(await RecallAsync(name));
        await Namespace(name).SetPolicyAsync(NamespacePolicy.Default with { ImportanceHalfLife = TimeSpan.FromDays(1) });
        grid.Clock.Advance(PolicyLifetime);
        var after = Assert.Single(await RecallAsync(name));

        Assert.Equal(Math.Pow(2, -0.1), before.ImportanceNow, 6);
        Assert.Equal(Math.Pow(2, -(1 + (PolicyLifetime.TotalDays))), after.ImportanceNow, 6);
    }
}
