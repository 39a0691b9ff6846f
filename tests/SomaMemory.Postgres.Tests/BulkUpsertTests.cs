using Npgsql;
using SomaMemory.Contracts;
using SomaMemory.Memories;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>The bulk path's multi-row upsert follows the same rules as the node grain's single-row upsert.</summary>
public sealed class BulkUpsertTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch.AddDays(1);

    private static MemoryUpsert Upsert(string memoryNamespace, int i, DateTimeOffset now, string payload = "{}") => new()
    {
        Namespace = memoryNamespace,
        CoordinateKey = $"{i}.0",
        Coordinate = [i],
        PayloadJson = payload,
        MemoryType = MemoryType.Episodic,
        Embedding = [i, 1, 0, 0],
        EmbeddingModel = "test",
        Now = now,
    };

    private static string NewNamespace() => "bulk-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task New_rows_are_inserted_at_version_one_with_their_embeddings()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = NewNamespace();

        var committed = await repository.UpsertManyAsync(memoryNamespace, [.. Enumerable.Range(0, 500).Select(i => Upsert(memoryNamespace, i, Start))], Start);

        Assert.Equal(500, committed.Count);
        Assert.All(committed, memory => Assert.Equal(1, memory.Version));
        Assert.Equal(500, committed.Select(memory => memory.VectorId).Distinct().Count());
        var row = await repository.FindAsync(memoryNamespace, "7.0");
        Assert.NotNull(row);
        Assert.Equal(1.0, row.Importance);
        Assert.Equal("{}", row.MetadataJson);
        Assert.Equal(Start, row.CreatedAt);
        Assert.Equal(committed.Single(memory => memory.CoordinateKey == "7.0").VectorId, row.VectorId);
        var embedding = await Sql.ScalarAsync<byte[]>(database.ConnectionString, "SELECT embedding FROM memories WHERE namespace = @ns AND coord_key = '7.0'", ("ns", memoryNamespace));
        Assert.Equal(16, embedding.Length);
        Assert.Equal(7f, BitConverter.ToSingle(embedding, 0));
    }

    [Fact]
    public async Task A_live_row_keeps_creation_metadata_importance_and_counters_unless_given_and_its_version_counts_on()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = NewNamespace();
        await repository.UpsertAsync(Upsert(memoryNamespace, 1, Start) with { MetadataJson = """{"keep":true}""", Importance = 3 });
        await repository.UpsertAsync(Upsert(memoryNamespace, 2, Start) with { MetadataJson = """{"old":true}""", Importance = 3 });
        await repository.RecordAccessAsync(memoryNamespace, "1.0", 4, Start);
        var later = Start.AddHours(1);

        var committed = await repository.UpsertManyAsync(memoryNamespace,
        [
            Upsert(memoryNamespace, 1, later, """{"v":2}"""),
            Upsert(memoryNamespace, 2, later, """{"v":2}""") with { MetadataJson = """{"new":true}""", Importance = 0.5 },
        ], later);

        Assert.All(committed, memory => Assert.Equal(2, memory.Version));
        var kept = (await repository.FindAsync(memoryNamespace, "1.0"))!;
        Assert.Contains("keep", kept.MetadataJson, StringComparison.Ordinal);
        Assert.Equal(3, kept.Importance);
        Assert.Equal(4, kept.AccessCount);
        Assert.Equal(Start, kept.CreatedAt);
        Assert.Equal(later, kept.UpdatedAt);
        Assert.Contains("\"v\": 2", kept.PayloadJson, StringComparison.Ordinal);
        var replaced = (await repository.FindAsync(memoryNamespace, "2.0"))!;
        Assert.Contains("new", replaced.MetadataJson, StringComparison.Ordinal);
        Assert.Equal(0.5, replaced.Importance);
        Assert.Equal(2L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM memory_history WHERE namespace = @ns", ("ns", memoryNamespace)));
    }

    [Fact]
    public async Task A_deleted_row_is_revived_as_a_new_memory_with_the_next_version()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = NewNamespace();
        var first = await repository.UpsertAsync(Upsert(memoryNamespace, 1, Start) with { MetadataJson = """{"old":true}""", Importance = 3 });
        await repository.RecordAccessAsync(memoryNamespace, "1.0", 4, Start);
        await repository.SoftDeleteAsync(memoryNamespace, "1.0", Start);
        var later = Start.AddHours(1);

        var committed = await repository.UpsertManyAsync(memoryNamespace, [Upsert(memoryNamespace, 1, later)], later);

        Assert.Equal(3, Assert.Single(committed).Version);
        Assert.Equal(first.VectorId, committed[0].VectorId);
        var revived = (await repository.FindAsync(memoryNamespace, "1.0"))!;
        Assert.Null(revived.DeletedAt);
        Assert.Equal(later, revived.CreatedAt);
        Assert.Equal(0, revived.AccessCount);
        Assert.Equal(1.0, revived.Importance);
        Assert.Equal("{}", revived.MetadataJson);
    }

    [Fact]
    public async Task A_value_postgres_refuses_fails_the_whole_write_with_an_argument_error_and_writes_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = NewNamespace();

        await Assert.ThrowsAsync<ArgumentException>(() => repository.UpsertManyAsync(memoryNamespace,
            [.. Enumerable.Range(0, 50).Select(i => Upsert(memoryNamespace, i, Start, i == 25 ? """{"a":"\u0000"}""" : "{}"))], Start));

        Assert.Equal(0L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM memories WHERE namespace = @ns", ("ns", memoryNamespace)));
        // The connection went back to the pool clean: the next bulk write works.
        Assert.Single(await repository.UpsertManyAsync(memoryNamespace, [Upsert(memoryNamespace, 1, Start)], Start));
    }

    [Fact]
    public async Task Concurrent_bulk_writes_over_the_same_keys_in_opposite_orders_all_commit()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var repository = new PostgresMemoryRepository(dataSource);
        var memoryNamespace = NewNamespace();
        var keys = Enumerable.Range(0, 300).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => repository.UpsertManyAsync(memoryNamespace,
            [.. (writer % 2 == 0 ? keys : keys.Reverse()).Select(i => Upsert(memoryNamespace, i, Start))], Start)));

        Assert.Equal(300L, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM memories WHERE namespace = @ns AND version = 6", ("ns", memoryNamespace)));
    }
}
