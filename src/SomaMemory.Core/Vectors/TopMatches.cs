namespace SomaMemory.Vectors;

/// <summary>
/// Keeps the k highest scores seen so far in a min-heap, so a scan over n vectors costs O(n log k) and k slots of memory.
/// </summary>
internal sealed class TopMatches
{
    private readonly float[] _scores;
    private readonly int[] _slots;
    private int _count;

    public TopMatches(int k)
    {
        _scores = new float[k];
        _slots = new int[k];
    }

    /// <summary>The score a candidate must beat once the heap is full.</summary>
    public float Threshold => _count == _scores.Length ? _scores[0] : float.NegativeInfinity;

    public void Offer(float score, int slot)
    {
        if (_count < _scores.Length)
        {
            _scores[_count] = score;
            _slots[_count] = slot;
            SiftUp(_count++);
        }
        else if (score > _scores[0])
        {
            _scores[0] = score;
            _slots[0] = slot;
            SiftDown(0);
        }
    }

    /// <summary>The kept entries, best first, with slots turned into keys.</summary>
    public VectorMatch[] ToMatches(ReadOnlySpan<ulong> keyOfSlot)
    {
        var matches = new VectorMatch[_count];
        for (var i = 0; i < _count; i++)
        {
            matches[i] = new VectorMatch(keyOfSlot[_slots[i]], VectorArguments.ClampSimilarity(_scores[i]));
        }

        Array.Sort(matches, static (a, b) => b.Similarity.CompareTo(a.Similarity));
        return matches;
    }

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (_scores[parent] <= _scores[index])
            {
                return;
            }

            Swap(index, parent);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var smallest = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < _count && _scores[left] < _scores[smallest])
            {
                smallest = left;
            }

            if (right < _count && _scores[right] < _scores[smallest])
            {
                smallest = right;
            }

            if (smallest == index)
            {
                return;
            }

            Swap(index, smallest);
            index = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_slots[a], _slots[b]) = (_slots[b], _slots[a]);
    }
}
