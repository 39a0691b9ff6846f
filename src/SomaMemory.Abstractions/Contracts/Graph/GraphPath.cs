namespace SomaMemory.Contracts;

/// <summary>A path found, or not: <see cref="Keys"/> holds one more entry than <see cref="LinkTypes"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.GraphPath")]
public sealed record GraphPath
{
    [Id(0)] public bool Found { get; init; }
    [Id(1)] public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The real type of each link along the path, in order.</summary>
    [Id(2)] public IReadOnlyList<string> LinkTypes { get; init; } = [];

    /// <summary>The sum of 1/strength along the path.</summary>
    [Id(3)] public double Cost { get; init; }

    public static GraphPath NotFound { get; } = new();
}
