using System.Numerics.Tensors;

namespace SomaMemory.Vectors;

/// <summary>
/// Brute force: every query is a SIMD dot product against every vector. Exact, with no graph to build, so inserts cost
/// a copy; below the crossover measured for <see cref="VectorIndexOptions.ExactSearchBelow"/> it is also as fast as
/// HNSW. Vectors live in one contiguous buffer (row = slot) so a scan streams through memory.
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    private const int MinimumCapacity = 16;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<ulong, int> _slotOfKey;
    private float[] _vectors;
    private ulong[] _keyOfSlot;
    private int _count;
    private bool _disposed;

    public ExactVectorIndex(int dimension, int initialCapacity = MinimumCapacity)
    {
        VectorArguments.CheckDimension(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        Dimension = dimension;
        var capacity = Math.Max(initialCapacity, MinimumCapacity);
        _vectors = new float[(long)capacity * dimension];
        _keyOfSlot = new ulong[capacity];
        _slotOfKey = new Dictionary<ulong, int>(capacity);
    }

    /// <summary>Adopts rows read from a file; the caller has checked that keys are distinct.</summary>
    private ExactVectorIndex(int dimension, ulong[] keys, float[] vectors, int count)
    {
        Dimension = dimension;
        _keyOfSlot = keys;
        _vectors = vectors;
        _count = count;
        _slotOfKey = new Dictionary<ulong, int>(count);
        for (var slot = 0; slot < count; slot++)
        {
            if (!_slotOfKey.TryAdd(keys[slot], slot))
            {
                throw new VectorIndexFileException($"The exact index file holds key {keys[slot]} twice.");
            }
        }
    }

    public int Dimension { get; }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <returns>The index, or null when no file exists at <paramref name="path"/> (nothing saved yet).</returns>
    /// <exception cref="VectorIndexFileException">The file exists but is corrupt or holds another dimension.</exception>
    public static ExactVectorIndex? Load(string path, int dimension)
    {
        VectorArguments.CheckDimension(dimension);
        if (!File.Exists(path))
        {
            return null;
        }

        var (keys, vectors, count) = ExactIndexFile.Read(path, dimension);
        return new ExactVectorIndex(dimension, keys, vectors, count);
    }

    public void Upsert(ReadOnlySpan<ulong> keys, IReadOnlyList<float[]> vectors)
    {
        VectorArguments.CheckBatch(keys, vectors, Dimension);
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureCapacity(_count + keys.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                if (!_slotOfKey.TryGetValue(keys[i], out var slot))
                {
                    slot = _count++;
                    _slotOfKey.Add(keys[i], slot);
                    _keyOfSlot[slot] = keys[i];
                }

                vectors[i].CopyTo(Row(slot));
            }
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
                if (!_slotOfKey.Remove(key, out var slot))
                {
                    continue;
                }

                // Swap-remove: the last row fills the hole, so rows stay contiguous and a delete costs one row copy.
                var last = --_count;
                if (slot != last)
                {
                    var movedKey = _keyOfSlot[last];
                    Row(last).CopyTo(Row(slot));
                    _keyOfSlot[slot] = movedKey;
                    _slotOfKey[movedKey] = slot;
                }
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
            return _slotOfKey.ContainsKey(key);
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
            var wanted = Math.Min(k, _count);
            if (wanted == 0)
            {
                return [];
            }

            var top = new TopMatches(wanted);
            var vectors = _vectors.AsSpan(0, _count * Dimension);
            for (var slot = 0; slot < _count; slot++)
            {
                var score = TensorPrimitives.Dot(query, vectors.Slice(slot * Dimension, Dimension));
                if (score > top.Threshold)
                {
                    top.Offer(score, slot);
                }
            }

            return top.ToMatches(_keyOfSlot);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Save(string path)
    {
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            AtomicFile.Replace(path, temporary => ExactIndexFile.Write(
                temporary, Dimension, _keyOfSlot.AsSpan(0, _count), _vectors.AsSpan(0, _count * Dimension)));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Hands every vector to <paramref name="target"/> in batches, under the read lock: how the adaptive index moves
    /// from exact to HNSW without reading the rows back from Postgres.
    /// </summary>
    internal void CopyTo(IVectorIndex target, int batchSize)
    {
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var start = 0; start < _count; start += batchSize)
            {
                var length = Math.Min(batchSize, _count - start);
                var batch = new float[length][];
                for (var i = 0; i < length; i++)
                {
                    batch[i] = Row(start + i).ToArray();
                }

                target.Upsert(_keyOfSlot.AsSpan(start, length), batch);
            }
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
            _vectors = [];
            _keyOfSlot = [];
            _slotOfKey.Clear();
            _count = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private Span<float> Row(int slot) => _vectors.AsSpan(slot * Dimension, Dimension);

    private void EnsureCapacity(int needed)
    {
        if (needed <= _keyOfSlot.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, _keyOfSlot.Length * 2);
        Array.Resize(ref _keyOfSlot, capacity);
        Array.Resize(ref _vectors, checked(capacity * Dimension));
    }
}
