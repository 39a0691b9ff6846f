using System.Text;
using System.Text.Json.Nodes;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>The credentials the generator uses: a good token and keys that must not work.</summary>
public sealed record AttackCredentials(string GoodToken, string ExpiredKey, string RevokedKey, string RotatedOutKey, string ReadOnlyKey);

/// <summary>
/// Generates the attack suite from the route table: broken JSON, wrong types, huge strings, deep nesting,
/// NaN and Infinity, unicode edge cases, hostile paths, query strings and headers, and bad credentials.
/// </summary>
public static class AttackCaseGenerator
{
    private const int BodyLimit = 5 * 1024 * 1024;

    private static readonly string[] MalformedBodies =
    [
        "", " ", "{", "}", "[", "]", "{\"coord\":", "{'coord':'1'}", "{\"coord\":\"1\",}", "{\"coord\" \"1\"}", "null", "[]", "[{}]", "123",
        "\"text\"", "true", "{\"a\":1}{\"b\":2}", "{\"coord\":NaN}", "{\"coord\":Infinity}", "{\"importance\":-Infinity}", "{\"importance\":NaN}",
        "/* comment */ {}", "{\"coord\":\"1\"} trailing", "{\"coord\":\"\\x41\"}", "{\"coord\":\"\\u12\"}", "{\"coord\":\"unterminated}", "\u0000",
        "{\"coord\":01}", "{\"coord\":.5}", "{\"coord\":+1}", "{\"coord\":0x10}", "{\"payload\":{\"a\":}}",
    ];

    private static readonly (string Name, Func<JsonNode?> Value)[] WrongValues =
    [
        ("zero", () => JsonValue.Create(0)),
        ("negative", () => JsonValue.Create(-1)),
        ("fraction", () => JsonValue.Create(1.5)),
        ("huge number", () => JsonNode.Parse("1e308")),
        ("string", () => JsonValue.Create("a string")),
        ("true", () => JsonValue.Create(true)),
        ("false", () => JsonValue.Create(false)),
        ("array", () => new JsonArray(1, 2)),
        ("nested array", () => new JsonArray(new JsonArray())),
        ("object", () => new JsonObject { ["x"] = 1 }),
        ("empty object", () => new JsonObject()),
    ];

