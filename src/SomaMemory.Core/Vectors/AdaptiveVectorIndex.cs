namespace SomaMemory.Vectors;

/// <summary>
/// Exact while small, HNSW once large: starts as an <see cref="ExactVectorIndex"/> and, when an upsert brings it to
/// <see cref="VectorIndexOptions.ExactSearchBelow"/> vectors, builds a <see cref="UsearchVectorIndex"/> from its rows and
/// switches to it for good. Most namespaces stay small, and they get exact answers, fast inserts, and no graph memory.
/// </summary>
/// <remarks>
/// The switch is one-way: a namespace that shrinks keeps its graph, which is still correct, and avoids flapping at the
/// threshold. Writes are serialised here so the switch sees no concurrent upsert; searches never wait for the switch,
/// because they keep reading the exact index until the graph is complete.
/// </remarks>
public sealed class AdaptiveVectorIndex : IVectorIndex
{
    // Rows copied per upsert while switching: bounds the temporary arrays, not the time.
    private const int SwitchBatchSize = 1_024;

    private readonly Lock _writeGate = new();
    private readonly VectorIndexOptions _options;
    private IVectorIndex _current;

    private AdaptiveVectorIndex(IVectorIndex current, VectorIndexOptions options)
    {
        _current = current;
        _options = options;
    }

    public int Dimension => Current.Dimension;

    public long Count => Current.Count;

    /// <summary>True while every search is an exact scan.</summary>
    public bool IsExact => Current is ExactVectorIndex;

    private IVectorIndex Current => Volatile.Read(ref _current);

    public static AdaptiveVectorIndex Create(int dimension, VectorIndexOptions? options = null)
    {
        VectorArguments.CheckDimension(dimension);
        options ??= new VectorIndexOptions();
        var index = new AdaptiveVectorIndex(new ExactVectorIndex(dimension), options);
        if (options.ExactSearchBelow == 0)
        {
            index.SwitchToGraph();
        }

        return index;
    }

    /// <summary>Loads whichever form was saved, told apart by the file's first bytes.</summary>
    /// <returns>The index, or null when no file exists at <paramref name="path"/> (nothing saved yet).</returns>
    /// <exception cref="VectorIndexFileException">The file exists but is corrupt or was built for another shape.</exception>
    public static AdaptiveVectorIndex? Load(string path, int dimension, VectorIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        VectorArguments.CheckDimension(dimension);
        options ??= new VectorIndexOptions();
        if (!File.Exists(path))
        {
            return null;
        }

        IVectorIndex? loaded = StartsWithExactMagic(path)
            ? ExactVectorIndex.Load(path, dimension)
            : UsearchVectorIndex.Load(path, dimension, options);
        if (loaded is null)
        {
            return null; // Deleted between the check and the read: the same as never saved.
        }

        var index = new AdaptiveVectorIndex(loaded, options);
        if (index.IsExact && loaded.Count >= options.ExactSearchBelow)
        {
            // Saved under a higher threshold than today's.
            index.SwitchToGraph();
        }

        return index;
    }

    public void Upsert(ReadOnlySpan<ulong> keys, IReadOnlyList<float[]> vectors)
    {
        lock (_writeGate)
        {
            var current = _current;
            current.Upsert(keys, vectors);
            if (current is ExactVectorIndex && current.Count >= _options.ExactSearchBelow)
            {
                SwitchToGraph();
            }
        }
    }

    public void Delete(ReadOnlySpan<ulong> keys)
    {
        lock (_writeGate)
        {
            _current.Delete(keys);
        }
    }

    public bool Contains(ulong key) => Current.Contains(key);

    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k) => Current.Search(query, k);

    public void Save(string path)
    {
        lock (_writeGate)
        {
            _current.Save(path);
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _current.Dispose();
        }
    }

    private static bool StartsWithExactMagic(string path)
    {
        Span<byte> start = stackalloc byte[ExactIndexFile.Magic.Length];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length
            && ExactIndexFile.HasMagic(start);
    }

    /// <summary>Builds the graph beside the exact index, then publishes it; callers hold the write gate.</summary>
    private void SwitchToGraph()
    {
        var exact = (ExactVectorIndex)_current;
        var graph = UsearchVectorIndex.Create(exact.Dimension, _options);
        try
        {
            exact.CopyTo(graph, SwitchBatchSize);
        }
        catch
        {
            graph.Dispose();
            throw;
        }

        Volatile.Write(ref _current, graph);

        // Not disposed: a search that read the old reference may still be scanning it. It holds only managed memory,
        // which the collector reclaims once those searches finish.
    }
}
