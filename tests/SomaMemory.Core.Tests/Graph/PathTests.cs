using SomaMemory.Contracts;
using SomaMemory.Graph;

namespace SomaMemory.Core.Tests.Graph;

public sealed class PathTests
{
    private static Task<GraphPath> Shortest(InMemoryLinks links, string from, string to, int maxLength = 10, string? type = null) =>
        ShortestPath.FindAsync(links, "ns", new PathQuery { FromKey = from, ToKey = to, MaxLength = maxLength, LinkType = type }, DateTimeOffset.UnixEpoch);

    private static Task<GraphPath> Cheapest(InMemoryLinks links, string from, string to, int maxLength = 10, string? type = null) =>
        WeightedPath.FindAsync(links, "ns", new PathQuery { FromKey = from, ToKey = to, MaxLength = maxLength, LinkType = type, Weighted = true }, DateTimeOffset.UnixEpoch);

    private static string Render(GraphPath path) => path.Found ? string.Join(">", path.Keys) : "none";

    [Fact]
    public async Task The_fewest_links_win_and_the_real_types_are_reported()
    {
        var links = new InMemoryLinks().Add("a", "b", "cause").Add("b", "c", "then").Add("c", "d").Add("a", "x").Add("x", "d", "late");

        var path = await Shortest(links, "a", "d");

        Assert.Equal("a>x>d", Render(path));
        Assert.Equal(["related", "late"], path.LinkTypes);
        Assert.Equal(2.0, path.Cost);
    }

    [Fact]
    public async Task A_path_follows_link_direction()
    {
        var links = new InMemoryLinks().Add("b", "a");

        Assert.Equal("none", Render(await Shortest(links, "a", "b")));
        Assert.Equal("b>a", Render(await Shortest(links, "b", "a")));
    }

    [Fact]
    public async Task Unreachable_and_too_long_paths_are_not_found()
    {
        var links = new InMemoryLinks().Add("1", "2").Add("2", "3").Add("3", "4").Add("4", "5").Add("9", "8");

        Assert.Equal("none", Render(await Shortest(links, "1", "8")));
        Assert.Equal("none", Render(await Shortest(links, "1", "5", maxLength: 3)));
        Assert.Equal("1>2>3>4>5", Render(await Shortest(links, "1", "5", maxLength: 4)));
        Assert.Equal("none", Render(await Cheapest(links, "1", "5", maxLength: 3)));
        Assert.Equal("1>2>3>4>5", Render(await Cheapest(links, "1", "5", maxLength: 4)));
    }

    [Fact]
    public async Task Cycles_and_self_links_do_not_trap_the_search()
    {
        var links = new InMemoryLinks().Add("a", "a").Add("a", "b").Add("b", "a").Add("b", "b").Add("b", "c");

        Assert.Equal("a>b>c", Render(await Shortest(links, "a", "c")));
        Assert.Equal("a>b>c", Render(await Cheapest(links, "a", "c")));
    }

    [Fact]
    public async Task A_path_to_itself_has_no_links()
    {
        var path = await Shortest(new InMemoryLinks(), "a", "a");

        Assert.Equal("a", Render(path));
        Assert.Empty(path.LinkTypes);
    }

    [Fact]
    public async Task A_link_type_restricts_the_path()
    {
        var links = new InMemoryLinks().Add("a", "d", "weak").Add("a", "b", "strong").Add("b", "c", "strong").Add("c", "d", "strong");

        Assert.Equal("a>d", Render(await Shortest(links, "a", "d")));
        Assert.Equal("a>b>c>d", Render(await Shortest(links, "a", "d", type: "strong")));
        Assert.Equal("none", Render(await Shortest(links, "a", "d", type: "other")));
    }

    [Fact]
    public async Task Ties_between_equally_short_paths_resolve_the_same_way_every_time()
    {
        var links = new InMemoryLinks().Add("s", "m").Add("s", "k").Add("m", "t").Add("k", "t");

        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.Equal("s>k>t", Render(await Shortest(links, "s", "t")));
            Assert.Equal("s>k>t", Render(await Cheapest(links, "s", "t")));
        }
    }

    [Fact]
    public async Task Weighted_paths_prefer_strong_links_even_when_longer()
    {
        // Direct: cost 1/0.1 = 10. Around: 1/2 + 1/2 + 1/2 = 1.5.
        var links = new InMemoryLinks().Add("a", "d", strength: 0.1).Add("a", "b", strength: 2).Add("b", "c", strength: 2).Add("c", "d", strength: 2);

        var fewest = await Shortest(links, "a", "d");
        var cheapest = await Cheapest(links, "a", "d");

        Assert.Equal("a>d", Render(fewest));
        Assert.Equal(10.0, fewest.Cost, 9);
        Assert.Equal("a>b>c>d", Render(cheapest));
        Assert.Equal(1.5, cheapest.Cost, 9);
    }

    [Fact]
    public async Task Weighted_paths_respect_the_length_limit_over_a_cheaper_longer_route()
    {
        var links = new InMemoryLinks().Add("a", "d", strength: 0.5).Add("a", "b", strength: 10).Add("b", "c", strength: 10).Add("c", "d", strength: 10);

        Assert.Equal("a>b>c>d", Render(await Cheapest(links, "a", "d", maxLength: 3)));
        Assert.Equal("a>d", Render(await Cheapest(links, "a", "d", maxLength: 2)));
    }

    [Fact]
    public async Task Weighted_search_traces_the_route_that_was_cheapest_within_the_limit()
    {
        // The cheapest route to c has 3 links, but then d is out of reach within 3; the 2-link route to c must be used.
        var links = new InMemoryLinks()
            .Add("a", "c", strength: 0.5)
            .Add("a", "x", strength: 10).Add("x", "y", strength: 10).Add("y", "c", strength: 10)
            .Add("c", "d", strength: 1);

        var path = await Cheapest(links, "a", "d", maxLength: 2);

        Assert.Equal("a>c>d", Render(path));
        Assert.Equal(3.0, path.Cost, 9);
    }

    [Fact]
    public async Task A_path_costs_one_read_per_hop()
    {
        var links = new InMemoryLinks();
        for (var i = 0; i < 6; i++)
        {
            links.Add($"n{i}", $"n{i + 1}");
        }

        var path = await Shortest(links, "n0", "n6");

        Assert.Equal(6, path.LinkTypes.Count);
        Assert.Equal(6, links.Reads);
    }
}
