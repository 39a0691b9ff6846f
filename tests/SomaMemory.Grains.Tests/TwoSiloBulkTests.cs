using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SomaMemory.Contracts;
using SomaMemory.Grains.Memories;
using SomaMemory.Silo.Hosting;
using SomaMemory.Testing;

namespace SomaMemory.Grains.Tests;

/// <summary>A bulk store refreshes the node grains that hold its rows on every silo, not only its own.</summary>
public sealed class TwoSiloBulkTests : IAsyncLifetime
{
    private OwnDatabaseCluster _grid = null!;

    public async Task InitializeAsync() => _grid = await OwnDatabaseCluster.StartAsync("twosilo", silos: 2);

    public async Task DisposeAsync() => await _grid.DisposeAsync();

    private static float[] Vector(int hot) => [.. Enumerable.Range(0, NamespacePolicy.Default.VectorDimension).Select(d => d == hot ? 1f : 0.01f)];

    [Fact]
    public async Task Node_grains_active_on_either_silo_answer_the_rows_a_bulk_store_replaced()
    {
        var memoryNamespace = "two-" + Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, 40).Select(i => $"{i}.0").ToArray();
        // Each silo activates half of the grains, so that both hold some (checked below through their registries).
        for (var i = 0; i < keys.Length; i++)
        {
            var grains = _grid.Cluster.Silos[i % 2].ServiceProvider.GetRequiredService<IGrainFactory>();
            var node = grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, keys[i]));
            await node.StoreAsync(new StoreMemoryCommand { PayloadJson = """{"v":"old"}""", Vector = Vector(i) });
            Assert.NotNull(await node.GetAsync());
        }

        Assert.All(_grid.Cluster.Silos, silo => Assert.True(silo.ServiceProvider.GetRequiredService<ActiveMemoryNodes>().Count > 0, $"no node grain active on {silo.SiloAddress}"));

        var items = keys.Select((key, i) => new BulkItem(i, key, new StoreMemoryCommand { PayloadJson = """{"v":"new"}""", Vector = Vector(i) })).ToArray();
        var result = await _grid.Cluster.Client.GetGrain<IMemoryBulkGrain>(0).StoreManyAsync(memoryNamespace, items);

        Assert.Equal(40, result.Stored);
        foreach (var key in keys)
        {
            var read = await _grid.Cluster.Client.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, key)).GetAsync();
            Assert.NotNull(read);
            Assert.Equal(2, read.Version);
            Assert.Contains("new", read.PayloadJson, StringComparison.Ordinal);
        }
    }
}
