using SomaMemory.Contracts;

namespace SomaMemory.Grains.Tests;

[Collection(GridCollection.Name)]
public sealed class MemoryNodeGrainTests(GridFixture grid)
{
    private static string NewNamespace() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private IMemoryNodeGrain Node(string memoryNamespace, string coordinateKey) =>
        grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, coordinateKey));

    private static StoreMemoryCommand Command(string payloadJson, MemoryType type = MemoryType.Episodic) =>
        new() { PayloadJson = payloadJson, MemoryType = type };

    [Fact]
    public async Task A_stored_memory_reads_back_with_every_field()
    {
        var node = Node(NewNamespace(), "1.0,2.0,3.0");
        var stored = await node.StoreAsync(Command("""{"text":"the sky is blue"}""", MemoryType.Semantic) with
        {
            MetadataJson = """{"source":"test"}""",
            Importance = 0.5,
        });

        var read = await node.GetAsync();

        Assert.NotNull(read);
        Assert.Equal(1, stored.Version);
        Assert.Equal([1.0, 2.0, 3.0], read.Coordinate);
        Assert.Equal("1.0,2.0,3.0", read.CoordinateKey);
        Assert.Equal("the sky is blue", System.Text.Json.JsonDocument.Parse(read.PayloadJson).RootElement.GetProperty("text").GetString());
        Assert.Equal(MemoryType.Semantic, read.MemoryType);
        Assert.Contains("\"source\"", read.MetadataJson, StringComparison.Ordinal);
        Assert.Equal(0.5, read.Importance);
        Assert.Equal(grid.Clock.GetUtcNow(), read.CreatedAt);
        Assert.Equal(1, read.AccessCount);
    }

    [Fact]
    public async Task Storing_again_replaces_payload_and_type_keeps_creation_time_and_bumps_the_version()
    {
        var node = Node(NewNamespace(), "4.0");
        var first = await node.StoreAsync(Command("""{"v":1}""") with { Importance = 2 });
        grid.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await node.StoreAsync(Command("""{"v":2}""", MemoryType.Semantic));

        Assert.Equal(2, second.Version);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(first.CreatedAt + TimeSpan.FromMinutes(5), second.UpdatedAt);
        Assert.Equal(MemoryType.Semantic, second.MemoryType);
        Assert.Contains("2", second.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(2, second.Importance); // omitted importance keeps the stored value
    }

    [Fact]
    public async Task Delete_hides_the_memory_reports_whether_there_was_one_and_a_store_revives_it()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "5.0");
        await node.StoreAsync(Command("""{"v":1}""") with { Importance = 3 });

        Assert.True(await node.DeleteAsync());
        Assert.Null(await node.GetAsync());
        Assert.False(await node.DeleteAsync());

        grid.Clock.Advance(TimeSpan.FromMinutes(1));
        var revived = await node.StoreAsync(Command("""{"v":3}"""));

        Assert.Equal(3, revived.Version); // versions never repeat across a delete
        Assert.Equal(grid.Clock.GetUtcNow(), revived.CreatedAt);
        Assert.Equal(1.0, revived.Importance); // a revived memory starts again from the defaults
        Assert.NotNull(await node.GetAsync());
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_coordinate_leave_one_row_at_the_last_version()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "7.0,7.0");
        const int writers = 40;

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => node.StoreAsync(Command($$"""{"writer":{{i}}}"""))));

        Assert.Equal(Enumerable.Range(1, writers).Select(v => (long)v), results.Select(r => r.Version).Order());
        var last = results.Single(r => r.Version == writers);
        Assert.Equal(1L, await grid.QueryScalarAsync<long>("SELECT count(*) FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
        Assert.Equal((long)writers, await grid.QueryScalarAsync<long>("SELECT version FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
        Assert.Equal(last.PayloadJson, await grid.QueryScalarAsync<string>("SELECT payload::text FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":\"\\u0000\"}")]
    [InlineData("{\"n\":1e999999}")]
    public async Task A_bad_store_is_refused_and_leaves_the_stored_memory_untouched(string payloadJson)
    {
        var node = Node(NewNamespace(), "8.0");
        await node.StoreAsync(Command("""{"kept":true}"""));

        await Assert.ThrowsAsync<ArgumentException>(() => node.StoreAsync(Command(payloadJson)));

        var read = await node.GetAsync();
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Contains("kept", read.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negative_importance_and_non_positive_ttl_are_refused()
    {
        var node = Node(NewNamespace(), "9.0");
        await Assert.ThrowsAsync<ArgumentException>(() => node.StoreAsync(Command("{}") with { Importance = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => node.StoreAsync(Command("{}") with { Importance = double.NaN }));
        await Assert.ThrowsAsync<ArgumentException>(() => node.StoreAsync(Command("{}") with { TimeToLive = TimeSpan.Zero }));
        Assert.Null(await node.GetAsync());
    }

    [Fact]
    public async Task A_memory_expires_after_its_ttl_and_a_store_revives_it()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "10.0");
        await node.StoreAsync(Command("{}") with { TimeToLive = TimeSpan.FromMinutes(1) });
        Assert.NotNull(await node.GetAsync());

        grid.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Null(await node.GetAsync());
        Assert.False(await node.DeleteAsync());
        var statistics = await grid.Grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetStatisticsAsync();
        Assert.Equal(0, statistics.TotalMemories);

        var revived = await node.StoreAsync(Command("{}"));
        Assert.Null(revived.ExpiresAt);
        Assert.NotNull(await node.GetAsync());
    }

    [Fact]
    public async Task Reads_are_coalesced_into_one_write_when_the_node_deactivates()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "11.0");
        await node.StoreAsync(Command("{}"));

        for (var i = 0; i < 10; i++)
        {
            await node.GetAsync();
        }

        const string accessCount = "SELECT access_count FROM memories WHERE namespace = @ns";
        Assert.Equal(0L, await grid.QueryScalarAsync<long>(accessCount, ("ns", memoryNamespace)));

        await grid.DeactivateIdleGrainsAsync();

        Assert.Equal(10L, await grid.QueryScalarAsync<long>(accessCount, ("ns", memoryNamespace)));
        var reactivated = await node.GetAsync();
        Assert.Equal(11, reactivated!.AccessCount);
    }

    [Fact]
    public async Task A_memory_survives_deactivation_with_the_same_fields()
    {
        var node = Node(NewNamespace(), "12.0,-3.5");
        var stored = await node.StoreAsync(Command("""{"text":"durable"}""", MemoryType.Semantic) with { MetadataJson = """{"m":1}""" });

        await grid.DeactivateIdleGrainsAsync();
        var read = await node.GetAsync();

        Assert.NotNull(read);
        Assert.Equal(stored.Coordinate, read.Coordinate);
        // Records compare lists by reference, so the coordinate is compared above and aligned here.
        Assert.Equal(stored with { Coordinate = read.Coordinate, AccessCount = 1, LastAccessedAt = read.LastAccessedAt }, read);
    }

    [Fact]
    public async Task A_grain_key_that_is_not_canonical_cannot_activate()
    {
        var node = grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(NewNamespace(), "1,2"));
        await Assert.ThrowsAnyAsync<Exception>(() => node.GetAsync());
    }
}
