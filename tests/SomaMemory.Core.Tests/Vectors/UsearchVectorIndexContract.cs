using SomaMemory.Vectors;

namespace SomaMemory.Core.Tests.Vectors;

/// <summary>The HNSW index, for real: the native library from the package, with the default (f16, M=32) settings.</summary>
public sealed class UsearchVectorIndexContract : VectorIndexContract
{
    private static readonly VectorIndexOptions Options = new();

    protected override IVectorIndex Create(int dimension) => UsearchVectorIndex.Create(dimension, Options);

    protected override IVectorIndex? Load(string path, int dimension) => UsearchVectorIndex.Load(path, dimension, Options);

    [Fact]
    public void A_loaded_index_searches_with_the_configured_expansion()
    {
        var path = PathFor("expansion.usearch");
        using (var index = UsearchVectorIndex.Create(8, new VectorIndexOptions { ExpansionSearch = 40 }))
        {
            Assert.Equal(40, index.ExpansionSearch);
            index.Upsert(TestVectors.Keys(10), TestVectors.Clustered(10, seed: 30, dimension: 8));
            index.Save(path);
        }

        using var loaded = UsearchVectorIndex.Load(path, 8, new VectorIndexOptions { ExpansionSearch = 300 });

        Assert.Equal(300, loaded!.ExpansionSearch);
    }

    /// <summary>F16 was the default before BF16: such files are refused by the default, so they are rebuilt.</summary>
    [Theory]
    [InlineData(VectorQuantization.F32)]
    [InlineData(VectorQuantization.F16)]
    public void A_file_of_another_quantization_is_refused(VectorQuantization saved)
    {
        var path = PathFor($"{saved}-other.usearch");
        using (var index = UsearchVectorIndex.Create(8, new VectorIndexOptions { Quantization = saved }))
        {
            index.Upsert(TestVectors.Keys(10), TestVectors.Clustered(10, seed: 31, dimension: 8));
            index.Save(path);
        }

        Assert.Equal(VectorQuantization.BF16, new VectorIndexOptions().Quantization);
        Assert.Throws<VectorIndexFileException>(() => UsearchVectorIndex.Load(path, 8, new VectorIndexOptions()));
        using var same = UsearchVectorIndex.Load(path, 8, new VectorIndexOptions { Quantization = saved });
        Assert.Equal(10, same!.Count);
    }

    [Theory]
    [InlineData(VectorQuantization.F16)]
    [InlineData(VectorQuantization.F32)]
    [InlineData(VectorQuantization.BF16)]
    public void Every_quantization_finds_each_stored_vector_and_survives_a_save(VectorQuantization quantization)
    {
        var path = PathFor($"{quantization}.usearch");
        var options = new VectorIndexOptions { Quantization = quantization };
        var vectors = TestVectors.Clustered(200, seed: 33, dimension: 16);
        using (var index = UsearchVectorIndex.Create(16, options))
        {
            index.Upsert(TestVectors.Keys(200), vectors);
            index.Save(path);
        }

        using var loaded = UsearchVectorIndex.Load(path, 16, options);

        Assert.Equal(200, loaded!.Count);
        for (var i = 0; i < vectors.Length; i += 20)
        {
            var best = loaded.Search(vectors[i], 1)[0];
            Assert.Equal((ulong)i + 1, best.Key);
            Assert.InRange(best.Similarity, 0.99f, 1f);
        }
    }

    [Fact]
    public void Capacity_grows_past_the_initial_reservation()
    {
        using var index = UsearchVectorIndex.Create(8, new VectorIndexOptions { InitialCapacity = 4, CapacityGrowthStep = 16 });
        var vectors = TestVectors.Clustered(300, seed: 32, dimension: 8);

        for (var start = 0; start < 300; start += 7)
        {
            var end = Math.Min(start + 7, 300);
            index.Upsert(TestVectors.Keys(end - start, first: (ulong)start + 1), vectors[start..end]);
        }

        Assert.Equal(300, index.Count);
        Assert.Equal(151UL, index.Search(vectors[150], 1)[0].Key);
    }

    [Fact]
    public async Task Many_more_simultaneous_searchers_than_cores_all_get_answers()
    {
        // USearch fails a search outright when its thread-context pool is exhausted; the index must queue instead.
        var vectors = TestVectors.Clustered(2_000, seed: 33, dimension: 16);
        var path = PathFor("many-searchers.usearch");
        using (var grown = UsearchVectorIndex.Create(16, new VectorIndexOptions { InitialCapacity = 8 }))
        {
            grown.Upsert(TestVectors.Keys(2_000), vectors); // grows capacity well past the initial reservation
            await SearchAllAtOnce(grown, vectors);
            grown.Save(path);
        }

        using var loaded = UsearchVectorIndex.Load(path, 16, new VectorIndexOptions());
        await SearchAllAtOnce(loaded!, vectors);
    }

    private static async Task SearchAllAtOnce(UsearchVectorIndex index, float[][] vectors)
    {
        var searchers = Environment.ProcessorCount * 8;
        using var start = new Barrier(searchers);

        var results = await Task.WhenAll(Enumerable.Range(0, searchers).Select(s => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, 50).All(i => index.Search(vectors[((s * 50) + i) % vectors.Length], 3).Count == 3);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.All(results, Assert.True);
    }
}
