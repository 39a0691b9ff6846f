using System.Text.Json;

namespace SomaMemory.Client;

public enum LinkWalkDirection
{
    Out = 0,
    In = 1,
    Both = 2,
}

/// <summary>A link to upsert on (from, to, type). Null optional fields keep the gateway's defaults ("related", 1.0).</summary>
public sealed record NewLink
{
    public required string From { get; init; }
    public required string To { get; init; }
    public string? LinkType { get; init; }

    /// <summary>Finite and greater than zero; a weighted path costs the sum of 1/strength.</summary>
    public double? Strength { get; init; }

    /// <summary>A JSON object kept beside type and strength.</summary>
    public JsonElement? Metadata { get; init; }
}

public sealed record LinkResult(string From, string To, string LinkType);

/// <summary>Neighbours of <see cref="Coordinate"/> up to <see cref="Hops"/> hops, paged.</summary>
public sealed record NeighborSearch
{
    public required string Coordinate { get; init; }
    public int? Hops { get; init; }
    public int? Limit { get; init; }
    public int? Offset { get; init; }
    public string? LinkType { get; init; }
    public LinkWalkDirection? Direction { get; init; }
}

/// <summary>A coordinate reached by a walk: its canonical key, the link that reached it, and the hop distance.</summary>
public sealed record Neighbor(string Coordinate, string LinkType, double Strength, int Hop, string From);

public sealed record PathSearch
{
    public required string From { get; init; }
    public required string To { get; init; }
    public int? MaxLength { get; init; }
    public string? LinkType { get; init; }

    /// <summary>Minimise the sum of 1/strength instead of the number of hops.</summary>
    public bool Weighted { get; init; }
}

/// <summary>A path found, or not: <see cref="Coordinates"/> holds one more key than <see cref="LinkTypes"/>.</summary>
public sealed record MemoryPath(string From, string To, bool Found, IReadOnlyList<string> Coordinates, IReadOnlyList<string> LinkTypes, double Cost);
