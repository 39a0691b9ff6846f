using Npgsql;
using SomaMemory.Contracts;
using SomaMemory.Memories;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>The links table as the graph walks read it: scoping, upserts and the far ends that must stay hidden.</summary>
public sealed class LinkRepositoryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _namespace = "links-" + Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource _dataSource = null!;
    private PostgresLinkRepository _links = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        _links = new PostgresLinkRepository(_dataSource);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<MemoryLink> Link(string from, string to, DateTimeOffset at, string type = "related", string metadata = "{}") =>
        Assert.Single(await _links.UpsertAsync(_namespace, from, [new LinkCommand { ToKey = to, LinkType = type, MetadataJson = metadata }], at));

    private async Task SoftDelete(string key, DateTimeOffset at)
    {
        await using var memories = new PostgresMemoryRepository(_dataSource);
        await memories.SoftDeleteAsync(_namespace, key, at);
    }

    private async Task<MemoryRecord> Store(string key, DateTimeOffset at, DateTimeOffset? expiresAt = null)
    {
        await using var memories = new PostgresMemoryRepository(_dataSource);
        return await memories.UpsertAsync(new MemoryUpsert
        {
            Namespace = _namespace,
            CoordinateKey = key,
            Coordinate = [double.Parse(key, System.Globalization.CultureInfo.InvariantCulture)],
            PayloadJson = "{}",
            MemoryType = MemoryType.Episodic,
            Importance = 1,
            ExpiresAt = expiresAt,
            Embedding = new float[384],
            EmbeddingModel = "test",
            Now = at,
        });
    }

    private async Task<string[]> Reached(string from, LinkDirection direction, DateTimeOffset now) =>
        [.. (await _links.ExpandAsync(_namespace, [from], direction, null, now)).Select(link => direction == LinkDirection.In ? link.FromKey : link.ToKey).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task An_upsert_keeps_the_creation_time_and_replaces_strength_and_metadata()
    {
        var first = await Link("1.0", "2.0", Start, metadata: """{"a":1}""");
        var second = Assert.Single(await _links.UpsertAsync(_namespace, "1.0", [new LinkCommand { ToKey = "2.0", Strength = 4, MetadataJson = """{"b":2}""" }], Start.AddHours(1)));

        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(Start.AddHours(1), second.UpdatedAt);
        Assert.Equal(4, second.Strength);
        Assert.Equal("""{"b": 2}""", second.MetadataJson);
        Assert.Equal(1, await _links.CountAsync(_namespace));
    }

    [Fact]
    public async Task A_far_end_deleted_or_expired_after_the_link_is_hidden_but_an_older_tombstone_is_not()
    {
        await Store("2.0", Start);
        await Store("3.0", Start, expiresAt: Start.AddMinutes(30));
        await Store("4.0", Start);
        await SoftDelete("4.0", Start.AddMinutes(1));
        await Link("1.0", "2.0", Start.AddMinutes(2));
        await Link("1.0", "3.0", Start.AddMinutes(2));
        await Link("1.0", "4.0", Start.AddMinutes(2)); // made after 4.0 was deleted: a link to an empty coordinate
        await Link("1.0", "5.0", Start.AddMinutes(2)); // never stored

        // 2.0 is deleted without the grain's clean-up (as if the silo died between the two statements).
        await SoftDelete("2.0", Start.AddMinutes(10));

        Assert.Equal(["3.0", "4.0", "5.0"], await Reached("1.0", LinkDirection.Out, Start.AddMinutes(20)));
        Assert.Equal(["4.0", "5.0"], await Reached("1.0", LinkDirection.Out, Start.AddHours(1)));
    }

    [Fact]
    public async Task Delete_touching_removes_both_directions_and_names_the_other_sources()
    {
        await Link("1.0", "2.0", Start);
        await Link("3.0", "2.0", Start);
        await Link("2.0", "4.0", Start);
        await Link("2.0", "2.0", Start);
        await Link("5.0", "6.0", Start);

        var sources = await _links.DeleteTouchingAsync(_namespace, "2.0");

        Assert.Equal(["1.0", "3.0"], sources.Order(StringComparer.Ordinal));
        Assert.Equal(1, await _links.CountAsync(_namespace));
    }

    [Fact]
    public async Task Expansion_is_scoped_by_namespace_direction_and_type()
    {
        await Link("1.0", "2.0", Start, type: "a");
        await Link("1.0", "3.0", Start, type: "b");
        await Link("7.0", "1.0", Start, type: "a");
        await _links.UpsertAsync("other-" + _namespace, "1.0", [new LinkCommand { ToKey = "9.0" }], Start);

        Assert.Equal(["2.0", "3.0"], await Reached("1.0", LinkDirection.Out, Start));
        Assert.Equal(["7.0"], await Reached("1.0", LinkDirection.In, Start));
        Assert.Equal(3, (await _links.ExpandAsync(_namespace, ["1.0"], LinkDirection.Both, null, Start)).Count);
        Assert.Equal(["2.0"], (await _links.ExpandAsync(_namespace, ["1.0"], LinkDirection.Out, "a", Start)).Select(link => link.ToKey));
    }

    [Fact]
    public async Task Many_links_of_one_source_are_written_in_one_statement()
    {
        var commands = Enumerable.Range(1, 50).Select(i => new LinkCommand { ToKey = $"{i}.0", Strength = i }).ToList();

        var stored = await _links.UpsertAsync(_namespace, "0.0", commands, Start);

        Assert.Equal(50, stored.Count);
        Assert.Equal(50, await _links.CountAsync(_namespace));
        Assert.Equal(25, stored.Single(link => link.ToKey == "25.0").Strength);
    }

    [Fact]
    public async Task Metadata_with_a_NUL_is_refused_as_bad_input()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Link("1.0", "2.0", Start, metadata: """{"a":"\u0000"}"""));
    }
}
