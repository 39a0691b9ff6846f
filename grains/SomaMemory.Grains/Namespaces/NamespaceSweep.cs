using SomaMemory.Contracts;
using SomaMemory.Lifecycle;
using SomaMemory.Memories;

namespace SomaMemory.Grains.Namespaces;

/// <summary>
/// One sweep of one namespace, in phases (expired, decayed, evicted, purged), each in bounded batches drawn from a
/// budget shared by the whole sweep. Candidates come from Postgres; retiring them is the caller's (through nodes).
/// </summary>
internal sealed class NamespaceSweep(
    string memoryNamespace,
    NamespacePolicy policy,
    DateTimeOffset now,
    LifecycleOptions options,
    IMemoryLifecycleRepository lifecycle,
    IMemoryRepository memories,
    Func<IReadOnlyList<SweepCandidate>, RetireCommandTemplate, Task<int>> retire)
{
    private int _batchesLeft = options.MaxBatchesPerSweep;
    private bool _more;

    public async Task<SweepReport> RunAsync()
    {
        var expired = await PhaseAsync(
            RetireReason.Expired,
            limit => lifecycle.FindExpiredAsync(memoryNamespace, now, limit));

        // A threshold of 0 prunes nothing: no importance is below it.
        var decayed = policy.PruneThreshold <= 0 ? 0 : await PhaseAsync(
            RetireReason.Decayed,
            limit => lifecycle.FindDecayedAsync(memoryNamespace, now, policy.ImportanceHalfLife, policy.PruneThreshold, limit));

        var evicted = 0;
        if (policy.MaxMemories is { } maximum)
        {
            var live = (await memories.CountAsync(memoryNamespace, now)).TotalMemories;
            if (live > maximum)
            {
                evicted = await PhaseAsync(
                    RetireReason.Evicted,
                    limit => lifecycle.FindLeastImportantAsync(memoryNamespace, now, policy.ImportanceHalfLife, limit),
                    total: live - maximum);
            }
        }

        var purged = await PhaseAsync(
            RetireReason.Purged,
            limit => lifecycle.FindArchivedAsync(memoryNamespace, now - policy.ArchiveRetention, limit));

        return new SweepReport { At = now, Expired = expired, Decayed = decayed, Evicted = evicted, Purged = purged, More = _more };
    }

    /// <summary>Retires batch after batch until none is left, the budget is spent, or <paramref name="total"/> is reached.</summary>
    private async Task<int> PhaseAsync(RetireReason reason, Func<int, Task<IReadOnlyList<SweepCandidate>>> find, long? total = null)
    {
        var action = reason == RetireReason.Purged ? PruneAction.Delete : policy.PruneAction;
        var template = new RetireCommandTemplate(reason, action, policy.PruneThreshold, policy.ImportanceHalfLife);
        var retired = 0;
        while (true)
        {
            var wanted = total is { } cap ? (int)Math.Min(options.SweepBatchSize, cap - retired) : options.SweepBatchSize;
            if (wanted <= 0)
            {
                return retired;
            }

            if (_batchesLeft == 0)
            {
                _more = true;
                return retired;
            }

            _batchesLeft--;
            var candidates = await find(wanted);
            if (candidates.Count == 0)
            {
                return retired;
            }

            var done = await retire(candidates, template);
            retired += done;

            // A short batch was the last; a batch the nodes all refused would only be found again.
            if (candidates.Count < wanted || done == 0)
            {
                return retired;
            }
        }
    }
}
