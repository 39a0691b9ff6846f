using SomaMemory.Testing;

namespace SomaMemory.Postgres.Tests.Support;

/// <summary>A fresh database with every migration applied, for the tests of one class; dropped afterwards.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("orleans_db");

    public Task DisposeAsync() => ConnectionString.Length > 0 ? TestPostgres.DropDatabaseAsync(ConnectionString) : Task.CompletedTask;
}
