using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Streams;
using SomaMemory.Contracts;
using SomaMemory.Grains;
using SomaMemory.Grains.Memories;
using SomaMemory.Grains.Namespaces;
using SomaMemory.Grains.Placement;
using SomaMemory.Hosting;
using SomaMemory.Postgres;

namespace SomaMemory.Silo.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Everything a SomaMemory silo needs except membership and endpoints: the Postgres repositories and migrations,
    /// grain storage and reminders on Postgres, and the dashboard. Tests that bring their own clustering use this.
    /// </summary>
    public static ISiloBuilder AddSomaMemoryGrid(this ISiloBuilder silo, string postgresConnectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSomaPostgres();
        // The Orleans providers and the repositories must use one database, so the grid's string wins.
        silo.Services.PostConfigure<PostgresOptions>(options => options.ConnectionString = postgresConnectionString);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<MemoryNodeOptions>()
            .BindConfiguration(MemoryNodeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.AddOptions<LifecycleOptions>()
            .BindConfiguration(LifecycleOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrateOnSiloStart>();
        silo.Services.AddSingleton<ActiveMemoryNodes>();
        silo.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();
        silo.Services.AddSomaRecall();

        // Memory streams carry change events to the indexers. They are not durable, and need not be: Postgres
        // records what each index holds, and the reconciler replays anything an event did not bring.
        // A short polling period keeps search near-real-time: a stored memory is searchable tens of ms later.
        silo.AddMemoryStreams(MemoryStreams.Provider, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20)));
        });

        silo.AddAdoNetGrainStorage(SomaStorage.GrainStateProvider, options =>
        {
            options.Invariant = SomaClusterOptions.NpgsqlInvariant;
            options.ConnectionString = postgresConnectionString;
            options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer();
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = SomaClusterOptions.NpgsqlInvariant;
            options.ConnectionString = postgresConnectionString;
        });
        silo.AddDashboard();
        silo.AddActivityPropagation();
        return silo;
    }

    /// <summary>
    /// A full silo: the grid plus ADO.NET membership on Postgres, so that further silos and separate gateways can
    /// join, and Kubernetes hosting when running in a pod.
    /// </summary>
    public static IHostApplicationBuilder AddSomaMemorySilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SiloHostOptions>()
            .BindConfiguration(SiloHostOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => System.Net.IPAddress.TryParse(options.AdvertisedAddress, out _), "Soma:Silo:AdvertisedAddress must be an IP address.")
            .ValidateOnStart();

        builder.Services.AddOptions<SomaClusterOptions>()
            .BindConfiguration(SomaClusterOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var clusterOptions = builder.Configuration.GetSection(SomaClusterOptions.SectionName).Get<SomaClusterOptions>() ?? new SomaClusterOptions();
        var hostOptions = builder.Configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var connectionString = builder.Configuration[$"{PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}"] ?? "";

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterOptions.ClusterId;
                options.ServiceId = clusterOptions.ServiceId;
            });
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = SomaClusterOptions.NpgsqlInvariant;
                options.ConnectionString = connectionString;
            });

            if (Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 })
            {
                // Sets the pod's endpoints and cluster ids from the downward API; membership stays on Postgres.
                silo.UseKubernetesHosting();
            }
            else if (System.Net.IPAddress.TryParse(hostOptions.AdvertisedAddress, out var address))
            {
                silo.ConfigureEndpoints(address, hostOptions.SiloPort, hostOptions.GatewayPort, hostOptions.ListenOnAnyAddress);
            }

            silo.AddSomaMemoryGrid(connectionString);
        });
        return builder;
    }
}