    private static readonly string[] NumericEdges = ["NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "-0", "123456789012345678901234567890"];

    private static readonly string[] UnicodeEdges =
    [
        "\\u0000", "a\\u0000b", "\\ud800", "\\udfff", "\\udc00\\ud800", "\\uffff", "\\ufffe", "\\ufeff", "\\u202e\\u0041", "\\u200b",
        "😀", "e\\u0301", "\\u00e9", "\\u0130", "\\u03a3\\u03c2", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\\u0007\\u001b[31m", "\\r\\n\\t", "'; DROP TABLE memories; --", "%00%2e%2e",
        "\\u2028\\u2029", "١٢٣", "\\ud83d\\ude00", "null", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}",
    ];

    private static readonly string[] HostilePathSegments =
    [
        "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "%00", "1%00", "%ff", "%c0%af", "%2e%2e", "..", "%2e%2e%2f%2e%2e%2fadmin%2fapi-keys", "%20",
        "1;DROP%20TABLE%20memories", "'", "%22", "1%0d%0aX-Injected:%20y", "%F0%9F%98%80", "%D9%A1", "1,2,", ",", "1,,2", "0x10", "1e5", "--1",
        "%E2%80%AE1", "*", "%2a", "key_%00", new string('9', 10_000), string.Join(",", Enumerable.Repeat("1", 2000)),
    ];

    private static readonly string[] HostileQueries =
    [
        "top_k=-1", "top_k=0", "top_k=99999999999", "top_k=1e10", "top_k=abc", "top_k=NaN", "offset=-1", "offset=2147483647", "min_score=NaN",
        "min_score=Infinity", "min_score=-1e309", "mode=zzz", "mode=", "memory_type=%00", "memory_type=semantic%00", "filters=not-json", "filters=%5B1%5D",
        "filters=%22str%22", "filters=null", "filters=" + Uri.EscapeDataString(Nest("[", "]", 10_000)), "filters=" + Uri.EscapeDataString("{\"a\":" + Nest("{\"a\":", "}", 100) + "1}"),
        "query=" + new string('q', 100_000), "query=%00", "query=%ED%A0%80", "top_k=1&top_k=2", "limit=-1", "limit=100000", "limit=abc", "action=%00",
        "key_id=" + new string('k', 5000), "grace_seconds=-1", "grace_seconds=1e9", "grace_seconds=%00",
        "coord=1&k_hop=99", "coord=1&k_hop=-1", "coord=nan", "coord=1e999", "coord=%00", "coord=1&direction=%00", "coord=1&link_type=%00",
        "coord=1&link_type=" + new string('t', 10_000), "from_coord=1&to_coord=2&max_length=2147483648", "from_coord=1&to_coord=2&weighted=%00",
        "from_coord=" + new string('1', 5000) + "&to_coord=2",
    ];

    private static readonly (string Name, string Value)[] HostileNamespaceHeaders =
    [
        ("X-Soma-Namespace", new string('n', 10_000)), ("X-Soma-Namespace", "a\u0001b"), ("X-Soma-Namespace", "ñamespace"), ("X-Soma-Namespace", ".."),
        ("X-Soma-Namespace", "../other"), ("X-Soma-Namespace", "*"), ("X-Soma-Namespace", " "), ("X-Soma-Tenant", "%00"), ("X-Soma-Tenant", "ns\u00e9"),
        ("X-Soma-Namespace", "ns;DROP TABLE memories"), ("X-Soma-Namespace", "-leading-dash"),
    ];

    public static IReadOnlyList<AttackCase> Generate(string memoryNamespace, AttackCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var good = "Bearer " + credentials.GoodToken;
        var headers = new[] { ("X-Soma-Namespace", memoryNamespace) };
        var cases = new List<AttackCase>();
        var counter = 0;
        string NextCoord() => $"9,{++counter}";

        foreach (var route in AttackRoutes.All)
        {
            var path = route.Path.Replace("{coord}", AttackRoutes.CanaryCoord, StringComparison.Ordinal).Replace("{id}", "key_doesnotexist", StringComparison.Ordinal);
            var validBody = route.ValidBody is null ? null : Encoding.UTF8.GetBytes(route.ValidBody.ToJsonString());
            if (!route.Open)
            {
                foreach (var authorization in BadCredentials(credentials))
                {
                    cases.Add(new AttackCase("credentials", route.Name, route.Method, path, validBody, AttackExpectation.Unauthorized, headers, authorization));
                }
            }

            foreach (var header in HostileNamespaceHeaders)
            {
                cases.Add(new AttackCase("headers", route.Name, route.Method, path, validBody, route.UsesNamespace ? AttackExpectation.Refused : AttackExpectation.NoServerError, [header], good));
            }

            if (!route.Open)
            {
                // A read-only key in its own namespace: read routes answer, write and admin routes are 403.
                var expectation = route.Role == "read" ? AttackExpectation.NoServerError : AttackExpectation.Forbidden;
                cases.Add(new AttackCase("roles", route.Name, route.Method, path, validBody, expectation, headers, "Bearer " + credentials.ReadOnlyKey));
            }

            if (route.Path.Contains('{', StringComparison.Ordinal))
            {
                foreach (var segment in HostilePathSegments)
                {
                    var hostile = route.Path.Replace("{coord}", segment, StringComparison.Ordinal).Replace("{id}", segment, StringComparison.Ordinal);
                    cases.Add(new AttackCase("paths", route.Name, route.Method, hostile, null, AttackExpectation.NoServerError, headers, good));
                }
            }

            if (route.Method == HttpMethod.Get || route.Name == "rotate key")
            {
                foreach (var query in HostileQueries)
                {
                    cases.Add(new AttackCase("query strings", route.Name, route.Method, path + "?" + query, null, AttackExpectation.NoServerError, headers, good));
                }
            }

            if (route.ValidBody is not null)
            {
                cases.AddRange(BodyCases(route, path, headers, good, NextCoord));
            }
        }

        return cases;
    }

    private static IEnumerable<string?> BadCredentials(AttackCredentials credentials) =>
    [
        null, "", "Bearer", "Bearer ", "Bearer  ", "Bearer wrong-token-0123456789", "Basic dXNlcjpwYXNz", "Token " + credentials.GoodToken,
        "Bearer " + credentials.GoodToken + "x", "Bearer " + credentials.GoodToken[..^1], "Bearer " + credentials.GoodToken.ToUpperInvariant(),
        "Bearer " + credentials.GoodToken + " extra", "Bearer tökén-ünïcode-0123456789", "Bearer " + new string('t', 8000), "Bearer \u0000",
        "Bearer " + credentials.ExpiredKey, "Bearer " + credentials.RevokedKey, "Bearer " + credentials.RotatedOutKey, "Bearer soma_",
        "Bearer soma_" + new string('A', 43),
    ];

    private static IEnumerable<AttackCase> BodyCases(AttackRoute route, string path, (string, string)[] headers, string good, Func<string> nextCoord)
    {
        AttackCase Case(string category, string body, AttackExpectation expectation, string? coord = null, string? payload = null) =>
            new(category, route.Name, route.Method, path, Encoding.UTF8.GetBytes(body), expectation, headers, good, coord, payload);

        // Bodies that may well be valid go to a fresh coordinate, so that only refused bodies aim at the canary.
        JsonObject Fresh(JsonObject body)
        {
            var copy = (JsonObject)body.DeepClone();
            if (copy.ContainsKey("coord"))
            {
                copy["coord"] = nextCoord();
            }

            return copy;
        }

        foreach (var body in MalformedBodies)
        {
            yield return Case("malformed JSON", body, AttackExpectation.Refused);
        }

        yield return new AttackCase("malformed JSON", route.Name, route.Method, path, [0x7B, 0x22, 0x63, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], AttackExpectation.Refused, headers, good);
        yield return new AttackCase("malformed JSON", route.Name, route.Method, path, [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], AttackExpectation.Refused, headers, good);
        // The item of a bulk body is a store body: its fields are mutated inside the items list.
        var (template, wrap) = route.Name == "bulk"
            ? (AttackRoutes.StoreBody(AttackRoutes.CanaryCoord), (Func<JsonObject, JsonObject>)(item => new JsonObject { ["items"] = new JsonArray(item) }))
            : (route.ValidBody!, item => item);
        yield return new AttackCase("malformed JSON", route.Name, route.Method, path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(wrap(Fresh(template)).ToJsonString())], AttackExpectation.NoServerError, headers, good);
        var bulkItemsRefused = route.Name == "bulk" ? AttackExpectation.NoServerError : AttackExpectation.Refused;

        foreach (var field in template.Select(property => property.Key).ToArray())
        {
            var original = template[field];
            foreach (var (name, value) in WrongValues)
            {
                var replacement = value();
                if (SameKind(original, replacement) || (field == "filters" && replacement is JsonObject))
                {
                    continue;
                }

                yield return Case("wrong types", wrap(With(template, field, replacement)).ToJsonString(), bulkItemsRefused);
            }

            if (original is JsonValue numeric && numeric.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            {
                foreach (var edge in NumericEdges)
                {
                    // Written as raw text: NaN and Infinity are not JSON, and 1e309 does not fit a double.
                    yield return Case("NaN and Infinity", wrap(Fresh(template)).ToJsonString().Replace($"\"{field}\":{original.ToJsonString()}", $"\"{field}\":{edge}", StringComparison.Ordinal), AttackExpectation.NoServerError);
                    yield return Case("NaN and Infinity", wrap(With(template, field, JsonValue.Create(edge))).ToJsonString(), bulkItemsRefused);
                }
            }

            if (original is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                var coord = route.Stores ? nextCoord() : null;
                var body = With(template, field, JsonValue.Create(new string('x', 1024 * 1024)));
                if (coord is not null && field != "coord")
                {
                    body["coord"] = coord;
                }

                yield return Case("huge strings", wrap(body).ToJsonString(), AttackExpectation.NoServerError);
                if (route.Name != "bulk")
                {
                    // Bulk takes large bodies; its limit is tested with small limits in LimitsTests.
                    yield return Case("huge strings", wrap(With(template, field, JsonValue.Create(new string('x', BodyLimit + 1)))).ToJsonString(), AttackExpectation.Refused);
                }
            }
        }

        foreach (var edge in UnicodeEdges)
        {
            var payload = $"{{\"text\":\"{edge}\",\"{edge}\":1}}";
            foreach (var field in new[] { "payload", "metadata", "text", "query", "name", "memory_type", "coord", "mode" })
            {
                if (!template.ContainsKey(field))
                {
                    continue;
                }

                var coord = route.Stores ? nextCoord() : null;

                var body = (JsonObject)template.DeepClone();
                if (coord is not null)
                {
                    body["coord"] = coord;
                }

                // A marker is put in and then replaced as text, because the edge cases must reach the wire as written.
                const string Marker = "@@MARK@@";
                body[field] = field is "payload" or "metadata" ? new JsonObject { ["m"] = Marker } : JsonValue.Create(Marker);
                var json = wrap(body).ToJsonString().Replace(field is "payload" or "metadata" ? "{\"m\":\"@@MARK@@\"}" : "\"@@MARK@@\"", field is "payload" or "metadata" ? payload : $"\"{edge}\"", StringComparison.Ordinal);
                var roundTrip = route.Name == "store" && field == "payload";
                yield return Case("unicode", json, roundTrip ? AttackExpectation.RoundTrip : AttackExpectation.NoServerError, roundTrip ? coord : null, roundTrip ? payload : null);
            }
        }

        foreach (var depth in new[] { 63, 65, 1000, 100_000 })
        {
            var field = template.ContainsKey("payload") ? "payload" : template.ContainsKey("filters") ? "filters" : "name";
            var nested = wrap(With(depth > 64 ? template : Fresh(template), field, JsonValue.Create("NEST"))).ToJsonString().Replace("\"NEST\"", Nest("{\"a\":", "}", depth, "1"), StringComparison.Ordinal);
            yield return Case("deep nesting", nested, depth > 64 ? AttackExpectation.Refused : AttackExpectation.NoServerError);
            var arrays = wrap(With(Fresh(template), field, JsonValue.Create("NEST"))).ToJsonString().Replace("\"NEST\"", Nest("[", "]", depth), StringComparison.Ordinal);
            yield return Case("deep nesting", arrays, depth > 64 ? AttackExpectation.Refused : AttackExpectation.NoServerError);
        }

        yield return Case("huge strings", "{\"pad\":\"" + new string('p', BodyLimit + 10) + "\"}", AttackExpectation.Refused);
        var duplicated = wrap(Fresh(template)).ToJsonString();
        yield return Case("duplicate fields", "{\"coord\":\"9,0.5\",\"query\":\"x\",\"name\":\"x\"," + duplicated[1..], AttackExpectation.NoServerError);
        yield return Case("case variants", wrap(Fresh(template)).ToJsonString().Replace("\"coord\"", "\"Coord\"", StringComparison.Ordinal).Replace("\"query\"", "\"QUERY\"", StringComparison.Ordinal), AttackExpectation.NoServerError);
    }

    private static bool SameKind(JsonNode? original, JsonNode? replacement) => (original, replacement) switch
    {
        (JsonObject, JsonObject) => true,
        (JsonArray, JsonArray) => true,
        (JsonValue a, JsonValue b) => a.GetValueKind() == b.GetValueKind()
            || (a.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False),
        _ => false,
    };

    private static JsonObject With(JsonObject template, string field, JsonNode? value)
    {
        var copy = (JsonObject)template.DeepClone();
        copy[field] = value;
        return copy;
    }

    private static string Nest(string open, string close, int depth, string inner = "") =>
        new StringBuilder().Insert(0, open, depth).Append(inner).Insert(open.Length * depth + inner.Length, close, depth).ToString();
}
