namespace SomaMemory.Contracts;

/// <summary>Why a sweep retires a memory; the node grain re-checks the reason against its own state first.</summary>
[GenerateSerializer]
[Alias("SomaMemory.RetireReason")]
public enum RetireReason
{
    Expired = 0,
    Decayed = 1,
    Evicted = 2,

    /// <summary>An archived memory whose retention has passed: always erased.</summary>
    Purged = 3,
}
