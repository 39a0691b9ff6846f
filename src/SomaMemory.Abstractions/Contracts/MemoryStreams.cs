namespace SomaMemory.Contracts;

/// <summary>Names of the Orleans streams the grid publishes on.</summary>
public static class MemoryStreams
{
    /// <summary>The stream provider of change events (memory streams: fast path; the reconciler is the safety net).</summary>
    public const string Provider = "soma-changes";

    /// <summary>The stream namespace of memory changes; the stream key is the memory namespace.</summary>
    public const string ChangeNamespace = "memory-changes";
}
