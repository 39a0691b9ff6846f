using SomaMemory.Vectors;

namespace SomaMemory.Core.Tests.Vectors;

/// <summary>
/// What every <see cref="IVectorIndex"/> promises. Each implementation runs these tests through a sealed subclass;
/// a new implementation (Qdrant) gets the same suite by adding one.
/// </summary>
public abstract class VectorIndexContract : IDisposable
{
    // f16 storage rounds a unit vector's self-similarity to within about 1e-3.
    private const float SelfSimilarityTolerance = 2e-3f;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "soma-vectors-" + Guid.NewGuid().ToString("N"));

    protected VectorIndexContract()
    {
        Directory.CreateDirectory(_folder);
    }

    /// <summary>A new, empty index of <paramref name="dimension"/>.</summary>
    protected abstract IVectorIndex Create(int dimension);

    /// <summary>The implementation's loader: null when nothing is saved at <paramref name="path"/>.</summary>
    protected abstract IVectorIndex? Load(string path, int dimension);

    protected string PathFor(string name) => Path.Combine(_folder, name);

    [Fact]
    public void A_stored_vector_is_its_own_best_match()
    {
        using var index = Create(TestVectors.Dimension);
        var vectors = TestVectors.Clustered(200, seed: 1);
        index.Upsert(TestVectors.Keys(200), vectors);

        var matches = index.Search(vectors[42], 5);

        Assert.Equal(5, matches.Count);
        Assert.Equal(43UL, matches[0].Key);
        Assert.Equal(1f, matches[0].Similarity, SelfSimilarityTolerance);
        Assert.Equal(200, index.Count);
        Assert.True(index.Contains(43));
        Assert.False(index.Contains(201));
    }

    [Fact]
    public void Matches_come_best_first_with_similarities_in_range()
    {
        using var index = Create(TestVectors.Dimension);
        index.Upsert(TestVectors.Keys(300), TestVectors.Clustered(300, seed: 2));

        var matches = index.Search(TestVectors.Random(new Random(3)), 20);

        Assert.Equal(20, matches.Count);
        Assert.All(matches, m => Assert.InRange(m.Similarity, -1f, 1f));
        Assert.Equal(matches.OrderByDescending(m => m.Similarity).Select(m => m.Key), matches.Select(m => m.Key));
        Assert.Equal(20, matches.Select(m => m.Key).Distinct().Count());
    }

    [Fact]
    public void Upserting_a_key_again_replaces_its_vector()
    {
        using var index = Create(TestVectors.Dimension);
        var vectors = TestVectors.Clustered(100, seed: 4);
        index.Upsert(TestVectors.Keys(100), vectors);
        var replacement = TestVectors.Random(new Random(5));

        index.Upsert([7], [replacement]);

        Assert.Equal(100, index.Count);
        var best = index.Search(replacement, 1);
        Assert.Equal(7UL, best[0].Key);
        Assert.Equal(1f, best[0].Similarity, SelfSimilarityTolerance);
        Assert.DoesNotContain(index.Search(vectors[6], 100), m => m.Key == 7 && m.Similarity > 0.99f);
    }

    [Fact]
    public void A_key_repeated_within_one_batch_is_stored_once_with_its_last_vector()
    {
        using var index = Create(TestVectors.Dimension);
        var random = new Random(6);
        var first = TestVectors.Random(random);
        var last = TestVectors.Random(random);

        index.Upsert([9, 10, 9], [first, TestVectors.Random(random), last]);

        Assert.Equal(2, index.Count);
        var best = index.Search(last, 1)[0];
        Assert.Equal(9UL, best.Key);
        Assert.Equal(1f, best.Similarity, SelfSimilarityTolerance);
    }

    [Fact]
    public void Delete_removes_the_key()
    {
        using var index = Create(TestVectors.Dimension);
        var vectors = TestVectors.Clustered(100, seed: 7);
        index.Upsert(TestVectors.Keys(100), vectors);

        index.Delete([50, 51]);

        Assert.Equal(98, index.Count);
        Assert.False(index.Contains(50));
        Assert.True(index.Contains(52));
        var matches = index.Search(vectors[49], 100);
        Assert.Equal(98, matches.Count);
        Assert.DoesNotContain(matches, m => m.Key is 50 or 51);
    }

    [Fact]
    public void A_deleted_key_can_be_stored_again()
    {
        using var index = Create(TestVectors.Dimension);
        var vectors = TestVectors.Clustered(50, seed: 8);
        index.Upsert(TestVectors.Keys(50), vectors);
        index.Delete([10]);

        index.Upsert([10], [vectors[9]]);

        Assert.Equal(50, index.Count);
        Assert.Equal(10UL, index.Search(vectors[9], 1)[0].Key);
    }

    [Fact]
    public void Deleting_missing_keys_changes_nothing()
    {
        using var index = Create(TestVectors.Dimension);
        index.Upsert(TestVectors.Keys(10), TestVectors.Clustered(10, seed: 9));

        index.Delete([1_000, 2_000]);
        index.Delete([]);

        Assert.Equal(10, index.Count);
    }

    [Fact]
    public void Asking_for_more_than_the_count_returns_the_count()
    {
        using var index = Create(TestVectors.Dimension);
        index.Upsert(TestVectors.Keys(7), TestVectors.Clustered(7, seed: 10));

        var matches = index.Search(TestVectors.Random(new Random(11)), 50);

        Assert.Equal(7, matches.Count);
        Assert.Equal(TestVectors.Keys(7), matches.Select(m => m.Key).Order());
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        using var index = Create(TestVectors.Dimension);

        Assert.Empty(index.Search(TestVectors.Random(new Random(12)), 10));
        Assert.Equal(0, index.Count);
        Assert.False(index.Contains(1));
    }

    [Fact]
    public void Asking_for_zero_matches_returns_none_and_a_negative_k_is_refused()
    {
        using var index = Create(TestVectors.Dimension);
        index.Upsert(TestVectors.Keys(5), TestVectors.Clustered(5, seed: 13));
        var query = TestVectors.Random(new Random(14));

        Assert.Empty(index.Search(query, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(query, -1));
    }

    [Fact]
    public void Vectors_and_queries_of_another_dimension_are_refused()
    {
        using var index = Create(TestVectors.Dimension);
        index.Upsert(TestVectors.Keys(3), TestVectors.Clustered(3, seed: 15));

        Assert.Throws<ArgumentException>(() => index.Upsert([4], [new float[TestVectors.Dimension - 1]]));
        Assert.Throws<ArgumentException>(() => index.Search(new float[TestVectors.Dimension + 1], 1));
        Assert.Throws<ArgumentException>(() => index.Upsert([4, 5], [new float[TestVectors.Dimension]]));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void A_batch_with_one_bad_vector_is_refused_whole()
    {
        using var index = Create(TestVectors.Dimension);
        var good = TestVectors.Clustered(2, seed: 16);

        Assert.Throws<ArgumentException>(() => index.Upsert([1, 2, 3], [good[0], good[1], new float[2]]));

        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Save_and_load_give_back_the_same_index()
    {
        var path = PathFor("index.bin");
        var vectors = TestVectors.Clustered(500, seed: 17);
        var queries = TestVectors.Clustered(20, seed: 18);
        List<IReadOnlyList<VectorMatch>> before;
        using (var index = Create(TestVectors.Dimension))
        {
            index.Upsert(TestVectors.Keys(500), vectors);
            index.Delete([3, 4]);
            before = [.. queries.Select(q => index.Search(q, 10))];
            index.Save(path);
        }

        using var loaded = Load(path, TestVectors.Dimension);

        Assert.NotNull(loaded);
        Assert.Equal(498, loaded.Count);
        Assert.False(loaded.Contains(3));
        Assert.True(loaded.Contains(5));
        for (var q = 0; q < queries.Length; q++)
        {
            var after = loaded.Search(queries[q], 10);
            Assert.Equal(before[q].Select(m => m.Key), after.Select(m => m.Key));
            Assert.Equal(before[q].Select(m => m.Similarity), after.Select(m => m.Similarity));
        }

        // The loaded index is a working index, not a read-only view.
        loaded.Upsert([1_000], [vectors[0]]);
        Assert.Equal(499, loaded.Count);
    }

    [Fact]
    public void Save_replaces_an_earlier_file_and_leaves_no_temporary_file()
    {
        var path = PathFor("replaced.bin");
        using var index = Create(TestVectors.Dimension);
        index.Upsert(TestVectors.Keys(10), TestVectors.Clustered(10, seed: 19));
        index.Save(path);
        index.Upsert(TestVectors.Keys(5, first: 100), TestVectors.Clustered(5, seed: 20));

        index.Save(path);

        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        using var loaded = Load(path, TestVectors.Dimension);
        Assert.Equal(15, loaded!.Count);
    }

    [Fact]
    public void Loading_a_missing_file_returns_null()
    {
        Assert.Null(Load(PathFor("never-saved.bin"), TestVectors.Dimension));
    }

    [Fact]
    public void Loading_a_corrupt_file_throws_a_file_exception()
    {
        var garbage = PathFor("garbage.bin");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        var truncated = PathFor("truncated.bin");
        using (var index = Create(TestVectors.Dimension))
        {
            index.Upsert(TestVectors.Keys(100), TestVectors.Clustered(100, seed: 21));
            index.Save(truncated);
        }

        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var empty = PathFor("empty.bin");
        File.WriteAllBytes(empty, []);

        Assert.Throws<VectorIndexFileException>(() => Load(garbage, TestVectors.Dimension));
        Assert.Throws<VectorIndexFileException>(() => Load(truncated, TestVectors.Dimension));
        Assert.Throws<VectorIndexFileException>(() => Load(empty, TestVectors.Dimension));
    }

    [Fact]
    public void Loading_a_file_of_another_dimension_throws_a_file_exception()
    {
        var path = PathFor("small.bin");
        using (var index = Create(8))
        {
            index.Upsert(TestVectors.Keys(20), TestVectors.Clustered(20, seed: 22, dimension: 8));
            index.Save(path);
        }

        Assert.Throws<VectorIndexFileException>(() => Load(path, 16));
        using var same = Load(path, 8);
        Assert.Equal(20, same!.Count);
    }

    [Fact]
    public async Task Searches_run_safely_while_a_writer_upserts()
    {
        const int total = 5_000;
        const int batch = 100;
        using var index = Create(TestVectors.Dimension);
        var vectors = TestVectors.Clustered(total, seed: 23);
        var keys = TestVectors.Keys(total);
        var queries = TestVectors.Clustered(50, seed: 24);
        using var writing = new CancellationTokenSource();
        using var readersStarted = new CountdownEvent(4);
        var searches = 0;

        var readers = Enumerable.Range(0, 4).Select(reader => Task.Run(() =>
        {
            for (var i = reader; !writing.IsCancellationRequested; i++)
            {
                var matches = index.Search(queries[i % queries.Length], 10);
                Assert.True(matches.Count <= 10);
                Assert.Equal(matches.Count, matches.Select(m => m.Key).Distinct().Count());
                _ = index.Contains(keys[i % total]);
                if (Interlocked.Increment(ref searches) <= 4)
                {
                    readersStarted.Signal();
                }
            }
        })).ToArray();
        var writer = Task.Run(() =>
        {
            try
            {
                // On a busy machine the writer could otherwise finish before any reader is scheduled.
                readersStarted.Wait(TimeSpan.FromSeconds(30));
                for (var start = 0; start < total; start += batch)
                {
                    index.Upsert(keys.AsSpan(start, batch), vectors[start..(start + batch)]);
                    if (start % 1_000 == 0)
                    {
                        // Re-store a few old keys and drop one, so replacement and delete race the readers too.
                        index.Upsert(keys.AsSpan(0, 3), vectors[..3]);
                        index.Delete([keys[start / 1_000]]);
                        index.Upsert([keys[start / 1_000]], [vectors[start / 1_000]]);
                    }
                }
            }
            finally
            {
                writing.Cancel();
            }
        });

        await Task.WhenAll([writer, .. readers]);

        Assert.Equal(total, index.Count);
        Assert.True(searches >= 4, $"only {searches} searches ran while writing");
        Assert.Equal(keys[1234], index.Search(vectors[1234], 1)[0].Key);
    }

    [Fact]
    public void Recall_at_10_matches_exact_search_on_clustered_data()
    {
        const int total = 5_000;
        var vectors = TestVectors.Clustered(total + 100, seed: 25)[..total];
        var keys = TestVectors.Keys(total);
        using var exact = new ExactVectorIndex(TestVectors.Dimension);
        using var index = Create(TestVectors.Dimension);
        exact.Upsert(keys, vectors);
        index.Upsert(keys, vectors);

        // Queries are new points from the same distribution: the case a memory search meets.
        var queries = TestVectors.Clustered(total + 100, seed: 25)[total..];
        var hits = 0;
        foreach (var query in queries)
        {
            var truth = exact.Search(query, 10).Select(m => m.Key).ToHashSet();
            hits += index.Search(query, 10).Count(m => truth.Contains(m.Key));
        }

        var recall = hits / (double)(queries.Length * 10);
        Assert.True(recall >= 0.95, $"recall@10 was {recall:F3}");
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
