using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;
using SomaMemory.Testing;

namespace SomaMemory.Postgres.Tests.Support;

/// <summary>In-process silos and clients wired to the ADO.NET providers with Invariant = Npgsql.</summary>
internal static class TestSilos
{
    public const string Invariant = "Npgsql";

    /// <summary>The default storage: clear keeps the row (ClearStorageKey).</summary>
    public const string Store = "store";

    /// <summary>A second provider instance over the same table: its own catalog load, the same records.</summary>
    public const string StoreTwin = "store-twin";

    /// <summary>DeleteStateOnClear = true (DeleteStorageKey).</summary>
    public const string DeletingStore = "store-deleting";

    /// <summary>Every grain hashes to the same values: the queries must match the full identity.</summary>
    public const string CollidingStore = "store-colliding";

    public static async Task<IHost> StartSiloAsync(string connectionString, string clusterId, string serviceId)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1]);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
            silo.AddAdoNetGrainStorage(Store, options => Storage(options, connectionString));
            silo.AddAdoNetGrainStorage(StoreTwin, options => Storage(options, connectionString));
            silo.AddAdoNetGrainStorage(DeletingStore, options =>
            {
                Storage(options, connectionString);
                options.DeleteStateOnClear = true;
            });
            silo.AddAdoNetGrainStorage(CollidingStore, options =>
            {
                Storage(options, connectionString);
                options.HashPicker = new ConstantHashPicker();
            });
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId, string serviceId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    public static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(timeout.Token);
        }
        finally
        {
            host.Dispose();
        }
    }

    public static IGrainStorage GetStorage(this IHost silo, string name) =>
        silo.Services.GetRequiredKeyedService<IGrainStorage>(name);

    private static void Storage(AdoNetGrainStorageOptions options, string connectionString)
    {
        options.Invariant = Invariant;
        options.ConnectionString = connectionString;
    }
}
