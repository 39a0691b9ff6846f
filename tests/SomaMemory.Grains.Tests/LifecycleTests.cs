using SomaMemory.Contracts;

namespace SomaMemory.Grains.Tests;

/// <summary>Reinforcement, sweeps, history and erasure, on the fake clock: nothing here sleeps.</summary>
[Collection(GridCollection.Name)]
public sealed class LifecycleTests(GridFixture grid)
{
    private static string NewNamespace() => "lc-" + Guid.NewGuid().ToString("N")[..12];

    private IMemoryNodeGrain Node(string memoryNamespace, string coordinateKey) =>
        grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, coordinateKey));

    private IMemoryNamespaceGrain Namespace(string name) => grid.Grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(name));

    private static StoreMemoryCommand Command(string payloadJson, double? importance = null) =>
        new() { PayloadJson = payloadJson, MemoryType = MemoryType.Episodic, Importance = importance };

    /// <summary>A policy set before any node of the namespace activates (nodes read it once, at activation).</summary>
    private async Task<string> NamespaceWithAsync(NamespacePolicy policy)
    {
        var name = NewNamespace();
        await Namespace(name).SetPolicyAsync(policy);
        return name;
    }

    private Task<long> CountAsync(string sql, string memoryNamespace) =>
        grid.QueryScalarAsync<long>(sql, ("ns", memoryNamespace));

    [Fact]
    public async Task A_burst_of_reads_reinforces_importance_once_up_to_the_cap_and_keeps_the_version()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { ReinforcementPerAccess = 0.1, ReinforcementCap = 0.9 });
        var low = Node(name, "1.0");
        var high = Node(name, "2.0");
        await low.StoreAsync(Command("{}", importance: 0.5));
        await high.StoreAsync(Command("{}", importance: 0.5));

        for (var i = 0; i < 3; i++)
        {
            await low.GetAsync();
        }

        for (var i = 0; i < 10; i++)
        {
            await high.GetAsync();
        }

        // Nothing is written per read: the store is still all there is.
        Assert.Equal(0.5, await grid.QueryScalarAsync<double>("SELECT importance FROM memories WHERE namespace = @ns AND coord_key = '1.0'", ("ns", name)));

        await grid.DeactivateIdleGrainsAsync();

        Assert.Equal(0.8, await grid.QueryScalarAsync<double>("SELECT importance FROM memories WHERE namespace = @ns AND coord_key = '1.0'", ("ns", name)), 9);
        Assert.Equal(0.9, await grid.QueryScalarAsync<double>("SELECT importance FROM memories WHERE namespace = @ns AND coord_key = '2.0'", ("ns", name)), 9);
        Assert.Equal(1L, await grid.QueryScalarAsync<long>("SELECT version FROM memories WHERE namespace = @ns AND coord_key = '1.0'", ("ns", name)));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memory_history WHERE namespace = @ns", name));
        var read = await low.GetAsync();
        Assert.Equal(0.8, read!.Importance, 9);
        Assert.Equal(4, read.AccessCount);
    }

    [Fact]
    public async Task Reinforcement_starts_from_the_decayed_importance_and_decay_restarts_from_it()
    {
        var halfLife = TimeSpan.FromDays(10);
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { ImportanceHalfLife = halfLife, ReinforcementPerAccess = 0.1, ReinforcementCap = 1 });
        var node = Node(name, "3.0");
        await node.StoreAsync(Command("{}", importance: 0.8));

        grid.Clock.Advance(halfLife); // 0.8 has decayed to 0.4, lazily: nothing was written
        await node.GetAsync();
        await grid.DeactivateIdleGrainsAsync();

        Assert.Equal(0.5, await grid.QueryScalarAsync<double>("SELECT importance FROM memories WHERE namespace = @ns", ("ns", name)), 9);
        Assert.Equal(grid.Clock.GetUtcNow().UtcDateTime, await grid.QueryScalarAsync<DateTime>("SELECT importance_at FROM memories WHERE namespace = @ns", ("ns", name)));
    }

    [Fact]
    public async Task A_policy_without_reinforcement_leaves_importance_alone()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { ReinforcementPerAccess = 0 });
        var node = Node(name, "4.0");
        await node.StoreAsync(Command("{}", importance: 0.5));
        await node.GetAsync();
        await grid.DeactivateIdleGrainsAsync();

        Assert.Equal(0.5, await grid.QueryScalarAsync<double>("SELECT importance FROM memories WHERE namespace = @ns", ("ns", name)));
        Assert.Equal(1L, await grid.QueryScalarAsync<long>("SELECT access_count FROM memories WHERE namespace = @ns", ("ns", name)));
    }

    [Fact]
    public async Task A_sweep_archives_expired_memories_and_erases_them_after_the_retention()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { PruneAction = PruneAction.Archive, ArchiveRetention = TimeSpan.FromDays(1), PruneThreshold = 0 });
        var expiring = Node(name, "5.0");
        var kept = Node(name, "6.0");
        await expiring.StoreAsync(Command("""{"text":"short lived"}""") with { TimeToLive = TimeSpan.FromMinutes(1) });
        await kept.StoreAsync(Command("""{"text":"kept"}"""));
        Assert.NotNull(await expiring.GetAsync()); // the node is active and holds the row hot

        grid.Clock.Advance(TimeSpan.FromMinutes(2));
        var first = await Namespace(name).SweepAsync();

        Assert.Equal(1, first.Expired);
        Assert.Null(await expiring.GetAsync());
        Assert.NotNull(await kept.GetAsync());
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM memories WHERE namespace = @ns AND deleted_at IS NOT NULL AND archived_at = deleted_at", name));
        Assert.Equal(1, (await Namespace(name).GetStatisticsAsync()).Archived);
        Assert.Equal(1, (await Namespace(name).GetStatisticsAsync()).TotalMemories);

        // Within the retention an archived memory stays; after it, the row and its history go.
        grid.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, (await Namespace(name).SweepAsync()).Purged);
        grid.Clock.Advance(TimeSpan.FromHours(2));
        var later = await Namespace(name).SweepAsync();

        Assert.Equal(1, later.Purged);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memories WHERE namespace = @ns AND coord_key = '5.0'", name));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memory_history WHERE namespace = @ns AND coord_key = '5.0'", name));
        Assert.NotNull(await kept.GetAsync());
    }

    [Fact]
    public async Task A_sweep_deletes_only_the_memories_decayed_below_the_threshold()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with
        {
            ImportanceHalfLife = TimeSpan.FromDays(1),
            PruneThreshold = 0.01,
            PruneAction = PruneAction.Delete,
            ReinforcementPerAccess = 0,
        });
        var strong = Node(name, "7.0");
        var weak = Node(name, "8.0");
        await strong.StoreAsync(Command("{}", importance: 1));
        await weak.StoreAsync(Command("{}", importance: 0.5));
        Assert.NotNull(await weak.GetAsync());

        grid.Clock.Advance(TimeSpan.FromDays(5)); // 1/32 and 1/64: both still above 0.01
        Assert.Equal(0, (await Namespace(name).SweepAsync()).Decayed);

        grid.Clock.Advance(TimeSpan.FromDays(1)); // 1/64 ≈ 0.0156 stays, 1/128 ≈ 0.0078 goes
        var report = await Namespace(name).SweepAsync();

        Assert.Equal(1, report.Decayed);
        Assert.Null(await weak.GetAsync());
        Assert.NotNull(await strong.GetAsync());
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memories WHERE namespace = @ns AND coord_key = '8.0'", name));
    }

    [Fact]
    public async Task A_read_memory_is_reinforced_before_the_sweep_judges_it()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with
        {
            ImportanceHalfLife = TimeSpan.FromDays(1),
            PruneThreshold = 0.1,
            ReinforcementPerAccess = 0.5,
        });
        var node = Node(name, "9.0");
        await node.StoreAsync(Command("{}", importance: 0.5));
        grid.Clock.Advance(TimeSpan.FromDays(3)); // 0.0625: below the threshold in Postgres

        await node.GetAsync(); // unflushed: the node flushes it when the sweep asks
        var report = await Namespace(name).SweepAsync();

        Assert.Equal(0, report.Decayed);
        Assert.NotNull(await node.GetAsync());
    }

    [Fact]
    public async Task A_sweep_evicts_the_least_important_beyond_the_maximum()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { MaxMemories = 2, PruneAction = PruneAction.Delete, PruneThreshold = 0 });
        for (var i = 1; i <= 4; i++)
        {
            await Node(name, $"{i}0.0").StoreAsync(Command("{}", importance: i / 10.0));
        }

        var report = await Namespace(name).SweepAsync();

        Assert.Equal(2, report.Evicted);
        Assert.Null(await Node(name, "10.0").GetAsync());
        Assert.Null(await Node(name, "20.0").GetAsync());
        Assert.NotNull(await Node(name, "30.0").GetAsync());
        Assert.NotNull(await Node(name, "40.0").GetAsync());
        Assert.Equal(2, (await Namespace(name).GetStatisticsAsync()).TotalMemories);
    }

    [Fact]
    public async Task A_sweep_works_in_bounded_batches_and_the_next_one_continues()
    {
        // The fixture's sweeps take 2 memories a batch and 3 batches a sweep.
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { PruneAction = PruneAction.Delete, PruneThreshold = 0 });
        for (var i = 0; i < 7; i++)
        {
            await Node(name, $"{i}.5").StoreAsync(Command("{}") with { TimeToLive = TimeSpan.FromMinutes(1) });
        }

        grid.Clock.Advance(TimeSpan.FromMinutes(2));
        var first = await Namespace(name).SweepAsync();
        var second = await Namespace(name).SweepAsync();

        Assert.Equal(6, first.Expired);
        Assert.True(first.More);
        Assert.Equal(1, second.Expired);
        Assert.False(second.More);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memories WHERE namespace = @ns", name));
    }

    [Fact]
    public async Task A_node_refuses_to_retire_a_memory_that_changed_since_the_sweep_read_it()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default);
        var node = Node(name, "11.0");
        await node.StoreAsync(Command("""{"v":1}"""));
        await node.StoreAsync(Command("""{"v":2}"""));

        var retired = await node.RetireAsync(new RetireCommand { Reason = RetireReason.Evicted, ExpectedVersion = 1, Action = PruneAction.Delete });

        Assert.False(retired);
        Assert.NotNull(await node.GetAsync());
    }

    [Fact]
    public async Task Every_update_and_delete_keeps_the_previous_version_in_history()
    {
        var name = NewNamespace();
        var node = Node(name, "12.0");
        await node.StoreAsync(Command("""{"text":"first"}""", importance: 0.3));
        grid.Clock.Advance(TimeSpan.FromMinutes(1));
        await node.StoreAsync(Command("""{"text":"second"}"""));
        grid.Clock.Advance(TimeSpan.FromMinutes(1));
        await node.DeleteAsync();

        var history = await node.GetHistoryAsync(10);

        Assert.Equal(3, history.CurrentVersion);
        Assert.False(history.CurrentIsLive);
        Assert.Equal([2L, 1L], history.Versions.Select(entry => entry.Version));
        Assert.Contains("second", history.Versions[0].PayloadJson, StringComparison.Ordinal);
        Assert.Contains("first", history.Versions[1].PayloadJson, StringComparison.Ordinal);
        Assert.Equal(0.3, history.Versions[1].Importance);
        Assert.Equal(history.Versions[0].UpdatedAt, history.Versions[1].ReplacedAt);
        Assert.Equal([2L], (await node.GetHistoryAsync(1)).Versions.Select(entry => entry.Version));
    }

    [Fact]
    public async Task A_hard_delete_leaves_nothing_in_any_table_or_in_the_index()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { VectorDimension = 4 });
        var node = Node(name, "13.0");
        float[] vector = [1, 0, 0, 0];
        await node.StoreAsync(Command("""{"text":"secret"}""") with { Vector = vector });
        var stored = await node.StoreAsync(Command("""{"text":"secret, edited"}""") with { Vector = vector });
        await Node(name, "14.0").StoreAsync(Command("""{"text":"neighbour"}""") with { Vector = [0, 1, 0, 0] });
        await grid.QueryScalarAsync<int>(
            "INSERT INTO links (namespace, from_key, to_key, link_type, strength, created_at, updated_at) " +
            "VALUES (@ns, '13.0', '14.0', 'related', 1, now(), now()), (@ns, '14.0', '13.0', 'related', 1, now(), now()) RETURNING 1",
            ("ns", name));
        var index = grid.Grains.GetGrain<INamespaceIndexGrain>(name);
        await index.ReconcileAsync();
        Assert.Contains(stored.VectorId, (await index.SearchAsync(vector, 10)).Select(hit => hit.VectorId));
        await node.GetAsync(); // a pending read that must never be written

        Assert.True(await node.EraseAsync());
        await index.ReconcileAsync();
        await grid.DeactivateIdleGrainsAsync();

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memories WHERE namespace = @ns AND coord_key = '13.0'", name));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memory_history WHERE namespace = @ns AND coord_key = '13.0'", name));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM links WHERE namespace = @ns AND ('13.0' IN (from_key, to_key))", name));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memory_erasures WHERE namespace = @ns", name));
        Assert.Equal(0L, await grid.QueryScalarAsync<long>(
            "SELECT count(*) FROM memories WHERE payload::text LIKE '%secret%' OR coord_key = '13.0'"));
        Assert.DoesNotContain(stored.VectorId, (await index.SearchAsync(vector, 10)).Select(hit => hit.VectorId));
        Assert.Equal(1, (await index.GetStatusAsync()).Count);
        Assert.Null(await node.GetAsync());
        Assert.Empty((await node.GetHistoryAsync(10)).Versions);
        Assert.False(await node.EraseAsync());
    }

    [Fact]
    public async Task An_index_reloaded_from_its_file_drops_an_erased_vector()
    {
        var name = await NamespaceWithAsync(NamespacePolicy.Default with { VectorDimension = 4 });
        var node = Node(name, "15.0");
        float[] vector = [0, 0, 1, 0];
        var stored = await node.StoreAsync(Command("{}") with { Vector = vector });
        var index = grid.Grains.GetGrain<INamespaceIndexGrain>(name);
        await index.ReconcileAsync();
        await grid.DeactivateIdleGrainsAsync(); // the index saves and goes; its next activation loads the file

        Assert.True(await node.EraseAsync());
        await index.ReconcileAsync();

        Assert.DoesNotContain(stored.VectorId, (await index.SearchAsync(vector, 10)).Select(hit => hit.VectorId));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM memory_erasures WHERE namespace = @ns", name));
    }
}
