using SomaMemory.Contracts;

namespace SomaMemory.Search;

/// <summary>
/// The conditions every search result meets, applied in Postgres: live, of the type asked for, created no later
/// than <see cref="AsOf"/>, and equal on each filter field in the payload or the metadata.
/// </summary>
public sealed record SearchFilter
{
    public MemoryType? MemoryType { get; init; }

    /// <summary>A JSON object; each member must equal the same top-level field of the payload or of the metadata.</summary>
    public string? FieldsJson { get; init; }

    public DateTimeOffset? AsOf { get; init; }
}
