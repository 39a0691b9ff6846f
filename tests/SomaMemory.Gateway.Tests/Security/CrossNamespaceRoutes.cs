namespace SomaMemory.Gateway.Tests.Security;

/// <summary>One request of the cross-namespace and attack suites: <c>{victim}</c> in path or body is replaced by the victim namespace.</summary>
public sealed record RouteCase(string Name, HttpMethod Method, string Path, string? Body = null)
{
    public HttpRequestMessage ToRequest(string victimNamespace)
    {
        var request = new HttpRequestMessage(Method, Path.Replace("{victim}", Uri.EscapeDataString(victimNamespace), StringComparison.Ordinal));
        if (Body is not null)
        {
            request.Content = new StringContent(Body.Replace("{victim}", victimNamespace, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    public override string ToString() => Name;
}

/// <summary>
/// Every route that acts in a namespace, with a valid request aimed at coordinate 1 (the victim's memory). New
/// routes (graph, export, lifecycle) join by adding a line here; both suites then cover them.
/// </summary>
public static class CrossNamespaceRoutes
{
    public static IReadOnlyList<RouteCase> All { get; } =
    [
        new("get memory", HttpMethod.Get, "/memories/1"),
        new("delete memory", HttpMethod.Delete, "/memories/1"),
        new("store memory", HttpMethod.Post, "/memories", """{"coord":"1","payload":{"owner":"attacker"}}"""),
        new("search (body)", HttpMethod.Post, "/memories/search", """{"query":"victim secret","top_k":50}"""),
        new("search (body, filters)", HttpMethod.Post, "/memories/search", """{"query":"victim","filters":{"owner":"victim"},"top_k":50}"""),
        new("search (body, namespace filter)", HttpMethod.Post, "/memories/search", """{"query":"victim","filters":{"namespace":"{victim}"},"top_k":50}"""),
        new("search (query string)", HttpMethod.Get, "/memories/search?query=victim%20secret&top_k=50"),
        new("search (query string, filters)", HttpMethod.Get, "/memories/search?query=victim&filters=%7B%22owner%22%3A%22victim%22%7D"),
        new("bulk store", HttpMethod.Post, "/memories/bulk", """{"items":[{"coord":"1","payload":{"owner":"attacker"}},{"coord":"2","payload":{"owner":"attacker"}}]}"""),
        new("stats", HttpMethod.Get, "/stats"),
        new("link", HttpMethod.Post, "/graph/link", """{"from_coord":"1","to_coord":"2","metadata":{"owner":"attacker"}}"""),
        new("bulk links", HttpMethod.Post, "/graph/links", """{"links":[{"from_coord":"1","to_coord":"2","strength":9},{"from_coord":"2","to_coord":"1"}]}"""),
        new("neighbors", HttpMethod.Get, "/graph/neighbors?coord=1&k_hop=5&direction=both&limit=1000"),
        new("path", HttpMethod.Get, "/graph/path?from_coord=1&to_coord=2"),
        new("batch search", HttpMethod.Post, "/memories/search/batch", """{"queries":[{"query":"victim secret","top_k":50},{"query":"victim","filters":{"owner":"victim"}}]}"""),
        new("delete many", HttpMethod.Post, "/memories/delete", """{"coords":["1","2","1.0"]}"""),
        new("export", HttpMethod.Get, "/memories/export"),
        new("history", HttpMethod.Get, "/memories/1/history"),
    ];
}
