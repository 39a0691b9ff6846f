using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using SomaMemory.Postgres.Tests.Grains;
using SomaMemory.Postgres.Tests.Support;

namespace SomaMemory.Postgres.Tests;

/// <summary>
/// The persistence keys through the real <c>AdoNetGrainStorage</c> instances of a running silo (section 9, checks 1–6).
/// </summary>
[Collection(SharedSilo.Name)]
public sealed class PersistenceTests(SiloFixture fixture)
{
    private const string StateName = "probe-state";

    private IGrainStorage Store => fixture.Silo.GetStorage(TestSilos.Store);

    [Fact]
    public async Task Round_trip_gives_increasing_numeric_etags_and_a_fresh_provider_reads_the_record()
    {
        var grainId = NewStringGrain();
        var state = new GrainState<ProbeState>(new ProbeState { Text = "one" });

        var etags = new List<int>();
        for (var i = 1; i <= 3; i++)
        {
            state.State = new ProbeState { Text = $"write {i}", Number = i };
            await Store.WriteStateAsync(StateName, grainId, state);
            Assert.True(state.RecordExists);
            etags.Add(int.Parse(state.ETag!, CultureInfo.InvariantCulture));
        }

        Assert.True(etags.SequenceEqual(etags.Order()) && etags.Distinct().Count() == 3, string.Join(",", etags));

        // A second provider instance loaded its own catalog; it reads what the first wrote (as after a restart).
        var read = new GrainState<ProbeState>();
        await fixture.Silo.GetStorage(TestSilos.StoreTwin).ReadStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal("write 3", read.State?.Text);
        Assert.Equal(3, read.State?.Number);
    }

    [Fact]
    public async Task Reading_a_missing_record_gives_empty_state_and_no_etag()
    {
        var read = new GrainState<ProbeState>();
        await Store.ReadStateAsync(StateName, NewStringGrain(), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Null(read.State?.Text);
    }

    [Fact]
    public async Task Stale_write_throws_inconsistent_state_and_changes_nothing()
    {
        var grainId = NewStringGrain();
        var first = new GrainState<ProbeState>(new ProbeState { Text = "base" });
        await Store.WriteStateAsync(StateName, grainId, first);

        var copyA = new GrainState<ProbeState>(new ProbeState { Text = "A" }, first.ETag);
        var copyB = new GrainState<ProbeState>(new ProbeState { Text = "B" }, first.ETag);
        await Store.WriteStateAsync(StateName, grainId, copyA);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteStateAsync(StateName, grainId, copyB));

        // A stale first write (no ETag although a record exists) conflicts too.
        var fresh = new GrainState<ProbeState>(new ProbeState { Text = "fresh" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteStateAsync(StateName, grainId, fresh));

        var read = new GrainState<ProbeState>();
        await Store.ReadStateAsync(StateName, grainId, read);
        Assert.Equal("A", read.State?.Text);
        Assert.Equal(copyA.ETag, read.ETag);
    }

    [Fact]
    public async Task Concurrent_first_writes_and_concurrent_updates_each_have_exactly_one_winner()
    {
        const int Rounds = 20;
        const int Writers = 4;
        for (var round = 0; round < Rounds; round++)
        {
            var grainId = NewStringGrain();

            var inserts = await RaceAsync(Writers, i => Store.WriteStateAsync(StateName, grainId, new GrainState<ProbeState>(new ProbeState { Number = i })));
            Assert.Equal(1, inserts);

            var current = new GrainState<ProbeState>();
            await Store.ReadStateAsync(StateName, grainId, current);
            var updates = await RaceAsync(Writers, i => Store.WriteStateAsync(StateName, grainId, new GrainState<ProbeState>(new ProbeState { Number = 100 + i }, current.ETag)));
            Assert.Equal(1, updates);
        }

        var rows = await Sql.ScalarAsync<long>(
            fixture.ConnectionString,
            "SELECT count(*) FROM orleans_grain_state WHERE serviceid = @service AND graintypestring = @type AND version = 2",
            ("service", fixture.ServiceId),
            ("type", StateName));
        Assert.True(rows >= Rounds);
    }

    [Fact]
    public async Task Clear_keeps_the_row_without_payload_and_the_next_write_updates_it()
    {
        var grainId = NewStringGrain();
        var state = new GrainState<ProbeState>(new ProbeState { Text = "to clear" });
        await Store.WriteStateAsync(StateName, grainId, state);
        var written = state.ETag;
        await Store.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<ProbeState>(new ProbeState(), written);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearStateAsync(StateName, grainId, stale));

        var beforeClear = state.ETag;
        await Store.ClearStateAsync(StateName, grainId, state);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(beforeClear, state.ETag);
        Assert.False(state.RecordExists);

        var read = new GrainState<ProbeState>();
        await Store.ReadStateAsync(StateName, grainId, read);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Null(read.State?.Text);

        var payloadIsNull = await Sql.ScalarAsync<bool>(
            fixture.ConnectionString,
            "SELECT payloadbinary IS NULL FROM orleans_grain_state WHERE serviceid = @service AND grainidextensionstring = @key",
            ("service", fixture.ServiceId),
            ("key", grainId.Key.ToString()));
        Assert.True(payloadIsNull);

        // After the clear the grain holds an ETag, so this write takes the update path of the kept row.
        read.State = new ProbeState { Text = "after clear" };
        await Store.WriteStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);

