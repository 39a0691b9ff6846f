using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SomaMemory.Client.Orleans;
using Orleans.Configuration;
using SomaMemory.Hosting;

namespace SomaMemory.Client;

public static class ClientHostingExtensions
{
    /// <summary>The configuration key of the Postgres connection string that holds the membership table.</summary>
    public const string ConnectionStringKey = "Soma:Postgres:ConnectionString";

    /// <summary>
    /// Connects this process to a SomaMemory grid as an Orleans client and registers <see cref="ISomaMemory"/> over
    /// the grains, acting in <c>Soma:Client:Namespace</c> (default "default"). Gateways are discovered through the
    /// membership table in Postgres, so the client needs only the connection string and <c>Soma:Cluster</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSomaMemoryClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null) =>
        AddSomaMemoryClient(builder, _ => { }, configure);

    /// <inheritdoc cref="AddSomaMemoryClient(IHostApplicationBuilder, Action{IClientBuilder}?)"/>
    public static IHostApplicationBuilder AddSomaMemoryClient(this IHostApplicationBuilder builder, Action<SomaMemoryClientOptions> configureMemory, Action<IClientBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SomaMemoryClientOptions>()
            .BindConfiguration(SomaMemoryClientOptions.SectionName)
            .Configure(configureMemory)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ISomaMemory>(provider =>
            new OrleansSomaMemory(provider.GetRequiredService<IClusterClient>(), provider.GetRequiredService<IOptions<SomaMemoryClientOptions>>().Value.Namespace));
        builder.Services.AddOptions<SomaClusterOptions>()
            .BindConfiguration(SomaClusterOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var clusterOptions = builder.Configuration.GetSection(SomaClusterOptions.SectionName).Get<SomaClusterOptions>() ?? new SomaClusterOptions();
        var connectionString = builder.Configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"{ConnectionStringKey} (or SOMA_POSTGRES) must be set: clients find the silos through the membership table in Postgres.");
        }

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterOptions.ClusterId;
                options.ServiceId = clusterOptions.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = SomaClusterOptions.NpgsqlInvariant;
                options.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter(new WaitForSilosFilter(TimeSpan.FromSeconds(60)).ShouldRetryAsync);
            configure?.Invoke(client);
        });
        return builder;
    }

    /// <summary>Keeps retrying the first connection for a while, because silos and gateways often start together.</summary>
    private sealed class WaitForSilosFilter(TimeSpan patience)
    {
        private readonly DateTime _giveUpAt = DateTime.UtcNow + patience;

        public async Task<bool> ShouldRetryAsync(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow >= _giveUpAt)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}
