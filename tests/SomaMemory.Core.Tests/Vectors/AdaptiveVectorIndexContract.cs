using SomaMemory.Vectors;

namespace SomaMemory.Core.Tests.Vectors;

/// <summary>
/// The adaptive index with a low threshold, so the contract runs on both of its forms: the small tests stay exact,
/// the larger ones (save/load, concurrency, recall) cross over to HNSW mid-test.
/// </summary>
public sealed class AdaptiveVectorIndexContract : VectorIndexContract
{
    private const int Threshold = 250;
    private static readonly VectorIndexOptions Options = new() { ExactSearchBelow = Threshold };

    protected override IVectorIndex Create(int dimension) => AdaptiveVectorIndex.Create(dimension, Options);

    protected override IVectorIndex? Load(string path, int dimension) => AdaptiveVectorIndex.Load(path, dimension, Options);

    [Fact]
    public void It_stays_exact_below_the_threshold_and_switches_to_hnsw_at_it()
    {
        using var index = AdaptiveVectorIndex.Create(TestVectors.Dimension, Options);
        var vectors = TestVectors.Clustered(Threshold, seed: 40);
        var keys = TestVectors.Keys(Threshold);

        index.Upsert(keys.AsSpan(..^1), vectors[..^1]);
        Assert.True(index.IsExact);

        index.Upsert(keys.AsSpan(^1..), vectors[^1..]);
        Assert.False(index.IsExact);
        Assert.Equal(Threshold, index.Count);
        Assert.All(new[] { 0, 100, Threshold - 1 }, i => Assert.Equal(keys[i], index.Search(vectors[i], 1)[0].Key));
    }

    [Fact]
    public void Each_form_round_trips_through_save_and_load()
    {
        var small = PathFor("small.bin");
        var large = PathFor("large.bin");
        using (var index = AdaptiveVectorIndex.Create(TestVectors.Dimension, Options))
        {
            var vectors = TestVectors.Clustered(Threshold + 10, seed: 41);
            index.Upsert(TestVectors.Keys(10), vectors[..10]);
            index.Save(small);
            index.Upsert(TestVectors.Keys(Threshold, first: 11), vectors[10..]);
            index.Save(large);
        }

        using var exact = AdaptiveVectorIndex.Load(small, TestVectors.Dimension, Options);
        using var graph = AdaptiveVectorIndex.Load(large, TestVectors.Dimension, Options);

        Assert.True(exact!.IsExact);
        Assert.Equal(10, exact.Count);
        Assert.False(graph!.IsExact);
        Assert.Equal(Threshold + 10, graph.Count);
    }

    [Fact]
    public void An_exact_file_above_a_lowered_threshold_loads_as_hnsw()
    {
        var path = PathFor("exact.bin");
        using (var index = AdaptiveVectorIndex.Create(TestVectors.Dimension, Options))
        {
            index.Upsert(TestVectors.Keys(50), TestVectors.Clustered(50, seed: 42));
            index.Save(path);
        }

        using var loaded = AdaptiveVectorIndex.Load(path, TestVectors.Dimension, new VectorIndexOptions { ExactSearchBelow = 20 });

        Assert.False(loaded!.IsExact);
        Assert.Equal(50, loaded.Count);
    }
}
