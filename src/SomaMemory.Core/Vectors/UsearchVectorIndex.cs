using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace SomaMemory.Vectors;

/// <summary>
/// HNSW through USearch's C library, with cosine distance. Writes (upsert, delete, reserve) take an exclusive lock
/// and searches share a read lock: USearch's add and its capacity growth are not safe while searches run.
/// </summary>
/// <remarks>
/// USearch keeps a fixed pool of per-thread search contexts and fails a search outright ("Reserve capacity ahead of
/// searches!") when more threads search at once than the pool holds; it does not wait. So the pool is sized to
/// <see cref="ThreadSlots"/> and a semaphore of the same size makes any extra searcher wait for a slot.
/// </remarks>
public sealed class UsearchVectorIndex : IVectorIndex
{
    // Twice the cores: searches are CPU-bound, so more slots add nothing but memory, and the slack covers a searcher
    // that is descheduled while holding one.
    private static readonly int ThreadSlots = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>The batch size from which adds run in parallel.</summary>
    private const int ParallelAddsFrom = 64;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _searchSlots = new(ThreadSlots, ThreadSlots);
    private readonly UsearchHandle _handle;
    private readonly VectorIndexOptions _options;
    private long _capacity;
    private bool _disposed;

    private UsearchVectorIndex(UsearchHandle handle, int dimension, VectorIndexOptions options)
    {
        _handle = handle;
        _options = options;
        Dimension = dimension;
        _capacity = (long)UsearchNative.Capacity(handle, out var error);
        UsearchNative.ThrowIfFailed(error, "capacity");
    }

