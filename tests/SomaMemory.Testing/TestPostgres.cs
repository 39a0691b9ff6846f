using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SomaMemory.Postgres;

namespace SomaMemory.Testing;

/// <summary>
/// The Postgres server that <c>make test</c> starts. Tests never share a database: each fixture asks for a fresh
/// one, so test assemblies can run in parallel and leave nothing behind that another run could read.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "SOMA_TEST_POSTGRES";

    /// <summary>A connection string for the server's maintenance database, from <c>SOMA_TEST_POSTGRES</c>.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the suite with 'make test', which starts a throwaway Postgres and sets it.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string purpose)
    {
        var name = $"soma_test_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}"[..48];
        await using (var server = new NpgsqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Creates a database with every migration applied and returns its connection string.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string purpose)
    {
        var connectionString = await CreateEmptyDatabaseAsync(purpose);
        await MigrateAsync(connectionString);
        return connectionString;
    }

    public static async Task MigrateAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new SchemaMigrator(
            dataSource,
            Options.Create(new PostgresOptions { ConnectionString = connectionString }),
            NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync();
    }

    /// <summary>Drops a database made by this class, closing what still holds it open.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
