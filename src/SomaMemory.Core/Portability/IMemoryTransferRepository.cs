using SomaMemory.Contracts;

namespace SomaMemory.Portability;

/// <summary>
/// Export reads and import writes of whole memories. Export only reads; the import write is made by the memory's
/// node grain, which stays the single writer of its row.
/// </summary>
public interface IMemoryTransferRepository
{
    /// <summary>The live memories of the namespace after <paramref name="afterKey"/> (null: from the start), in key order.</summary>
    Task<IReadOnlyList<ExportedMemory>> ReadMemoriesAsync(string memoryNamespace, string? afterKey, int limit, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The links of the namespace after <paramref name="after"/> (null: from the start), in (from, to, type) order.</summary>
    Task<IReadOnlyList<MemoryLink>> ReadLinksAsync(string memoryNamespace, LinkKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the memory unless the row holds a later or equal <c>updated_at</c> (live or deleted); null when it
    /// was left as it was. Timestamps, counters and the version come from the import, the version never going back.
    /// </summary>
    Task<MemoryRecord?> ImportAsync(MemoryImport import, CancellationToken cancellationToken = default);
}

/// <summary>A stored memory with its embedding, as an export writes it.</summary>
public sealed record ExportedMemory(MemoryRecord Memory, float[]? Embedding);

/// <summary>The key of one link, the order in which an export walks them.</summary>
public sealed record LinkKey(string FromKey, string ToKey, string LinkType);

/// <summary>What a node grain asks the repository to write for an imported memory.</summary>
public sealed record MemoryImport
{
    public required string Namespace { get; init; }
    public required string CoordinateKey { get; init; }
    public required IReadOnlyList<double> Coordinate { get; init; }
    public required ImportedMemory Memory { get; init; }

    /// <summary>The L2-normalised embedding and the model that made it.</summary>
    public required float[] Embedding { get; init; }

    public required string EmbeddingModel { get; init; }
}
