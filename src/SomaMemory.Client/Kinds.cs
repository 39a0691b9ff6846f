using SomaMemory.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Client;

/// <summary>The SDK's memory kinds against the grid's types and the wire names ("episodic", "semantic").</summary>
internal static class Kinds
{
    public static MemoryKind From(MemoryType type) => type == MemoryType.Semantic ? MemoryKind.Semantic : MemoryKind.Episodic;

    public static string Name(MemoryKind kind) => kind == MemoryKind.Semantic ? MemoryTypeNames.Semantic : MemoryTypeNames.Episodic;

    public static MemoryKind Parse(string? name) => name == MemoryTypeNames.Semantic ? MemoryKind.Semantic : MemoryKind.Episodic;
}
