using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.IntegrationTests;

/// <summary>
/// Postgres is the truth and the vector index is derived: changes committed while no event reached an indexer
/// (publishing switched off, as if the silo died between commit and indexing) are replayed after a restart, with
/// nothing missing and nothing duplicated, whether the index is rebuilt from scratch or loaded from its file.
/// </summary>
public sealed class IndexReconcilerTests
{
    private const string Namespace = "reconcile";

    [Fact]
    public async Task The_index_catches_up_with_postgres_after_restarts_without_events()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("reconcile");
        var indexes = Path.Combine(Path.GetTempPath(), "soma-reconcile-" + Guid.NewGuid().ToString("N")[..8]);
        var silent = new Dictionary<string, string?> { ["Soma:Indexing:PublishChanges"] = "false", ["Soma:Indexing:DataPath"] = indexes };
        var normal = new Dictionary<string, string?> { ["Soma:Indexing:DataPath"] = indexes };
        try
        {
            // 1. Twenty memories committed, no event published: all of them lag.
            await using (var grid = new GatewayFactory(connectionString, silent))
            {
                using var client = grid.CreateAuthorizedClient(Namespace);
                await StoreAsync(client, Enumerable.Range(1, 20));
                Assert.Equal(20, await LagAsync(client));
            }

            Assert.Equal(20, await CountAsync(connectionString, "indexed_version < version"));

            // 2. No index file yet: the first search rebuilds the index from Postgres and stamps every row.
            await using (var grid = new GatewayFactory(connectionString, normal))
            {
                using var client = grid.CreateAuthorizedClient(Namespace);
                Assert.Equal(Enumerable.Range(1, 20), await AllFoundAsync(client, 50));
                Assert.Equal(0, await LagAsync(client));
            }

            // 3. More changes with no events: five new memories and two deletes.
            await using (var grid = new GatewayFactory(connectionString, silent))
            {
                using var client = grid.CreateAuthorizedClient(Namespace);
                await StoreAsync(client, Enumerable.Range(21, 5));
                await (await client.DeleteAsync("/memories/3")).AssertOkJsonAsync();
                await (await client.DeleteAsync("/memories/22")).AssertOkJsonAsync();
                // Lag counts rows: memory 22 was stored and deleted here, one lagging row; 21..25 and 3 make six.
                Assert.Equal(6, await LagAsync(client));
            }

            // 4. The saved file is loaded and only the lagging rows are replayed.
            await using (var grid = new GatewayFactory(connectionString, normal))
            {
                using var client = grid.CreateAuthorizedClient(Namespace);
                var expected = Enumerable.Range(1, 25).Except([3, 22]).ToArray();
                Assert.Equal(expected, await AllFoundAsync(client, 50));
                Assert.Equal(0, await LagAsync(client));
                Assert.Equal(0, await CountAsync(connectionString, "indexed_version < version"));
            }

            // 5. Another silo (its own index folder) indexes and stamps three more memories...
            var elsewhere = new Dictionary<string, string?> { ["Soma:Indexing:DataPath"] = indexes + "-elsewhere" };
            await using (var grid = new GatewayFactory(connectionString, elsewhere))
            {
                using var client = grid.CreateAuthorizedClient(Namespace);
                await StoreAsync(client, Enumerable.Range(26, 3));
                // These arrive through the change stream, tens of ms after their stores: wait for them.
                var found = 0;
                for (var attempt = 0; attempt < 100 && found != 26; attempt++)
                {
                    found = (await AllFoundAsync(client, 50)).Length;
                    await Task.Delay(found == 26 ? 0 : 50);
                }

                Assert.Equal(26, found);
            }

            Assert.Equal(0, await CountAsync(connectionString, "indexed_version < version"));

            // 6. ...so nothing lags, yet the first folder's file predates them: loading it must still bring them in.
            await using (var grid = new GatewayFactory(connectionString, normal))
            {
                using var client = grid.CreateAuthorizedClient(Namespace);
                Assert.Equal(Enumerable.Range(1, 28).Except([3, 22]), await AllFoundAsync(client, 50));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
            Directory.Delete(indexes, recursive: true);
            Directory.Delete(indexes + "-elsewhere", recursive: true);
        }
    }

    private static async Task StoreAsync(HttpClient client, IEnumerable<int> numbers)
    {
        foreach (var number in numbers)
        {
            await (await client.PostAsJsonAsync("/memories", new { coord = $"{number}", payload = new { n = number, text = $"memory number {number}" } })).AssertOkJsonAsync();
        }
    }

    /// <summary>Every memory the vector index returns, by number, sorted; the count also proves no duplicates.</summary>
    private static async Task<int[]> AllFoundAsync(HttpClient client, int topK)
    {
        var response = await (await client.PostAsJsonAsync("/memories/search", new { query = "memory number", mode = "vector", top_k = topK })).AssertOkJsonAsync();
        var numbers = response.GetProperty("memories").EnumerateArray().Select(hit => hit.GetProperty("payload").GetProperty("n").GetInt32()).ToArray();
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
        return numbers.Order().ToArray();
    }

    private static async Task<long> LagAsync(HttpClient client)
    {
        var health = await (await client.GetAsync("/health")).AssertOkJsonAsync();
        return health.GetProperty("index_lag").GetProperty("pending").GetInt64();
    }

    private static async Task<long> CountAsync(string connectionString, string condition)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM memories WHERE namespace = '{Namespace}' AND {condition}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
