using System.Text.Json.Nodes;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>A route of the attack suite: its template, a valid body to mutate, and whether it needs a key.</summary>
/// <param name="Role">The weakest role the route accepts: open, read, write or admin.</param>
/// <param name="UsesNamespace">Whether the route acts in the request's namespace (and so refuses bad namespace headers).</param>
public sealed record AttackRoute(string Name, HttpMethod Method, string Path, string Role, JsonObject? ValidBody = null, bool UsesNamespace = false, bool Stores = false)
{
    public bool Open => Role == "open";
}

/// <summary>
/// Every route of the gateway. <c>{coord}</c> and <c>{id}</c> are filled by the generator; a new route joins
/// the suite by adding a line here.
/// </summary>
public static class AttackRoutes
{
    /// <summary>The canary memory that every mutated store and bulk body aims at; it must never change.</summary>
    public const string CanaryCoord = "77.5,88.25";

    public static IReadOnlyList<AttackRoute> All { get; } = Build();

    public static JsonObject StoreBody(string coord) => new()
    {
        ["coord"] = coord,
        ["payload"] = new JsonObject { ["text"] = "mutated", ["n"] = 1 },
        ["memory_type"] = "episodic",
        ["metadata"] = new JsonObject { ["source"] = "attack" },
        ["importance"] = 0.5,
        ["ttl_seconds"] = 3600,
        ["text"] = "mutated text",
        ["vector"] = new JsonArray([.. Enumerable.Range(0, 384).Select(i => (JsonNode)JsonValue.Create(i == 3 ? 1.0 : 0.0))]),
    };

    private static List<AttackRoute> Build() =>
    [
        new("root", HttpMethod.Get, "/", "open"),
        new("ping", HttpMethod.Get, "/ping", "open"),
        new("healthz", HttpMethod.Get, "/healthz", "open"),
        new("readyz", HttpMethod.Get, "/readyz", "open"),
        new("health", HttpMethod.Get, "/health", "admin"),
        new("stats", HttpMethod.Get, "/stats", "read", UsesNamespace: true),
        new("store", HttpMethod.Post, "/memories", "write", StoreBody(CanaryCoord), UsesNamespace: true, Stores: true),
        new("get", HttpMethod.Get, "/memories/{coord}", "read", UsesNamespace: true),
        new("delete", HttpMethod.Delete, "/memories/{coord}", "write", UsesNamespace: true),
        new("search", HttpMethod.Post, "/memories/search", "read", UsesNamespace: true, ValidBody: new JsonObject
        {
            ["query"] = "canary",
            ["top_k"] = 5,
            ["offset"] = 0,
            ["memory_type"] = "episodic",
            ["mode"] = "hybrid",
            ["min_score"] = 0.0,
            ["filters"] = new JsonObject { ["source"] = "attack" },
        }),
        new("search (query string)", HttpMethod.Get, "/memories/search", "read", UsesNamespace: true),
        new("bulk", HttpMethod.Post, "/memories/bulk", "write", new JsonObject { ["items"] = new JsonArray(StoreBody(CanaryCoord)) }, UsesNamespace: true, Stores: true),
        new("create key", HttpMethod.Post, "/admin/api-keys", "admin", new JsonObject
        {
            ["name"] = "attack",
            ["roles"] = new JsonArray("read"),
            ["namespaces"] = new JsonArray("attack-ns"),
            ["default_namespace"] = "attack-ns",
            ["expires_at"] = "2999-01-01T00:00:00Z",
        }),
        new("list keys", HttpMethod.Get, "/admin/api-keys", "admin"),
        new("get key", HttpMethod.Get, "/admin/api-keys/{id}", "admin"),
        new("revoke key", HttpMethod.Delete, "/admin/api-keys/{id}", "admin"),
        new("rotate key", HttpMethod.Post, "/admin/api-keys/{id}/rotate", "admin"),
        new("audit", HttpMethod.Get, "/admin/audit", "admin"),
        new("dashboard", HttpMethod.Get, "/dashboard/", "admin"),
        new("link", HttpMethod.Post, "/graph/link", "write", LinkBody(), UsesNamespace: true),
        new("bulk links", HttpMethod.Post, "/graph/links", "write", new JsonObject { ["links"] = new JsonArray(LinkBody()) }, UsesNamespace: true),
        new("neighbors", HttpMethod.Get, "/graph/neighbors?coord=1&k_hop=2", "read", UsesNamespace: true),
        new("path", HttpMethod.Get, "/graph/path?from_coord=1&to_coord=2", "read", UsesNamespace: true),
        new("batch search", HttpMethod.Post, "/memories/search/batch", "read", new JsonObject { ["queries"] = new JsonArray(new JsonObject { ["query"] = "attack", ["top_k"] = 3 }) }, UsesNamespace: true),
        new("delete many", HttpMethod.Post, "/memories/delete", "write", new JsonObject { ["coords"] = new JsonArray("5,5") }, UsesNamespace: true),
        new("export", HttpMethod.Get, "/memories/export", "read", UsesNamespace: true),
        new("history", HttpMethod.Get, "/memories/{coord}/history", "read", UsesNamespace: true),
        new("namespace policy", HttpMethod.Get, "/namespaces/attack-ns", "admin"),
        new("set namespace policy", HttpMethod.Put, "/namespaces/attack-ns", "admin", new JsonObject { ["importance_half_life_seconds"] = 3600 }),
    ];

    private static JsonObject LinkBody() => new()
    {
        ["from_coord"] = CanaryCoord,
        ["to_coord"] = "1,2",
        ["link_type"] = "attack",
        ["strength"] = 2.5,
        ["metadata"] = new JsonObject { ["source"] = "attack" },
    };
}