        var again = new GrainState<ProbeState>();
        await Store.ReadStateAsync(StateName, grainId, again);
        Assert.Equal("after clear", again.State?.Text);
        Assert.Equal(read.ETag, again.ETag);
    }

    [Fact]
    public async Task Delete_on_clear_removes_the_row_and_the_next_write_inserts()
    {
        var storage = fixture.Silo.GetStorage(TestSilos.DeletingStore);
        var grainId = NewStringGrain();
        var state = new GrainState<ProbeState>(new ProbeState { Text = "to delete" });
        await storage.WriteStateAsync(StateName, grainId, state);
        var first = state.ETag;
        await storage.WriteStateAsync(StateName, grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, grainId, new GrainState<ProbeState>(new ProbeState(), first)));

        await storage.ClearStateAsync(StateName, grainId, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0L, await CountRowsAsync(grainId));

        state.State = new ProbeState { Text = "reborn" };
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal(1L, await CountRowsAsync(grainId));

        var read = new GrainState<ProbeState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal("reborn", read.State?.Text);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Colliding_hashes_keep_every_identity_independent()
    {
        var storage = fixture.Silo.GetStorage(TestSilos.CollidingStore);
        var type = $"collide{Guid.NewGuid():N}";
        var guid = Guid.NewGuid();
        var number = Random.Shared.NextInt64(1, long.MaxValue);
        GrainId[] grains =
        [
            GrainId.Create(type, "user:alpha"),
            GrainId.Create(type, "user:beta"),
            GrainId.Create(type, "1f"), // integer 31, NULL extension
            GrainId.Create(type, "1f+"), // integer 31, empty extension
            GrainId.Create(type, "1f+x"), // integer 31, extension "x"
            GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateIntegerKey(number)),
            GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateIntegerKey(number, "ext")),
            GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateGuidKey(guid, "ext")),
            GrainId.Create(type, guid.ToString("N") + "+"), // GUID, empty extension
        ];
        Assert.Equal(grains.Length, grains.Distinct().Count());

        // Two state names on the same grains: the state name is part of the identity too.
        string[] stateNames = ["collide-a", "collide-b"];
        var written = new Dictionary<(string, GrainId), string>();
        foreach (var stateName in stateNames)
        {
            foreach (var grain in grains)
            {
                var text = $"{stateName}:{grain}";
                var state = new GrainState<ProbeState>(new ProbeState { Text = text });
                await storage.WriteStateAsync(stateName, grain, state);
                written[(stateName, grain)] = state.ETag!;

                // An update goes to the same record only.
                state.State = new ProbeState { Text = text + ":updated" };
                await storage.WriteStateAsync(stateName, grain, state);
                written[(stateName, grain)] = state.ETag!;
            }
        }

        foreach (var stateName in stateNames)
        {
            foreach (var grain in grains)
            {
                var read = new GrainState<ProbeState>();
                await storage.ReadStateAsync(stateName, grain, read);
                Assert.True(read.RecordExists, grain.ToString());
                Assert.Equal($"{stateName}:{grain}:updated", read.State?.Text);
                Assert.Equal(written[(stateName, grain)], read.ETag);
            }
        }

        // Clearing one leaves the others alone.
        var cleared = new GrainState<ProbeState>();
        await storage.ReadStateAsync(stateNames[0], grains[2], cleared);
        await storage.ClearStateAsync(stateNames[0], grains[2], cleared);
        var neighbour = new GrainState<ProbeState>();
        await storage.ReadStateAsync(stateNames[0], grains[3], neighbour);
        Assert.True(neighbour.RecordExists);

        var hashes = await Sql.RowsAsync(
            fixture.ConnectionString,
            "SELECT DISTINCT grainidhash, graintypehash FROM orleans_grain_state WHERE serviceid = @service AND graintypestring LIKE 'collide-%'",
            ("service", fixture.ServiceId));
        var only = Assert.Single(hashes);
        Assert.Equal([ConstantHashPicker.Hash, ConstantHashPicker.Hash], only);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(2_000)]
    [InlineData(8_000)] // beyond a B-tree entry: the identity index holds an md5 of the key, not the key
    public async Task Long_string_keys_round_trip(int length)
    {
        var key = "user:" + string.Concat(Enumerable.Range(0, length).Select(_ => (char)Random.Shared.Next('a', 'z' + 1)));
        await AssertRoundTripAsync(GrainId.Create("probe", key));
        await AssertRoundTripAsync(GrainId.Create("probe", key + "!")); // a near neighbour stays separate
    }

    [Fact]
    public async Task Non_ascii_keys_round_trip_and_stay_distinct()
    {
        await AssertRoundTripAsync(GrainId.Create("probe", $"user:ключ-ä-漢字-🙂-{Guid.NewGuid():N}"));
        var composed = $"user:é-{Guid.NewGuid():N}";
        var decomposed = composed.Replace("é", "e\u0301", StringComparison.Ordinal);
        await AssertRoundTripAsync(GrainId.Create("probe", composed));
        await AssertRoundTripAsync(GrainId.Create("probe", decomposed));
    }

    [Fact]
    public async Task Persistent_grain_state_survives_deactivation()
    {
        var grains = fixture.Silo.Services.GetRequiredService<IGrainFactory>();
        var counter = grains.GetGrain<ICounterGrain>($"counter:{Guid.NewGuid():N}");

        Assert.Equal(2, await counter.Add(2));
        Assert.Equal(5, await counter.Add(3));
        var before = await counter.Get();
        await counter.Deactivate();

        // The next call lands on a new activation, which reads the row back.
        var after = await counter.Get();
        Assert.NotEqual(before.Activation, after.Activation);
        Assert.Equal(5, after.Value);
        Assert.True(after.RecordExists);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(6, await counter.Add(1));
    }

    private async Task AssertRoundTripAsync(GrainId grainId)
    {
        var text = $"state of {grainId.Key}";
        var state = new GrainState<ProbeState>(new ProbeState { Text = text });
        await Store.WriteStateAsync(StateName, grainId, state);
        state.State = new ProbeState { Text = text + "+" };
        await Store.WriteStateAsync(StateName, grainId, state);

        var read = new GrainState<ProbeState>();
        await fixture.Silo.GetStorage(TestSilos.StoreTwin).ReadStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
        Assert.Equal(text + "+", read.State?.Text);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(1L, await CountRowsAsync(grainId));
    }

    private Task<long> CountRowsAsync(GrainId grainId) => Sql.ScalarAsync<long>(
        fixture.ConnectionString,
        "SELECT count(*) FROM orleans_grain_state WHERE serviceid = @service AND grainidextensionstring = @key",
        ("service", fixture.ServiceId),
        ("key", grainId.Key.ToString()));

    /// <summary>Starts the writers together; counts the successes and requires every failure to be a conflict.</summary>
    private static async Task<int> RaceAsync(int writers, Func<int, Task> write)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await write(i);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })).ToArray();

        start.Set();
        var outcomes = await Task.WhenAll(tasks);
        return outcomes.Count(success => success);
    }

    private static GrainId NewStringGrain() => GrainId.Create("probe", $"user:{Guid.NewGuid():N}");
}

[GenerateSerializer]
[Alias("SomaMemory.Postgres.Tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public int Number { get; set; }
}
