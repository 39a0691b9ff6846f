using SomaMemory.Contracts;
using SomaMemory.Search;

namespace SomaMemory.Grains.Namespaces;

/// <summary>How reads raise a memory's importance, and whether a memory still deserves what a sweep decided.</summary>
public static class ImportanceReinforcement
{
    /// <summary>
    /// The importance after <paramref name="reads"/> reads, referred to <paramref name="now"/>: the decayed importance
    /// plus the policy's amount per read, up to the cap. A memory stored above the cap is never lowered by reading it.
    /// Null when the policy does not reinforce.
    /// </summary>
    public static double? Reinforced(MemoryRecord memory, long reads, NamespacePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ReinforcementPerAccess <= 0 || reads <= 0)
        {
            return null;
        }

        var decayed = new RecallDecay(policy.ImportanceHalfLife, RecallDecay.DefaultRecencyHalfLife).ImportanceNow(memory, now);
        var raised = Math.Min(policy.ReinforcementCap, decayed + (reads * policy.ReinforcementPerAccess));
        return Math.Max(decayed, raised);
    }

    /// <summary>Whether the memory, as its node holds it now, still meets the reason a sweep chose it for.</summary>
    public static bool StillRetires(MemoryRecord memory, RetireCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(command);
        return command.Reason switch
        {
            RetireReason.Expired => memory.DeletedAt is null && !memory.IsLiveAt(now),
            RetireReason.Decayed => memory.IsLiveAt(now)
                && new RecallDecay(command.ImportanceHalfLife, RecallDecay.DefaultRecencyHalfLife).ImportanceNow(memory, now) < command.PruneThreshold,
            RetireReason.Evicted => memory.IsLiveAt(now),
            RetireReason.Purged => memory.DeletedAt is not null,
            _ => false,
        };
    }
}
