using SomaMemory.Contracts;

namespace SomaMemory.Grains.Tests;

/// <summary>The bulk path writes rows without their node grains; active node grains must still answer the new rows.</summary>
[Collection(GridCollection.Name)]
public sealed class BulkStoreTests(GridFixture grid)
{
    private static string NewNamespace() => "b-" + Guid.NewGuid().ToString("N")[..12];

    private IMemoryNodeGrain Node(string memoryNamespace, string coordinateKey) =>
        grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, coordinateKey));

    private static float[] Vector(int hot) => [.. Enumerable.Range(0, NamespacePolicy.Default.VectorDimension).Select(d => d == hot ? 1f : 0.01f)];

    private static BulkItem Item(int index, string payloadJson) =>
        new(index, $"{index}.0", new StoreMemoryCommand { PayloadJson = payloadJson, Vector = Vector(index) });

    private Task<BulkResult> StoreManyAsync(string memoryNamespace, params BulkItem[] items) =>
        grid.Grains.GetGrain<IMemoryBulkGrain>(0).StoreManyAsync(memoryNamespace, items);

    [Fact]
    public async Task Stored_items_read_back_through_their_node_grains()
    {
        var memoryNamespace = NewNamespace();

        var result = await StoreManyAsync(memoryNamespace, [.. Enumerable.Range(0, 20).Select(i => Item(i, $$"""{"i":{{i}}}"""))]);

        Assert.Equal(20, result.Stored);
        Assert.Empty(result.Errors);
        var read = await Node(memoryNamespace, "13.0").GetAsync();
        Assert.NotNull(read);
        Assert.Contains("13", read.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(ClientVectorsModel, read.EmbeddingModel);
    }

    private const string ClientVectorsModel = "client";

    [Fact]
    public async Task An_active_node_grain_answers_the_row_a_bulk_store_replaced()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "1.0");
        await node.StoreAsync(new StoreMemoryCommand { PayloadJson = """{"v":"old"}""", Vector = Vector(1) });
        Assert.Contains("old", (await node.GetAsync())!.PayloadJson, StringComparison.Ordinal);

        await StoreManyAsync(memoryNamespace, Item(1, """{"v":"new"}"""), Item(2, """{"v":"other"}"""));

        var read = await node.GetAsync();
        Assert.NotNull(read);
        Assert.Contains("new", read.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task A_node_grain_that_stores_after_a_bulk_store_continues_from_its_version()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "3.0");
        await node.StoreAsync(new StoreMemoryCommand { PayloadJson = """{"v":1}""", Vector = Vector(3) });
        await StoreManyAsync(memoryNamespace, Item(3, """{"v":2}"""));

        var third = await node.StoreAsync(new StoreMemoryCommand { PayloadJson = """{"v":3}""", Vector = Vector(3) });

        Assert.Equal(3, third.Version);
        Assert.Contains("3", (await node.GetAsync())!.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_and_repeated_items_are_reported_by_index_and_the_rest_stored()
    {
        var memoryNamespace = NewNamespace();

        var result = await StoreManyAsync(memoryNamespace,
            Item(0, """{"ok":true}"""),
            new BulkItem(1, "1.0", new StoreMemoryCommand { PayloadJson = "[1]", Vector = Vector(1) }),
            new BulkItem(2, "2.0", new StoreMemoryCommand { PayloadJson = "{}", Vector = [1, 2, 3] }),
            new BulkItem(3, "0.0", new StoreMemoryCommand { PayloadJson = """{"again":true}""", Vector = Vector(0) }),
            Item(4, """{"ok":true}"""));

        Assert.Equal(2, result.Stored);
        Assert.Equal([1, 2, 3], result.Errors.Select(error => error.Index));
        Assert.Null(await Node(memoryNamespace, "2.0").GetAsync());
        Assert.Contains("ok", (await Node(memoryNamespace, "0.0").GetAsync())!.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_postgres_refuses_fails_only_its_own_item()
    {
        var memoryNamespace = NewNamespace();

        var result = await StoreManyAsync(memoryNamespace, [.. Enumerable.Range(0, 10).Select(i => Item(i, i == 4 ? """{"a":"\u0000"}""" : """{"ok":true}"""))]);

        Assert.Equal(9, result.Stored);
        Assert.Equal(4, Assert.Single(result.Errors).Index);
        Assert.Equal(9L, await grid.QueryScalarAsync<long>("SELECT count(*) FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
    }

    [Fact]
    public async Task Bulk_stored_memories_reach_the_vector_index()
    {
        var memoryNamespace = NewNamespace();
        await StoreManyAsync(memoryNamespace, [.. Enumerable.Range(0, 30).Select(i => Item(i, $$"""{"i":{{i}}}"""))]);

        var hits = await grid.Grains.GetGrain<IRecallGrain>(0).RecallAsync(memoryNamespace, new RecallQuery { Vector = Vector(21), Mode = RecallMode.Vector, TopK = 1 });

        Assert.Equal("21.0", Assert.Single(hits).Memory.CoordinateKey);
    }
}
