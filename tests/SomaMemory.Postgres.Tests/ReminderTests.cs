using Microsoft.Extensions.DependencyInjection;
using SomaMemory.Postgres.Tests.Grains;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>The reminder keys through the silo's <see cref="IReminderTable"/> and a reminder that really fires (section 9, checks 10–11).</summary>
[Collection(SharedSilo.Name)]
public sealed class ReminderTests(SiloFixture fixture) : IAsyncLifetime
{
    /// <summary>Grain types with no grain class behind them: rows written straight into the table.</summary>
    private const string TableOnlyPrefix = "tableonly";

    private static readonly CancellationToken Ct = CancellationToken.None;

    private IReminderTable Table => fixture.Silo.Services.GetRequiredService<IReminderTable>();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Keeps the silo's reminder service from ever trying to deliver the table-only rows.</summary>
    public Task DisposeAsync() => Sql.ExecuteAsync(
        fixture.ConnectionString,
        "DELETE FROM orleans_reminders WHERE serviceid = @service AND grainid LIKE @prefix",
        ("service", fixture.ServiceId),
        ("prefix", TableOnlyPrefix + "%"));

    [Fact]
    public async Task Upsert_gives_a_new_etag_each_time_and_delete_needs_the_current_one()
    {
        var grainId = GrainId.Create(TableOnlyPrefix, $"user:{Guid.NewGuid():N}");
        var start = WholeMilliseconds(DateTime.UtcNow);
        var entry = new ReminderEntry { GrainId = grainId, ReminderName = "r1", StartAt = start, Period = TimeSpan.FromMinutes(1) };

        var first = await Table.UpsertRow(entry, Ct);
        entry.StartAt = start.AddMinutes(5);
        entry.Period = TimeSpan.FromDays(30); // more than int.MaxValue milliseconds: bound as bigint
        var second = await Table.UpsertRow(entry, Ct);
        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotNull(second);
        Assert.NotEqual(first, second);

        var read = await Table.ReadRow(grainId, "r1", Ct);
        Assert.NotNull(read);
        Assert.Equal(grainId, read.GrainId);
        Assert.Equal("r1", read.ReminderName);
        Assert.Equal(second, read.ETag);
        Assert.Equal(start.AddMinutes(5), read.StartAt);
        Assert.Equal(TimeSpan.FromDays(30), read.Period);

        Assert.False(await Table.RemoveRow(grainId, "r1", first, Ct));
        Assert.NotNull(await Table.ReadRow(grainId, "r1", Ct));
        Assert.True(await Table.RemoveRow(grainId, "r1", second, Ct));
        Assert.Null(await Table.ReadRow(grainId, "r1", Ct));
        Assert.False(await Table.RemoveRow(grainId, "r1", second, Ct));
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_reminder_all_succeed_with_distinct_etags()
    {
        var grainId = GrainId.Create(TableOnlyPrefix, $"user:{Guid.NewGuid():N}");
        var etags = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Table.UpsertRow(
            new ReminderEntry { GrainId = grainId, ReminderName = "race", StartAt = DateTime.UtcNow, Period = TimeSpan.FromSeconds(10 + i) },
            Ct))));

        Assert.Equal(etags.Length, etags.Distinct().Count());
        var rows = await Table.ReadRows(grainId, Ct);
        var row = Assert.Single(rows.Reminders);
        Assert.Contains(row.ETag, etags);
    }

    [Fact]
    public async Task Read_rows_of_a_grain_returns_its_reminders_only()
    {
        var grainId = GrainId.Create(TableOnlyPrefix, $"user:{Guid.NewGuid():N}");
        var other = GrainId.Create(TableOnlyPrefix, $"user:{Guid.NewGuid():N}");
        foreach (var (grain, name) in new[] { (grainId, "a"), (grainId, "b"), (other, "a") })
        {
            await Table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = name, StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) }, Ct);
        }

        var rows = await Table.ReadRows(grainId, Ct);
        Assert.Equal(["a", "b"], rows.Reminders.Select(reminder => reminder.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, reminder => Assert.Equal(grainId, reminder.GrainId));
    }

    [Fact]
    public async Task Range_reads_follow_the_ring_including_wrapping_signed_boundaries_and_the_full_ring()
    {
        var type = $"{TableOnlyPrefix}{Guid.NewGuid():N}";
        var grains = Enumerable.Range(0, 150).Select(i => GrainId.Create(type, $"user:{i}")).ToArray();
        await Task.WhenAll(grains.Select(grain => Table.UpsertRow(
            new ReminderEntry { GrainId = grain, ReminderName = "ring", StartAt = DateTime.UtcNow.AddHours(1), Period = TimeSpan.FromHours(1) },
            Ct)));

        var hashes = grains.Select(grain => grain.GetUniformHashCode()).Order().ToArray();
        (uint Begin, uint End)[] ranges =
        [
            (hashes[10], hashes[60]), // ordinary range, bounds on rows: begin excluded, end included
            (hashes[120], hashes[15]), // wraps past uint.MaxValue
            (hashes[42], hashes[42]), // begin == end: the whole ring
            (0x7000_0000, 0x9000_0000), // unsigned order, but crosses the signed boundary
            (0xF000_0000, 0x1000_0000), // wraps unsigned, yet ordered as signed
            (0, uint.MaxValue),
            (uint.MaxValue, 0),
        ];

        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(grain => InRange(grain.GetUniformHashCode(), begin, end)).Select(grain => grain.ToString()).Order(StringComparer.Ordinal).ToArray();
            var data = await Table.ReadRows(begin, end, Ct);
            var actual = data.Reminders.Where(reminder => reminder.GrainId.Type.ToString() == type)
                .Select(reminder => reminder.GrainId.ToString()).Order(StringComparer.Ordinal).ToArray();
            Assert.True(expected.SequenceEqual(actual), $"range ({begin:X8}, {end:X8}]: expected {expected.Length} rows, got {actual.Length}");
        }
    }

    [Fact]
    public async Task Clearing_the_table_removes_the_reminders_of_this_service_only()
    {
        var otherService = $"other-{Guid.NewGuid():N}";
        await Sql.ExecuteAsync(
            fixture.ConnectionString,
            "INSERT INTO orleans_reminders VALUES (@service, 'x/y', 'r', 0, now(), 1000, 1)",
            ("service", otherService));
        await Table.UpsertRow(
            new ReminderEntry { GrainId = GrainId.Create(TableOnlyPrefix, "user:clear"), ReminderName = "r", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) },
            Ct);

        await Table.TestOnlyClearTable(Ct);

        Assert.Equal(0L, await Sql.ScalarAsync<long>(
            fixture.ConnectionString, "SELECT count(*) FROM orleans_reminders WHERE serviceid = @service", ("service", fixture.ServiceId)));
        Assert.Equal(1, await Sql.ExecuteAsync(
            fixture.ConnectionString, "DELETE FROM orleans_reminders WHERE serviceid = @service", ("service", otherService)));
    }

    [Fact]
    public async Task A_registered_reminder_fires_and_unregistering_removes_its_row()
    {
        var key = $"reminder:{Guid.NewGuid():N}";
        var probe = fixture.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key);

        await probe.Start(TimeSpan.FromSeconds(1));
        Assert.Equal(1L, await CountRowsAsync(key));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await probe.Ticks() < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reminder did not fire twice within 15 s");
            await Task.Delay(200);
        }

        await probe.Stop();
        Assert.Equal(0L, await CountRowsAsync(key));
    }

    /// <summary>The ring range (begin, end] on unsigned hashes; begin == end is the whole ring.</summary>
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end
        : begin > end ? hash > begin || hash <= end
        : true;

    private Task<long> CountRowsAsync(string key) => Sql.ScalarAsync<long>(
        fixture.ConnectionString,
        "SELECT count(*) FROM orleans_reminders WHERE serviceid = @service AND grainid LIKE '%' || @key",
        ("service", fixture.ServiceId),
        ("key", key));

    private static DateTime WholeMilliseconds(DateTime time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
