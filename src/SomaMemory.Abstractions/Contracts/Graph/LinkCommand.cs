namespace SomaMemory.Contracts;

/// <summary>An upsert of one outgoing link, on (namespace, from, to, type). Sent to the source memory's node grain.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.LinkCommand")]
public sealed record LinkCommand
{
    /// <summary>The canonical coordinate key of the target; it need not hold a memory, as in SFM.</summary>
    [Id(0)] public required string ToKey { get; init; }

    [Id(1)] public string LinkType { get; init; } = MemoryLink.DefaultType;

    /// <summary>Finite and greater than zero; a path's weighted cost is the sum of 1/strength.</summary>
    [Id(2)] public double Strength { get; init; } = 1.0;

    /// <summary>A JSON object; it is stored beside type and strength and can never overwrite them.</summary>
    [Id(3)] public string MetadataJson { get; init; } = "{}";
}