    public int Dimension { get; }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return CountUnlocked();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The expansion factor (HNSW ef) queries use, as the native index reports it: the options' value, also after a load.</summary>
    public int ExpansionSearch
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var expansion = UsearchNative.ExpansionSearch(_handle, out var error);
                UsearchNative.ThrowIfFailed(error, "expansion_search");
                return (int)expansion;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public static UsearchVectorIndex Create(int dimension, VectorIndexOptions? options = null)
    {
        VectorArguments.CheckDimension(dimension);
        options ??= new VectorIndexOptions();
        var handle = Initialise(dimension, options);
        try
        {
            var index = new UsearchVectorIndex(handle, dimension, options);
            index.ReserveUnlocked(options.InitialCapacity);
            index.SizeContextPoolsUnlocked();
            return index;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Loads a file written by <see cref="Save"/> fully into memory.</summary>
    /// <returns>The index, or null when no file exists at <paramref name="path"/> (nothing saved yet).</returns>
    /// <exception cref="VectorIndexFileException">
    /// The file exists but is not a USearch index, is truncated or corrupt, or holds another dimension, metric or
    /// quantization than <paramref name="dimension"/> and <paramref name="options"/> ask for.
    /// </exception>
    public static UsearchVectorIndex? Load(string path, int dimension, VectorIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        VectorArguments.CheckDimension(dimension);
        options ??= new VectorIndexOptions();
        if (!File.Exists(path))
        {
            return null;
        }

        var pathBytes = UsearchNative.PathBytes(path);
        CheckMetadata(path, pathBytes, dimension, options);
        var handle = Initialise(dimension, options);
        try
        {
            UsearchNative.Load(handle, pathBytes, out var error);
            if (UsearchNative.ErrorMessage(error) is { } message)
            {
                throw new VectorIndexFileException($"'{path}' could not be loaded as a USearch index: {message}");
            }

            // The file does not carry efSearch: the value given at init survives the load only by implementation
            // detail, so set it explicitly.
            UsearchNative.ChangeExpansionSearch(handle, (nuint)options.ExpansionSearch, out error);
            UsearchNative.ThrowIfFailed(error, "change_expansion_search");
            UsearchNative.ChangeExpansionAdd(handle, (nuint)options.ExpansionAdd, out error);
            UsearchNative.ThrowIfFailed(error, "change_expansion_add");
            var index = new UsearchVectorIndex(handle, dimension, options);
            index.ReserveUnlocked(index.CountUnlocked() + options.InitialCapacity);
            index.SizeContextPoolsUnlocked();
            return index;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Upsert(ReadOnlySpan<ulong> keys, IReadOnlyList<float[]> vectors)
    {
        VectorArguments.CheckBatch(keys, vectors, Dimension);
        if (keys.IsEmpty)
        {
            return;
        }

        var batch = LastOccurrences(keys);
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // USearch refuses a key it already holds (this index is not multi-key), so replacing is remove + add.
            foreach (var position in batch)
            {
                UsearchNative.Remove(_handle, keys[position], out var error);
                UsearchNative.ThrowIfFailed(error, "remove");
            }

            ReserveUnlocked(CountUnlocked() + batch.Length);
            AddUnlocked(keys, vectors, batch);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Delete(ReadOnlySpan<ulong> keys)
    {
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var key in keys)
            {
                UsearchNative.Remove(_handle, key, out var error);
                UsearchNative.ThrowIfFailed(error, "remove");
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Contains(ulong key)
    {
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var found = UsearchNative.Contains(_handle, key, out var error);
            UsearchNative.ThrowIfFailed(error, "contains");
            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int k)
    {
        VectorArguments.CheckQuery(query, k, Dimension);
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var wanted = (int)Math.Min(k, CountUnlocked());
            if (wanted == 0)
            {
                return [];
            }

            var keys = new ulong[wanted];
            var distances = new float[wanted];
            int found;
            _searchSlots.Wait();
            try
            {
                found = (int)UsearchNative.Search(
                    _handle, in MemoryMarshal.GetReference(query), ScalarKind.Float32, (nuint)wanted,
                    ref keys[0], ref distances[0], out var error);
                UsearchNative.ThrowIfFailed(error, "search");
            }
            finally
            {
                _searchSlots.Release();
            }

            // Cosine distance is 1 - cosine similarity; results arrive nearest first.
            var matches = new VectorMatch[found];
            for (var i = 0; i < found; i++)
            {
                matches[i] = new VectorMatch(keys[i], VectorArguments.ClampSimilarity(1f - distances[i]));
            }

            return matches;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Save(string path)
    {
        // Saving reads the graph, so searches may go on; writers wait.
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            AtomicFile.Replace(path, temporary =>
            {
                UsearchNative.Save(_handle, UsearchNative.PathBytes(temporary), out var error);
                UsearchNative.ThrowIfFailed(error, "save");
            });
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _handle.Dispose();
            _searchSlots.Dispose();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private static UsearchHandle Initialise(int dimension, VectorIndexOptions options)
    {
        var init = new UsearchNative.InitOptions
        {
            MetricKind = MetricKind.Cos,
            Quantization = ScalarKindOf(options.Quantization),
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        var handle = UsearchNative.Init(ref init, out var error);
        if (UsearchNative.ErrorMessage(error) is { } message || handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException($"USearch init failed: {UsearchNative.ErrorMessage(error) ?? "no index returned"}");
        }

        return handle;
    }

    /// <summary>Refuses a file built for another shape before loading it, from its header alone.</summary>
    private static void CheckMetadata(string path, byte[] pathBytes, int dimension, VectorIndexOptions options)
    {
        var metadata = default(UsearchNative.InitOptions);
        UsearchNative.Metadata(pathBytes, ref metadata, out var error);
        if (UsearchNative.ErrorMessage(error) is { } message)
        {
            throw new VectorIndexFileException($"'{path}' is not a readable USearch index: {message}");
        }

        var expected = ScalarKindOf(options.Quantization);
        if (metadata.Dimensions != (nuint)dimension || metadata.MetricKind != MetricKind.Cos || metadata.Quantization != expected || metadata.Multi != 0)
        {
            throw new VectorIndexFileException(
                $"'{path}' holds a {metadata.Dimensions}-d {metadata.MetricKind} {metadata.Quantization} index; " +
                $"a {dimension}-d {MetricKind.Cos} {expected} index was expected.");
        }
    }

    private static ScalarKind ScalarKindOf(VectorQuantization quantization) => quantization switch
    {
        VectorQuantization.F16 => ScalarKind.Float16,
        VectorQuantization.F32 => ScalarKind.Float32,
        VectorQuantization.BF16 => ScalarKind.BFloat16,
        _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization."),
    };

    /// <summary>Positions in the batch to apply, in batch order: the last occurrence of each key, so a repeated key is added once.</summary>
    private static int[] LastOccurrences(ReadOnlySpan<ulong> keys)
    {
        var seen = new HashSet<ulong>(keys.Length);
        var positions = new List<int>(keys.Length);
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            if (seen.Add(keys[i]))
            {
                positions.Add(i);
            }
        }

        positions.Reverse();
        return [.. positions];
    }

    private long CountUnlocked()
    {
        var size = UsearchNative.Size(_handle, out var error);
        UsearchNative.ThrowIfFailed(error, "size");
        return (long)size;
    }

    /// <summary>
    /// Grows capacity ahead of adds: doubling while small, then by at most <see cref="VectorIndexOptions.CapacityGrowthStep"/>.
    /// USearch fails an add beyond capacity, and reserving exactly what each batch needs would reallocate on every batch.
    /// </summary>
    private void ReserveUnlocked(long needed)
    {
        if (needed <= _capacity)
        {
            return;
        }

        var growth = Math.Clamp(_capacity, 1, _options.CapacityGrowthStep);
        var capacity = Math.Max(needed, _capacity + growth);
        UsearchNative.Reserve(_handle, (nuint)capacity, out var error);
        UsearchNative.ThrowIfFailed(error, "reserve");
        _capacity = (long)UsearchNative.Capacity(_handle, out error);
        UsearchNative.ThrowIfFailed(error, "capacity");
    }

    /// <summary>
    /// Sizes the native search- and insert-context pools to <see cref="ThreadSlots"/>; by default they hold one per hardware thread.
    /// Done once, at create and load: later reserves keep the size (the many-searchers test grows the index first).
    /// </summary>
    private void SizeContextPoolsUnlocked()
    {
        UsearchNative.ChangeThreadsSearch(_handle, (nuint)ThreadSlots, out var error);
        UsearchNative.ThrowIfFailed(error, "change_threads_search");
        UsearchNative.ChangeThreadsAdd(_handle, (nuint)ThreadSlots, out error);
        UsearchNative.ThrowIfFailed(error, "change_threads_add");
    }

    /// <summary>
    /// Adds a batch on all cores: USearch inserts concurrently once its pool of insert contexts has a slot per thread
    /// (<see cref="SizeContextPoolsUnlocked"/>). Measured on 40k clustered 384-d vectors in batches of 1,000 (2 cores,
    /// quiet machine): 5,400–6,700 adds/s one at a time, 9,200–10,800 in parallel. Small batches stay serial, where
    /// starting the parallel loop costs more than it saves.
    /// </summary>
    private void AddUnlocked(ReadOnlySpan<ulong> keys, IReadOnlyList<float[]> vectors, int[] positions)
    {
        if (positions.Length < ParallelAddsFrom || Environment.ProcessorCount == 1)
        {
            foreach (var position in positions)
            {
                AddOne(keys[position], vectors[position]);
            }

            return;
        }

        var keyArray = keys.ToArray();
        try
        {
            Parallel.ForEach(positions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, position => AddOne(keyArray[position], vectors[position]));
        }
        catch (AggregateException exception) when (exception.InnerExceptions.Count > 0)
        {
            // Callers expect the native error as it is, the same as from a serial add.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerExceptions[0]).Throw();
        }
    }

    private void AddOne(ulong key, float[] vector)
    {
        UsearchNative.Add(_handle, key, in vector[0], ScalarKind.Float32, out var error);
        UsearchNative.ThrowIfFailed(error, "add");
    }
}
