using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>
/// The clustering keys through the provider's own <see cref="AdoNetClusteringTable"/> and
/// <see cref="AdoNetGatewayListProvider"/>, each test on its own ClusterId (section 9, check 7).
/// </summary>
public sealed class ClusteringTableTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTime Now = WholeMilliseconds(DateTime.UtcNow);
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Concurrent_inits_leave_exactly_one_version_row_and_read_all_gives_the_version_only()
    {
        var clusterId = NewClusterId();
        var tables = Enumerable.Range(0, 6).Select(_ => NewTable(clusterId)).ToArray();
        await Task.WhenAll(tables.Select(table => Task.Run(() => table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct))));

        Assert.Equal(1L, await Sql.ScalarAsync<long>(
            database.ConnectionString,
            "SELECT count(*) FROM orleans_membership_version WHERE deploymentid = @id",
            ("id", clusterId)));

        var data = await tables[0].ReadAllAsync(Ct);
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);

        // A second round of inits (a restarted silo) neither fails nor resets the version.
        var first = await InsertAsync(tables[0], Entry(1001, SiloStatus.Joining));
        Assert.True(first);
        await Task.WhenAll(tables.Select(table => table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct)));
        Assert.Equal(1, (await tables[1].ReadAllAsync(Ct)).Version.Version);
    }

    [Fact]
    public async Task Inserts_and_updates_succeed_only_at_the_current_version_and_bump_it()
    {
        var table = await InitializedTableAsync();
        var joining = Entry(1002, SiloStatus.Joining, proxyPort: 3002);
        var start = await table.ReadAllAsync(Ct);

        Assert.True(await table.InsertRowAsync(joining, start.Version.Next(), Ct));
        var afterInsert = await table.ReadAllAsync(Ct);
        Assert.Equal(start.Version.Version + 1, afterInsert.Version.Version);
        var (stored, etag) = Assert.Single(afterInsert.Members);
        AssertSameEntry(joining, stored);

        // The same silo again, or another silo at a stale version: false, and nothing changes.
        Assert.False(await table.InsertRowAsync(joining, afterInsert.Version.Next(), Ct));
        Assert.False(await table.InsertRowAsync(Entry(1003, SiloStatus.Joining), start.Version.Next(), Ct));
        var unchanged = await table.ReadAllAsync(Ct);
        Assert.Equal(afterInsert.Version.Version, unchanged.Version.Version);
        Assert.Single(unchanged.Members);

        // Update at the current version: status and suspicion votes replaced, version bumped.
        var voter = SiloAddress.New(IPAddress.Loopback, 4000, 7);
        var active = Entry(1002, SiloStatus.Active, proxyPort: 3002);
        active.SuspectTimes = [Tuple.Create(voter, Now.AddSeconds(1)), Tuple.Create(voter, Now.AddSeconds(2))];
        active.IAmAliveTime = Now.AddSeconds(3);
        Assert.True(await table.UpdateRowAsync(active, etag, unchanged.Version.Next(), Ct));
        var afterUpdate = await table.ReadAllAsync(Ct);
        Assert.Equal(unchanged.Version.Version + 1, afterUpdate.Version.Version);
        var (updated, currentEtag) = Assert.Single(afterUpdate.Members);
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Equal(active.SuspectTimes, updated.SuspectTimes);
        Assert.Equal(active.IAmAliveTime, updated.IAmAliveTime);
        Assert.Equal(joining.StartTime, updated.StartTime);

        // A stale version, or a silo that has no row: false, and nothing changes.
        var dead = Entry(1002, SiloStatus.Dead, proxyPort: 3002);
        Assert.NotEqual(etag, currentEtag);
        Assert.False(await table.UpdateRowAsync(dead, etag, unchanged.Version.Next(), Ct));
        Assert.False(await table.UpdateRowAsync(Entry(1999, SiloStatus.Dead), currentEtag, afterUpdate.Version.Next(), Ct));
        var afterStale = await table.ReadAllAsync(Ct);
        Assert.Equal(afterUpdate.Version.Version, afterStale.Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(afterStale.Members).Item1.Status);

        // NULL suspicion votes clear them.
        var cleared = Entry(1002, SiloStatus.Active, proxyPort: 3002);
        cleared.IAmAliveTime = Now.AddSeconds(3);
        Assert.True(await table.UpdateRowAsync(cleared, currentEtag, afterStale.Version.Next(), Ct));
        var withoutVotes = Assert.Single((await table.ReadAllAsync(Ct)).Members).Item1;
        Assert.True(withoutVotes.SuspectTimes is null || withoutVotes.SuspectTimes.Count == 0);
    }

    [Fact]
    public async Task Heartbeat_moves_i_am_alive_forward_only_and_leaves_the_version_alone()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1004, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var before = await table.ReadAllAsync(Ct);

        entry.IAmAliveTime = Now.AddMinutes(1);
        await table.UpdateIAmAliveAsync(entry, Ct);
        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(before.Version.Version, after.Version.Version);
        Assert.Equal(Now.AddMinutes(1), Assert.Single(after.Members).Item1.IAmAliveTime);

        entry.IAmAliveTime = Now.AddMinutes(-5);
        await table.UpdateIAmAliveAsync(entry, Ct);
        Assert.Equal(Now.AddMinutes(1), Assert.Single((await table.ReadAllAsync(Ct)).Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task Read_row_gives_the_version_with_at_most_the_one_member()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(1005, SiloStatus.Active, proxyPort: 3005);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await table.InsertRowAsync(Entry(1006, SiloStatus.Active), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var unknown = await table.ReadRowAsync(SiloAddress.New(IPAddress.Loopback, 1005, 2), Ct);
        Assert.Empty(unknown.Members);
        Assert.Equal(2, unknown.Version.Version);

        var known = await table.ReadRowAsync(entry.SiloAddress, Ct);
        Assert.Equal(2, known.Version.Version);
        AssertSameEntry(entry, Assert.Single(known.Members).Item1);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_proxy_port()
    {
        var clusterId = NewClusterId();
        var table = await InitializedTableAsync(clusterId);
        var gateway = Entry(1010, SiloStatus.Active, proxyPort: 3010);
        foreach (var entry in new[]
        {
            gateway,
            Entry(1011, SiloStatus.Active, proxyPort: 0),
            Entry(1012, SiloStatus.Joining, proxyPort: 3012),
            Entry(1013, SiloStatus.Dead, proxyPort: 3013),
        })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }

        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            _services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = TestSilos.Invariant, ConnectionString = database.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "service" }));
        await provider.InitializeGatewayListProviderAsync(Ct);

        var gateways = await provider.GetGatewaysAsync(Ct);
        var uri = Assert.Single(gateways);
        Assert.Equal(3010, uri.Port);
        Assert.Equal(IPAddress.Loopback.ToString(), uri.Host);
    }

    [Fact]
    public async Task Cleanup_through_the_per_row_key_removes_only_old_dead_silos()
    {
        var clusterId = NewClusterId();
        var table = await InitializedTableAsync(clusterId);
        await AssertCleanupAsync(table, clusterId);
    }

    [Fact]
    public async Task Cleanup_through_the_bulk_key_removes_only_old_dead_silos()
    {
        const string PerRowKey = "CleanupDefunctSiloEntryKey";
        var text = await Sql.ScalarAsync<string>(database.ConnectionString, "SELECT querytext FROM orleansquery WHERE querykey = @key", ("key", PerRowKey));
        await Sql.ExecuteAsync(database.ConnectionString, "DELETE FROM orleansquery WHERE querykey = @key", ("key", PerRowKey));
        try
        {
            // This instance loads a catalog without the optional key, so it falls back to CleanupDefunctSiloEntriesKey.
            var clusterId = NewClusterId();
            var table = await InitializedTableAsync(clusterId);
            await AssertCleanupAsync(table, clusterId);
        }
        finally
        {
            await Sql.ExecuteAsync(
                database.ConnectionString,
                "INSERT INTO orleansquery (querykey, querytext) VALUES (@key, @text)",
                ("key", PerRowKey),
                ("text", text));
        }
    }

    [Fact]
    public async Task Delete_entries_removes_the_members_and_the_version_of_that_cluster_only()
    {
        var doomedId = NewClusterId();
        var doomed = await InitializedTableAsync(doomedId);
        var survivorId = NewClusterId();
        var survivor = await InitializedTableAsync(survivorId);
        Assert.True(await doomed.InsertRowAsync(Entry(1020, SiloStatus.Active), (await doomed.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await survivor.InsertRowAsync(Entry(1020, SiloStatus.Active), (await survivor.ReadAllAsync(Ct)).Version.Next(), Ct));

        await doomed.DeleteMembershipTableEntriesAsync(doomedId, Ct);

        Assert.Equal(0L, await CountAsync("orleans_membership", doomedId));
        Assert.Equal(0L, await CountAsync("orleans_membership_version", doomedId));
        Assert.Equal(1L, await CountAsync("orleans_membership", survivorId));
        Assert.Equal(1L, await CountAsync("orleans_membership_version", survivorId));
    }

    private async Task AssertCleanupAsync(AdoNetClusteringTable table, string clusterId)
    {
        var old = Now.AddDays(-2);
        var voter = SiloAddress.New(IPAddress.Loopback, 4000, 7);

        var oldDead = Entry(1030, SiloStatus.Dead, start: old);
        var oldDeadWithVotes = Entry(1031, SiloStatus.Dead, start: old);
        oldDeadWithVotes.SuspectTimes = [Tuple.Create(voter, old.AddMinutes(1))];
        var recentDead = Entry(1032, SiloStatus.Dead, start: old, alive: Now);
        var oldActive = Entry(1033, SiloStatus.Active, start: old);
        var exactlyAtCutoff = Entry(1034, SiloStatus.Dead, start: old, alive: Now.AddDays(-1));
        foreach (var entry in new[] { oldDead, oldDeadWithVotes, recentDead, oldActive, exactlyAtCutoff })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }

        // Inserts carry no votes; they come with an update.
        var (_, etag) = (await table.ReadRowAsync(oldDeadWithVotes.SiloAddress, Ct)).Members[0];
        Assert.True(await table.UpdateRowAsync(oldDeadWithVotes, etag, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var before = await table.ReadAllAsync(Ct);

        // The agent's cutoff for "this row and older" is the row's time plus 100 ns.
        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now.AddDays(-1)).AddTicks(1), Ct);

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(before.Version.Version, after.Version.Version);
        var left = after.Members.Select(member => member.Item1.SiloAddress.Endpoint.Port).Order().ToArray();
        Assert.Equal([1032, 1033], left);
        Assert.Equal(1L, await CountAsync("orleans_membership_version", clusterId));
    }

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, actual.StartTime.Kind);
    }

    private static async Task<bool> InsertAsync(AdoNetClusteringTable table, MembershipEntry entry) =>
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct);

    private async Task<AdoNetClusteringTable> InitializedTableAsync(string? clusterId = null)
    {
        var table = NewTable(clusterId ?? NewClusterId());
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        return table;
    }

    private AdoNetClusteringTable NewTable(string clusterId) => new(
        _services,
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "service" }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = TestSilos.Invariant, ConnectionString = database.ConnectionString }),
        NullLogger<AdoNetClusteringTable>.Instance);

    private Task<long> CountAsync(string tableName, string clusterId) => Sql.ScalarAsync<long>(
        database.ConnectionString,
        $"SELECT count(*) FROM {tableName} WHERE deploymentid = @id",
        ("id", clusterId));

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = 0, DateTime? start = null, DateTime? alive = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 1),
        Status = status,
        ProxyPort = proxyPort,
        SiloName = $"silo-{port}-ä",
        HostName = "host-" + port,
        StartTime = start ?? Now,
        IAmAliveTime = alive ?? start ?? Now,
    };

    private static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";

    private static DateTime WholeMilliseconds(DateTime time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
