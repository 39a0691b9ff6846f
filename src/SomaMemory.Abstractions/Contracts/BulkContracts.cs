namespace SomaMemory.Contracts;

/// <summary>One memory of a bulk store, already parsed: its canonical coordinate key and the store command.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.BulkItem")]
public sealed record BulkItem([property: Id(0)] int Index, [property: Id(1)] string CoordinateKey, [property: Id(2)] StoreMemoryCommand Command);

/// <summary>Why one bulk item was not stored, by its position in the request.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.BulkError")]
public sealed record BulkError([property: Id(0)] int Index, [property: Id(1)] string Detail);

[GenerateSerializer, Immutable]
[Alias("SomaMemory.BulkResult")]
public sealed record BulkResult([property: Id(0)] int Stored, [property: Id(1)] IReadOnlyList<BulkError> Errors);
