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

        services.AddSingleton(provider => CreateDataSource(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<IMemoryRepository, PostgresMemoryRepository>();
        services.AddSingleton<IIndexingRepository, PostgresIndexingRepository>();
        // Recall's reads get a data source of their own with statements prepared automatically (see
        // SearchStatementsPrepared); writes stay on the unprepared one.
        services.AddSingleton(provider => new SearchDataSource(
            CreateDataSource(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString, SearchStatementsPrepared)));
        services.AddSingleton<ISearchRepository>(provider => new PostgresSearchRepository(provider.GetRequiredService<SearchDataSource>().DataSource));
        services.AddSingleton<PostgresLinkRepository>();
        services.AddSingleton<ILinkRepository>(provider => provider.GetRequiredService<PostgresLinkRepository>());
        services.AddSingleton<ILinkReader>(provider => provider.GetRequiredService<PostgresLinkRepository>());
        services.AddSingleton<IMemoryTransferRepository, PostgresTransferRepository>();
        services.AddSingleton<IMemoryLifecycleRepository, PostgresLifecycleRepository>();
        return services;
    }

    /// <summary>
    /// Statements a connection prepares automatically, unless the connection string says otherwise: none. With 64, a
    /// prepared statement skipped about 0.6 ms of the recall hydration's 1.4 ms in Postgres (at 20k memories), but the
    /// attack suite's concurrent single stores (group-committed batches, some refused by Postgres) then met Npgsql's
    /// "Received unexpected backend message DataRow" now and then: a 500. Off until that is understood.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 0;

    /// <summary>
    /// The process' data source. A connection string that sets <c>Max Auto Prepare</c> or
    /// <c>Auto Prepare Min Usages</c> keeps its own values; otherwise <see cref="DefaultMaxAutoPrepare"/> applies.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) => CreateDataSource(connectionString, DefaultMaxAutoPrepare);

    /// <summary>
    /// Statements recall's data source prepares automatically. Recall runs the same hydration and keyword queries
    /// over and over, and unprepared they were parsed and planned every time: recall p95 at 100k was 13–17 ms without,
    /// 6.5 ms with. Only reads use it; the desync described at <see cref="DefaultMaxAutoPrepare"/> showed in writes.
    /// </summary>
    public const int SearchStatementsPrepared = 64;

    private static NpgsqlDataSource CreateDataSource(string connectionString, int maxAutoPrepare)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = maxAutoPrepare;
        }

        if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages"))
        {
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        return builder.Build();
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
