using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SomaMemory.Graph;
using SomaMemory.Indexing;
using SomaMemory.Lifecycle;
using SomaMemory.Memories;
using SomaMemory.Portability;
using SomaMemory.Search;

namespace SomaMemory.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>Registers the one <see cref="NpgsqlDataSource"/> of the process, the migrator and the repositories.</summary>
    public static IServiceCollection AddSomaPostgres(this IServiceCollection services)
    {
        // A co-hosted gateway and its silo both ask for Postgres; one data source must serve the process.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(SchemaMigrator)))
        {
            return services;
        }

        services.AddOptions<PostgresOptions>()
            .BindConfiguration(PostgresOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => IsParsable(options.ConnectionString), "Soma:Postgres:ConnectionString is not a valid Npgsql connection string.")
            .ValidateOnStart();

        services.AddSingleton(provider => NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<IMemoryRepository, PostgresMemoryRepository>();
        services.AddSingleton<IIndexingRepository, PostgresIndexingRepository>();
        services.AddSingleton<ISearchRepository, PostgresSearchRepository>();
        services.AddSingleton<PostgresLinkRepository>();
        services.AddSingleton<ILinkRepository>(provider => provider.GetRequiredService<PostgresLinkRepository>());
        services.AddSingleton<ILinkReader>(provider => provider.GetRequiredService<PostgresLinkRepository>());
        services.AddSingleton<IMemoryTransferRepository, PostgresTransferRepository>();
        services.AddSingleton<IMemoryLifecycleRepository, PostgresLifecycleRepository>();
        return services;
    }

    private static bool IsParsable(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return true; // The [Required] rule reports this case with a better message.
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
