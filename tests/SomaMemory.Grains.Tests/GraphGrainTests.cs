using SomaMemory.Contracts;

namespace SomaMemory.Grains.Tests;

[Collection(GridCollection.Name)]
public sealed class GraphGrainTests(GridFixture grid)
{
    private static string NewNamespace() => "g-" + Guid.NewGuid().ToString("N")[..12];

    private IMemoryNodeGrain Node(string memoryNamespace, string coordinateKey) =>
        grid.Grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, coordinateKey));

    private static StoreMemoryCommand Memory(string text) => new() { PayloadJson = $$"""{"text":"{{text}}"}""", Vector = Enumerable.Repeat(0.1f, 384).ToArray() };

    [Fact]
    public async Task A_node_holds_its_outgoing_links_in_type_then_target_order()
    {
        var memoryNamespace = NewNamespace();
        var node = Node(memoryNamespace, "1.0");
        await node.LinkAsync(new LinkCommand { ToKey = "3.0", LinkType = "b" });
        await node.LinkAsync(new LinkCommand { ToKey = "2.0", LinkType = "b" });
        await node.LinkAsync(new LinkCommand { ToKey = "9.0", LinkType = "a", Strength = 2, MetadataJson = """{"k":1}""" });

        var links = await node.GetLinksAsync();

        Assert.Equal(["a:9.0", "b:2.0", "b:3.0"], links.Select(link => $"{link.LinkType}:{link.ToKey}"));
        Assert.Equal(2, links[0].Strength);
        Assert.Equal(grid.Clock.GetUtcNow(), links[0].CreatedAt);
    }

    [Fact]
    public async Task Links_survive_deactivation()
    {
        var memoryNamespace = NewNamespace();
        await Node(memoryNamespace, "1.0").LinkAsync(new LinkCommand { ToKey = "2.0", MetadataJson = """{"why":"test"}""" });

        await grid.DeactivateIdleGrainsAsync();
        var link = Assert.Single(await Node(memoryNamespace, "1.0").GetLinksAsync());

        Assert.Equal(("1.0", "2.0", "related"), (link.FromKey, link.ToKey, link.LinkType));
        Assert.Contains("\"why\"", link.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_target_drops_it_from_the_sources_held_links_and_from_Postgres()
    {
        var memoryNamespace = NewNamespace();
        await Node(memoryNamespace, "2.0").StoreAsync(Memory("target"));
        await Node(memoryNamespace, "1.0").LinkAsync(new LinkCommand { ToKey = "2.0" });
        await Node(memoryNamespace, "1.0").LinkAsync(new LinkCommand { ToKey = "3.0" });
        await Node(memoryNamespace, "2.0").LinkAsync(new LinkCommand { ToKey = "1.0" });
        Assert.Equal(2, (await Node(memoryNamespace, "1.0").GetLinksAsync()).Count);

        Assert.True(await Node(memoryNamespace, "2.0").DeleteAsync());

        Assert.Equal(["3.0"], (await Node(memoryNamespace, "1.0").GetLinksAsync()).Select(link => link.ToKey));
        Assert.Empty(await Node(memoryNamespace, "2.0").GetLinksAsync());
        var rows = await grid.QueryScalarAsync<long>(
            "SELECT count(*) FROM links WHERE namespace = @ns AND (from_key = '2.0' OR to_key = '2.0')", ("ns", memoryNamespace));
        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task Two_linked_memories_deleted_at_once_do_not_wait_on_each_other()
    {
        var memoryNamespace = NewNamespace();
        await Node(memoryNamespace, "1.0").StoreAsync(Memory("one"));
        await Node(memoryNamespace, "2.0").StoreAsync(Memory("two"));
        await Node(memoryNamespace, "1.0").LinkAsync(new LinkCommand { ToKey = "2.0" });
        await Node(memoryNamespace, "2.0").LinkAsync(new LinkCommand { ToKey = "1.0" });

        var deletes = await Task.WhenAll(Node(memoryNamespace, "1.0").DeleteAsync(), Node(memoryNamespace, "2.0").DeleteAsync());

        Assert.Equal([true, true], deletes);
        Assert.Equal(0, await grid.QueryScalarAsync<long>("SELECT count(*) FROM links WHERE namespace = @ns", ("ns", memoryNamespace)));
    }

    [Fact]
    public async Task A_link_to_a_non_canonical_key_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Node(NewNamespace(), "1.0").LinkAsync(new LinkCommand { ToKey = "2" }));

        Assert.Contains("2.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_graph_grain_walks_what_node_grains_wrote()
    {
        var memoryNamespace = NewNamespace();
        await Node(memoryNamespace, "1.0").LinkAsync(new LinkCommand { ToKey = "2.0", LinkType = "x" });
        await Node(memoryNamespace, "2.0").LinkAsync(new LinkCommand { ToKey = "3.0", LinkType = "y" });
        var graph = grid.Grains.GetGrain<IGraphGrain>(0);

        var neighbors = await graph.NeighborsAsync(memoryNamespace, new NeighborQuery { FromKey = "1.0", MaxHops = 2 });
        var path = await graph.PathAsync(memoryNamespace, new PathQuery { FromKey = "1.0", ToKey = "3.0" });

        Assert.Equal(["2.0", "3.0"], neighbors.Select(hit => hit.Key));
        Assert.Equal(["x", "y"], path.LinkTypes);
        await Assert.ThrowsAsync<ArgumentException>(() => graph.NeighborsAsync(memoryNamespace, new NeighborQuery { FromKey = "1.0", MaxHops = 9 }));
    }
}
