using System.Collections.Concurrent;

namespace SomaMemory.Grains.Memories;

/// <summary>
/// The memory node grains active on this silo, by grain key. The bulk path writes rows without their node grains,
/// and a node grain answers reads from the row it holds; this registry is how the bulk path finds the few grains
/// whose held row it just replaced, without activating the thousands that hold nothing.
/// </summary>
public sealed class ActiveMemoryNodes
{
    // A count, not a set: a grain's next activation may register before its previous one has unregistered.
    private readonly ConcurrentDictionary<string, int> _activations = new(StringComparer.Ordinal);

    public int Count => _activations.Count;

    public void Add(string grainKey) => _activations.AddOrUpdate(grainKey, 1, (_, count) => count + 1);

    public void Remove(string grainKey)
    {
        while (_activations.TryGetValue(grainKey, out var count))
        {
            var removed = count <= 1
                ? _activations.TryRemove(new KeyValuePair<string, int>(grainKey, count))
                : _activations.TryUpdate(grainKey, count - 1, count);
            if (removed)
            {
                return;
            }
        }
    }

    public bool IsActive(string grainKey) => _activations.ContainsKey(grainKey);
}
