using Npgsql;
using SomaMemory.Contracts;
using SomaMemory.Memories;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>Concurrent upserts share commits; each caller still gets its own row, or its own error.</summary>
public sealed class GroupCommitTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static MemoryUpsert Upsert(string memoryNamespace, int i, string payload = "{}") => new()
    {
        Namespace = memoryNamespace,
        CoordinateKey = $"{i}.0",
        Coordinate = [i],
        PayloadJson = payload,
        MemoryType = MemoryType.Episodic,
        Embedding = new float[4],
        EmbeddingModel = "test",
        Now = DateTimeOffset.UnixEpoch.AddDays(1),
    };

    [Fact]
    public async Task Concurrent_upserts_each_get_their_own_committed_row()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = "commit-" + Guid.NewGuid().ToString("N")[..8];

        var rows = await Task.WhenAll(Enumerable.Range(0, 600).Select(i => repository.UpsertAsync(Upsert(memoryNamespace, i))));

        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"{i}.0"), rows.Select(row => row.CoordinateKey));
        Assert.All(rows, row => Assert.Equal(1, row.Version));
        Assert.Equal(600L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
    }

    [Fact]
    public async Task A_bad_row_among_concurrent_upserts_fails_alone()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = "commit-" + Guid.NewGuid().ToString("N")[..8];

        var attempts = Enumerable.Range(0, 300)
            .Select(i => repository.UpsertAsync(Upsert(memoryNamespace, i, i == 150 ? """{"a":"\u0000"}""" : "{}")))
            .ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => attempts[150]);

        var others = await Task.WhenAll(attempts.Where((_, i) => i != 150));
        Assert.Equal(299, others.Length);
        Assert.Equal(299L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
    }
}
