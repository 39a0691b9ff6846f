using System.Text.Json;
using System.Text.Json.Serialization;

namespace SomaMemory.Gateway.Contracts;

/// <summary>SFM's link body. Metadata is kept beside type and strength and can never overwrite them.</summary>
public sealed record LinkRequest
{
    public string? FromCoord { get; init; }
    public string? ToCoord { get; init; }

    /// <summary>Default "related".</summary>
    public string? LinkType { get; init; }

    /// <summary>Finite and greater than 0; default 1.0. A weighted path costs 1/strength per link.</summary>
    public double? Strength { get; init; }

    /// <summary>A JSON object, stored with the link.</summary>
    public JsonElement? Metadata { get; init; }
}

public sealed record LinkResponse(
    [property: JsonPropertyName("from_coord")] string FromCoord,
    [property: JsonPropertyName("to_coord")] string ToCoord,
    [property: JsonPropertyName("link_type")] string LinkType,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("from_key")] string FromKey,
    [property: JsonPropertyName("to_key")] string ToKey,
    [property: JsonPropertyName("strength")] double Strength,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

/// <summary>A neighbour: SFM's coordinate, link type and strength, plus the hop and the link that reached it.</summary>
public sealed record NeighborView
{
    public required IReadOnlyList<double> Coordinate { get; init; }

    /// <summary>The canonical key of <see cref="Coordinate"/>.</summary>
    public required string CoordinateKey { get; init; }
    public required string LinkType { get; init; }
    public double Strength { get; init; }
    public int Hop { get; init; }

    /// <summary>The link that reached this neighbour, as stored: from and to are canonical keys.</summary>
    public required string FromCoord { get; init; }
    public required string ToCoord { get; init; }
    public JsonElement Metadata { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record NeighborsResponse(
    [property: JsonPropertyName("coord")] string Coord,
    [property: JsonPropertyName("neighbors")] IReadOnlyList<NeighborView> Neighbors);

public sealed record PathResponse(
    [property: JsonPropertyName("from_coord")] string FromCoord,
    [property: JsonPropertyName("to_coord")] string ToCoord,
    [property: JsonPropertyName("path")] IReadOnlyList<string> Path,
    [property: JsonPropertyName("link_types")] IReadOnlyList<string> LinkTypes,
    [property: JsonPropertyName("found")] bool Found,
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("cost")] double Cost);

/// <summary>Many links in one call: each item is a body of POST /graph/link.</summary>
public sealed record BulkLinkRequest(IReadOnlyList<LinkRequest?>? Links);

public sealed record BulkLinkResponse(int Linked, IReadOnlyList<BulkErrorView> Errors);
