using System.Diagnostics.CodeAnalysis;
using SomaMemory.Contracts;

namespace SomaMemory.Memories;

/// <summary>The wire names of memory types, as SFM spells them.</summary>
public static class MemoryTypeNames
{
    public const string Episodic = "episodic";
    public const string Semantic = "semantic";

    public static string Format(MemoryType type) => type switch
    {
        MemoryType.Episodic => Episodic,
        MemoryType.Semantic => Semantic,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown memory type."),
    };

    /// <summary>Parses a wire name; null or absent means episodic, SFM's default.</summary>
    public static bool TryParse(string? name, out MemoryType type, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (name)
        {
            case null or Episodic:
                type = MemoryType.Episodic;
                return true;
            case Semantic:
                type = MemoryType.Semantic;
                return true;
            default:
                type = default;
                error = $"memory_type must be '{Episodic}' or '{Semantic}'.";
                return false;
        }
    }
}
