using System.Text.Json;
using Npgsql;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.IntegrationTests.Support;
using SomaMemory.Testing;

namespace SomaMemory.IntegrationTests;

/// <summary>
/// The gateway apart from the silos: a silo runs as its own process, a gateway in client mode finds it through the
/// ADO.NET membership table, and a second silo (a co-hosted gateway) joins the same cluster.
/// </summary>
public sealed class SeparateProcessTests
{
    [Fact]
    public async Task A_client_mode_gateway_serves_through_a_silo_in_another_process_and_a_second_silo_joins()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("split");
        var clusterId = "split-" + Guid.NewGuid().ToString("N")[..8];
        var ports = FreePorts.Take(2);
        var silo = SiloProcess.Start(connectionString, clusterId, ports[0], ports[1]);
        try
        {
            var clientMode = new Dictionary<string, string?> { ["Soma:Gateway:Mode"] = "Client", ["Soma:Cluster:ClusterId"] = clusterId };
            await using var gateway = new GatewayFactory(connectionString, clientMode);
            using var client = gateway.CreateAuthorizedClient("split");

            await (await client.StoreAsync("1,2,3", new { text = "through the client" })).AssertOkJsonAsync();
            var memory = (await (await client.GetAsync("/memories/1,2,3")).AssertOkJsonAsync()).GetProperty("memory");
            Assert.Equal("through the client", memory.GetProperty("payload").GetProperty("text").GetString());
            Assert.Equal(1, await CountRowsAsync(connectionString));
            Assert.Equal("1 active silo(s)", await ClusterDetailAsync(client));

            // A co-hosted gateway is a second silo of the same cluster.
            await using var secondSilo = new GatewayFactory(connectionString, new Dictionary<string, string?> { ["Soma:Cluster:ClusterId"] = clusterId });
            using var secondClient = secondSilo.CreateAuthorizedClient("split");
            var fromSecond = (await (await secondClient.GetAsync("/memories/1.0,2.0,3.0")).AssertOkJsonAsync()).GetProperty("memory");
            Assert.Equal("through the client", fromSecond.GetProperty("payload").GetProperty("text").GetString());
            Assert.Equal("2 active silo(s)", await ClusterDetailAsync(secondClient));
        }
        catch
        {
            // The silo's own log is the only view into the other process when this fails.
            Console.Error.WriteLine("Silo process output:\n" + silo.Output);
            throw;
        }
        finally
        {
            await silo.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<long> CountRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM memories WHERE namespace = 'split'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string?> ClusterDetailAsync(HttpClient client)
    {
        var health = await (await client.GetAsync("/health")).AssertOkJsonAsync();
        return health.GetProperty("services").EnumerateArray()
            .Single(service => service.GetProperty("name").GetString() == "orleans-cluster")
            .GetProperty("details").GetString();
    }
}
