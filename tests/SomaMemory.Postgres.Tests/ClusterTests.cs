using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SomaMemory.Postgres.Tests.Grains;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>Real silos and a real client that meet only through the membership table (section 9, check 8).</summary>
[Collection(SharedSilo.Name)]
public sealed class ClusterTests(SiloFixture fixture)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Second_silo_joins_a_client_finds_a_gateway_through_the_table_and_calls_grains()
    {
        // The fixture's silo is already Active.
        Assert.Equal(1L, await CountAsync(Active));

        IHost? second = null;
        IHost? client = null;
        try
        {
            second = await TestSilos.StartSiloAsync(fixture.ConnectionString, fixture.ClusterId, fixture.ServiceId);
            await WaitUntilAsync(async () => await CountAsync(Active) == 2, "both silos Active in the table");

            // Both silos see each other as Active.
            foreach (var silo in new[] { fixture.Silo, second })
            {
                var management = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
                await WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "two active hosts");
            }

            // The client knows nothing but the table: it reads the gateways (GatewaysQueryKey) and calls grains.
            client = await TestSilos.StartClientAsync(fixture.ConnectionString, fixture.ClusterId, fixture.ServiceId);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var hosts = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 40 && hosts.Count < 2; i++)
            {
                hosts.Add(await grains.GetGrain<IPingGrain>($"ping:{i}").Where());
            }

            Assert.Equal(2, hosts.Count);

            // State written through one silo's provider is read through the other's.
            var counter = grains.GetGrain<ICounterGrain>($"counter:{Guid.NewGuid():N}");
            Assert.Equal(7, await counter.Add(7));
        }
        finally
        {
            await TestSilos.StopAsync(client);
            await TestSilos.StopAsync(second);
        }

        // The stopped silo marked itself Dead; the fixture's silo stays Active.
        Assert.Equal(1L, await CountAsync(Active));
        Assert.Equal(1L, await CountAsync(Dead));
    }

    private Task<long> CountAsync(int status) => Sql.ScalarAsync<long>(
        fixture.ConnectionString,
        "SELECT count(*) FROM orleans_membership WHERE deploymentid = @cluster AND status = @status",
        ("cluster", fixture.ClusterId),
        ("status", status));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
