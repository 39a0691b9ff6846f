using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SomaMemory.Postgres;

/// <summary>
/// Applies the embedded SQL migrations (the Orleans ADO.NET catalog and SomaMemory's own tables) with DbUp.
/// A Postgres advisory lock serialises silos that start together, so each script runs exactly once.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, IOptions<PostgresOptions> options, ILogger<SchemaMigrator> logger)
{
    // Any constant works; it only has to be the same in every process of the grid.
    private const long MigrationLockKey = 0x50_4D_45_4D_4F_52_59;
    private const string JournalTable = "schema_versions";

    private static readonly Assembly ScriptAssembly = typeof(SchemaMigrator).Assembly;

    /// <summary>The names of every migration shipped in this build, in the order they apply.</summary>
    public static IReadOnlyList<string> ShippedScripts { get; } = ScriptAssembly.GetManifestResourceNames()
        .Where(name => name.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            acquire.Parameters.AddWithValue("key", MigrationLockKey);
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var upgrader = DeployChanges.To
                // The data source's own ConnectionString drops the password, so DbUp gets the configured one.
                .PostgresqlDatabase(options.Value.ConnectionString)
                .WithScriptsEmbeddedInAssembly(ScriptAssembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", JournalTable)
                // DbUp would read dollar-quoted SQL ($q$ ... $q$) as its own $variable$ syntax.
                .WithVariablesDisabled()
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build();

            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migration '{result.ErrorScript?.Name}' failed: {result.Error?.Message}", result.Error);
            }

            foreach (var script in result.Scripts)
            {
                logger.LogInformation("Applied migration {Script}", script.Name);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The shipped migrations that the database has not applied yet; empty means the schema is at head.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT scriptname FROM public.{JournalTable}");
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return ShippedScripts;
        }

        return ShippedScripts.Where(script => !applied.Contains(script)).ToArray();
    }
}
