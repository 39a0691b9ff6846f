using SomaMemory.Contracts;
using SomaMemory.Graph;

namespace SomaMemory.Core.Tests.Graph;

public sealed class NeighborWalkTests
{
    private static Task<IReadOnlyList<NeighborHit>> Walk(InMemoryLinks links, string from, int hops = 1, LinkDirection direction = LinkDirection.Out,
        string? type = null, int limit = 100, int offset = 0) =>
        NeighborWalk.RunAsync(links, "ns", new NeighborQuery
        {
            FromKey = from,
            MaxHops = hops,
            Direction = direction,
            LinkType = type,
            Limit = limit,
            Offset = offset,
        }, DateTimeOffset.UnixEpoch);

    private static string Render(IEnumerable<NeighborHit> hits) => string.Join(" ", hits.Select(hit => $"{hit.Key}@{hit.Hop}"));

    [Fact]
    public async Task One_hop_gives_the_outgoing_neighbours_in_key_order()
    {
        var links = new InMemoryLinks().Add("a", "c").Add("a", "b").Add("b", "d").Add("x", "a");

        Assert.Equal("b@1 c@1", Render(await Walk(links, "a")));
    }

    [Fact]
    public async Task Each_neighbour_carries_its_nearest_hop_and_the_link_that_reached_it()
    {
        var links = new InMemoryLinks().Add("a", "b").Add("b", "c").Add("c", "d").Add("a", "d", "shortcut");

        var hits = await Walk(links, "a", hops: 3);

        Assert.Equal("b@1 d@1 c@2", Render(hits));
        var d = hits.Single(hit => hit.Key == "d");
        Assert.Equal(("a", "d", "shortcut"), (d.Via.FromKey, d.Via.ToKey, d.Via.LinkType));
    }

    [Fact]
    public async Task Cycles_and_self_links_never_return_the_start_or_repeat_a_node()
    {
        var links = new InMemoryLinks().Add("a", "a").Add("a", "b").Add("b", "c").Add("c", "a").Add("c", "b");

        Assert.Equal("b@1 c@2", Render(await Walk(links, "a", hops: 5)));
    }

    [Fact]
    public async Task K_hop_stops_at_k()
    {
        var links = new InMemoryLinks().Add("1", "2").Add("2", "3").Add("3", "4").Add("4", "5").Add("5", "6").Add("6", "7");

        Assert.Equal("2@1 3@2 4@3", Render(await Walk(links, "1", hops: 3)));
        Assert.Equal("2@1 3@2 4@3 5@4 6@5", Render(await Walk(links, "1", hops: 5)));
    }

    [Fact]
    public async Task Link_type_filters_every_hop()
    {
        var links = new InMemoryLinks().Add("a", "b", "cause").Add("b", "c", "related").Add("b", "d", "cause").Add("a", "e", "related");

        Assert.Equal("b@1 d@2", Render(await Walk(links, "a", hops: 3, type: "cause")));
    }

    [Fact]
    public async Task Direction_in_follows_links_backwards_and_both_follows_either_way()
    {
        var links = new InMemoryLinks().Add("p", "a").Add("q", "p").Add("a", "c");

        Assert.Equal("p@1 q@2", Render(await Walk(links, "a", hops: 2, direction: LinkDirection.In)));
        Assert.Equal("c@1 p@1 q@2", Render(await Walk(links, "a", hops: 2, direction: LinkDirection.Both)));
    }

    [Fact]
    public async Task Several_types_between_two_nodes_yield_one_neighbour_through_the_first_type()
    {
        var links = new InMemoryLinks().Add("a", "b", "zeta").Add("a", "b", "alpha");

        var hit = Assert.Single(await Walk(links, "a"));

        Assert.Equal("alpha", hit.Via.LinkType);
    }

    [Fact]
    public async Task Ties_between_parents_go_to_the_smallest_key()
    {
        var links = new InMemoryLinks().Add("s", "m").Add("s", "k").Add("m", "t").Add("k", "t");

        var hit = (await Walk(links, "s", hops: 2)).Single(hit => hit.Key == "t");

        Assert.Equal("k", hit.Via.FromKey);
    }

    [Fact]
    public async Task Pages_are_stable_and_cover_the_whole_result_without_overlap()
    {
        var links = new InMemoryLinks();
        for (var i = 0; i < 30; i++)
        {
            links.Add("hub", $"n{i:D2}");
            links.Add($"n{i:D2}", $"m{i:D2}");
        }

        var all = Render(await Walk(links, "hub", hops: 2, limit: 1000));
        var pages = new List<NeighborHit>();
        for (var offset = 0; offset < 60; offset += 7)
        {
            pages.AddRange(await Walk(links, "hub", hops: 2, limit: 7, offset: offset));
        }

        Assert.Equal(60, pages.Count);
        Assert.Equal(all, Render(pages));
    }

    [Fact]
    public async Task A_full_page_stops_the_walk_before_further_hops()
    {
        var links = new InMemoryLinks().Add("a", "b").Add("a", "c").Add("b", "d").Add("d", "e");

        var hits = await Walk(links, "a", hops: 5, limit: 2);

        Assert.Equal("b@1 c@1", Render(hits));
        Assert.Equal(1, links.Reads);
    }

    [Fact]
    public async Task An_unlinked_coordinate_has_no_neighbours()
    {
        Assert.Empty(await Walk(new InMemoryLinks().Add("a", "b"), "z", hops: 5));
    }
}
