using Npgsql;

namespace SomaMemory.Postgres;

/// <summary>The data source of recall's reads, distinct from the process' one so that its statements can be prepared.</summary>
public sealed class SearchDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
