using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Postgres.Security;
using SomaMemory.Security;
using Xunit.Abstractions;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>
/// Every route gets generated hostile input (see <see cref="AttackCaseGenerator"/>). None of it may yield a 5xx,
/// refused requests must be refused with a ProblemDetails, accepted payloads must read back exactly as sent, and
/// the canary memories every refused body aims at must read back unchanged.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AttackSuiteTests(GatewayFixture gateway, ITestOutputHelper output)
{
    private const string SecondCanary = "0.125,-3";

    [Fact]
    public async Task No_generated_attack_yields_a_server_error_or_changes_stored_data()
    {
        var ns = ApiKeyClients.FreshNamespace("attack");
        using var owner = gateway.Factory.CreateAuthorizedClient(ns);
        await (await owner.StoreAsync(AttackRoutes.CanaryCoord, new { text = "canary one", n = 1 })).AssertOkJsonAsync();
        await (await owner.StoreAsync(SecondCanary, new { text = "canary two", n = 2 })).AssertOkJsonAsync();
        var before = await SnapshotAsync(owner);
        var cases = AttackCaseGenerator.Generate(ns, await CredentialsAsync(ns));

        var failures = new ConcurrentBag<string>();
        var unsendable = 0;
        using var client = gateway.Factory.CreateClient();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (attack, cancellationToken) =>
        {
            HttpResponseMessage response;
            try
            {
                using var request = attack.ToRequest();
                response = await client.SendAsync(request, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or FormatException or UriFormatException)
            {
                // The client itself would not send this (a NUL in a header, say): nothing reached the gateway.
                Interlocked.Increment(ref unsendable);
                return;
            }

            using (response)
            {
                if (await CheckAsync(attack, response, owner) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        });

        var byCategory = cases.GroupBy(attack => attack.Category).OrderBy(group => group.Key).Select(group => $"{group.Key}: {group.Count()}");
        output.WriteLine($"Attack suite: {cases.Count} cases over {AttackRoutes.All.Count} routes ({string.Join(", ", byCategory)}); {unsendable} not sendable by HttpClient.");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} cases failed:\n{string.Join("\n", failures.Take(40))}");
        Assert.True(cases.Count > 1000, $"only {cases.Count} cases were generated");
        Assert.Equal(before, await SnapshotAsync(owner));
    }

    private static async Task<string?> CheckAsync(AttackCase attack, HttpResponseMessage response, HttpClient owner)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var ok = attack.Expectation switch
        {
            AttackExpectation.NoServerError or AttackExpectation.RoundTrip => status < 500,
            AttackExpectation.Refused => status is >= 400 and < 500,
            AttackExpectation.Unauthorized => status == 401,
            AttackExpectation.Forbidden => status == 403,
            _ => false,
        };
        if (!ok)
        {
            return $"{attack.Describe()} expected {attack.Expectation} but got {status}: {Shorten(body)}";
        }

        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{attack.Describe()} answered {status} without a ProblemDetails body: {Shorten(body)}";
        }

        if (attack.Expectation == AttackExpectation.RoundTrip && status < 300)
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, "/memories/" + attack.RoundTripCoord);
            var stored = JsonNode.Parse(await (await owner.SendAsync(read)).Content.ReadAsStringAsync())?["memory"]?["payload"];
            if (!JsonNode.DeepEquals(JsonNode.Parse(attack.RoundTripPayload!), stored))
            {
                return $"{attack.Describe()} was stored as {stored?.ToJsonString()}";
            }
        }

        return null;
    }

    private async Task<AttackCredentials> CredentialsAsync(string ns)
    {
        using var admin = gateway.Factory.CreateAuthorizedClient();
        var revoked = await gateway.Factory.IssueAsync(["admin"], ["*"]);
        await (await admin.DeleteAsync($"/admin/api-keys/{revoked.Id}")).AssertOkJsonAsync();
        var rotated = await gateway.Factory.IssueAsync(["admin"], ["*"]);
        await (await admin.PostAsync($"/admin/api-keys/{rotated.Id}/rotate?grace_seconds=0", null)).AssertOkJsonAsync();
        var readOnly = await gateway.Factory.IssueAsync(["read"], [ns]);

        var expired = "soma_expired_" + Guid.NewGuid().ToString("N");
        await using (var dataSource = NpgsqlDataSource.Create(gateway.Factory.ConnectionString))
        {
            var created = DateTimeOffset.UtcNow.AddDays(-3);
            await new PostgresApiKeyRepository(dataSource).CreateAsync(
                new ApiKey("key_attack" + Guid.NewGuid().ToString("N")[..6], "expired", ["admin"], ["*"], "default", created, created.AddDays(1), null, "test"),
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expired)));
        }

        return new AttackCredentials(Testing.GatewayFactory.Token, expired, revoked.Secret, rotated.Secret, readOnly.Secret);
    }

    private static async Task<string> SnapshotAsync(HttpClient owner)
    {
        var parts = new List<string>();
        foreach (var coord in new[] { AttackRoutes.CanaryCoord, SecondCanary })
        {
            var memory = (await (await owner.GetAsync($"/memories/{coord}")).AssertOkJsonAsync()).GetProperty("memory");
            parts.Add($"{memory.GetProperty("payload").GetRawText()}|{memory.GetProperty("metadata").GetRawText()}|{memory.GetProperty("memory_type").GetString()}|v{memory.GetProperty("version").GetInt64()}|{memory.GetProperty("expires_at")}");
        }

        return string.Join("\n", parts);
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
