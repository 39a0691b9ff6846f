using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.IntegrationTests;

/// <summary>The grid against a real Postgres across stops and starts: what was acknowledged is never lost.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task A_memory_survives_stopping_and_starting_the_grid_with_the_same_fields()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("restart");
        try
        {
            JsonElement before;
            await using (var first = new GatewayFactory(connectionString))
            {
                using var client = first.CreateAuthorizedClient("durable");
                await (await client.PostAsJsonAsync("/memories", new Dictionary<string, object>
                {
                    ["coord"] = "3.25,-1,0",
                    ["payload"] = new { text = "remember me", tags = "a b" },
                    ["memory_type"] = "semantic",
                    ["metadata"] = new { source = "restart-test" },
                    ["importance"] = 0.75,
                })).AssertOkJsonAsync();
                before = (await (await client.GetAsync("/memories/3.25,-1,0")).AssertOkJsonAsync()).GetProperty("memory");
            }

            await using var second = new GatewayFactory(connectionString);
            using var again = second.CreateAuthorizedClient("durable");
            var after = (await (await again.GetAsync("/memories/3.25,-1.0,0.0")).AssertOkJsonAsync()).GetProperty("memory");

            foreach (var field in new[] { "coordinate", "coordinate_key", "payload", "memory_type", "metadata", "created_at", "updated_at", "version", "expires_at" })
            {
                Assert.Equal(before.GetProperty(field).GetRawText(), after.GetProperty(field).GetRawText());
            }

            // The first grid's read reinforced the importance (default policy: +0.1 a read, decay negligible over seconds).
            Assert.Equal(0.75, before.GetProperty("importance").GetDouble());
            Assert.Equal(0.85, after.GetProperty("importance").GetDouble(), 4);

            // The first grid's read was coalesced in its node grain and flushed when that grid stopped.
            Assert.Equal(2, after.GetProperty("access_count").GetInt64());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Links_survive_stopping_and_starting_the_grid()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("restart_links");
        try
        {
            string before;
            await using (var first = new GatewayFactory(connectionString))
            {
                using var client = first.CreateAuthorizedClient("durable");
                await (await client.PostAsJsonAsync("/graph/link", new { from_coord = "1", to_coord = "2", link_type = "cause", strength = 0.5, metadata = new { why = "test" } })).AssertOkJsonAsync();
                await (await client.PostAsJsonAsync("/graph/link", new { from_coord = "2", to_coord = "3", link_type = "then" })).AssertOkJsonAsync();
                before = (await (await client.GetAsync("/graph/neighbors?coord=1&k_hop=2")).AssertOkJsonAsync()).GetRawText();
            }

            await using var second = new GatewayFactory(connectionString);
            using var again = second.CreateAuthorizedClient("durable");
            var after = (await (await again.GetAsync("/graph/neighbors?coord=1&k_hop=2")).AssertOkJsonAsync()).GetRawText();
            var path = await (await again.GetAsync("/graph/path?from_coord=1&to_coord=3")).AssertOkJsonAsync();

            Assert.Equal(before, after);
            Assert.Contains("\"why\":\"test\"", after, StringComparison.Ordinal);
            Assert.Equal(["cause", "then"], path.GetProperty("link_types").EnumerateArray().Select(type => type.GetString()));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_coordinate_through_http_leave_one_row_at_the_last_version()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("upserts");
        try
        {
            await using var gateway = new GatewayFactory(connectionString);
            using var client = gateway.CreateAuthorizedClient("race");
            string[] spellings = ["1,2", "1.0,2.0", " 1, 2 ", "1e0,2e0"];
            const int writers = 40;

            var responses = await Task.WhenAll(Enumerable.Range(0, writers).Select(async i =>
                await (await client.StoreAsync(spellings[i % spellings.Length], new { writer = i })).AssertOkJsonAsync()));

            Assert.Equal(Enumerable.Range(1, writers).Select(v => (long)v), responses.Select(r => r.GetProperty("version").GetInt64()).Order());
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*), max(version), min(payload->>'writer') FROM memories WHERE namespace = 'race'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(1, reader.GetInt64(0));
            Assert.Equal(writers, reader.GetInt64(1));
            var lastWriter = responses.Select((r, i) => (Version: r.GetProperty("version").GetInt64(), Writer: i)).Single(r => r.Version == writers).Writer;
            Assert.Equal(lastWriter.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
