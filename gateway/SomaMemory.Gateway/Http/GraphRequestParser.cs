using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Graph;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Validates graph requests. A bad coordinate is a 400, as for memories; any other refusal is a 422 naming the field.
/// </summary>
public static class GraphRequestParser
{
    public const int MaxLimit = 1_000;
    public const int MaxOffset = 10_000;

    /// <summary>Parses one link; <paramref name="status"/> is 400 for a bad coordinate, else 422.</summary>
    public static bool TryParseLink(LinkRequest body, [NotNullWhen(true)] out Coordinate? from, out LinkCommand command, out int status, out string error)
    {
        ArgumentNullException.ThrowIfNull(body);
        command = null!;
        status = StatusCodes.Status400BadRequest;
        if (!TryCoordinate(body.FromCoord, "from_coord", out from, out error) || !TryCoordinate(body.ToCoord, "to_coord", out var to, out error))
        {
            return false;
        }

        status = StatusCodes.Status422UnprocessableEntity;
        if (body.Metadata is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            error = "metadata must be a JSON object.";
            return false;
        }

        var linkType = body.LinkType ?? MemoryLink.DefaultType;
        var metadata = body.Metadata is { ValueKind: JsonValueKind.Object } given ? given.GetRawText() : "{}";
        if (LinkRules.Validate(linkType, body.Strength ?? 1.0, metadata) is { } refusal)
        {
            error = refusal;
            return false;
        }

        command = new LinkCommand { ToKey = to.Key, LinkType = linkType, Strength = body.Strength ?? 1.0, MetadataJson = metadata };
        return true;
    }

    public static bool TryParseNeighbors(
        string? coord, string? kHop, string? limit, string? offset, string? linkType, string? direction,
        out NeighborQuery query, out IResult problem)
    {
        query = null!;
        problem = Results.Empty;
        if (!TryCoordinate(coord, "coord", out var start, out var coordinateError))
        {
            problem = Problems.BadRequest(coordinateError);
            return false;
        }

        if (!QueryParameters.TryInt(kHop, "k_hop", out var hops, out var error)
            || !QueryParameters.TryInt(limit, "limit", out var take, out error)
            || !QueryParameters.TryInt(offset, "offset", out var skip, out error))
        {
            return Refuse(error, out problem);
        }

        var parsedDirection = direction switch
        {
            null or "" or "out" => LinkDirection.Out,
            "in" => LinkDirection.In,
            "both" => LinkDirection.Both,
            _ => (LinkDirection?)null,
        };
        var refusal = (hops ?? 1, take ?? 10, skip ?? 0, parsedDirection) switch
        {
            ( < 1 or > NeighborQuery.HopLimit, _, _, _) => $"k_hop must be between 1 and {NeighborQuery.HopLimit}.",
            (_, < 1 or > MaxLimit, _, _) => $"limit must be between 1 and {MaxLimit}.",
            (_, _, < 0 or > MaxOffset, _) => $"offset must be between 0 and {MaxOffset}.",
            (_, _, _, null) => "direction must be 'out', 'in' or 'both'.",
            _ => LinkTypeError(linkType),
        };
        if (refusal is not null)
        {
            return Refuse(refusal, out problem);
        }

        query = new NeighborQuery
        {
            FromKey = start.Key,
            MaxHops = hops ?? 1,
            Limit = take ?? 10,
            Offset = skip ?? 0,
            LinkType = string.IsNullOrEmpty(linkType) ? null : linkType,
            Direction = parsedDirection!.Value,
        };
        return true;
    }

    public static bool TryParsePath(
        string? fromCoord, string? toCoord, string? maxLength, string? linkType, string? weighted,
        out PathQuery query, out IResult problem)
    {
        query = null!;
        problem = Results.Empty;
        if (!TryCoordinate(fromCoord, "from_coord", out var from, out var coordinateError)
            || !TryCoordinate(toCoord, "to_coord", out var to, out coordinateError))
        {
            problem = Problems.BadRequest(coordinateError);
            return false;
        }

        if (!QueryParameters.TryInt(maxLength, "max_length", out var length, out var error)
            || !QueryParameters.TryBool(weighted, "weighted", out var byStrength, out error))
        {
            return Refuse(error, out problem);
        }

        var refusal = length is < 1 or > PathQuery.LengthLimit
            ? $"max_length must be between 1 and {PathQuery.LengthLimit}."
            : LinkTypeError(linkType);
        if (refusal is not null)
        {
            return Refuse(refusal, out problem);
        }

        query = new PathQuery
        {
            FromKey = from.Key,
            ToKey = to.Key,
            MaxLength = length ?? 10,
            LinkType = string.IsNullOrEmpty(linkType) ? null : linkType,
            Weighted = byStrength ?? false,
        };
        return true;
    }

    private static string? LinkTypeError(string? linkType) =>
        string.IsNullOrEmpty(linkType) ? null : LinkRules.ValidateType(linkType, "link_type");

    private static bool TryCoordinate(string? text, string field, [NotNullWhen(true)] out Coordinate? coordinate, out string error)
    {
        coordinate = null;
        if (text is null)
        {
            error = $"{field} is required: a comma-separated coordinate such as \"1,2,3\".";
            return false;
        }

        if (!CoordinateParser.TryParse(text, out coordinate, out var parseError))
        {
            error = $"{field}: {parseError}";
            return false;
        }

        error = "";
        return true;
    }

    private static bool Refuse(string detail, out IResult problem)
    {
        problem = Problems.Unprocessable(detail);
        return false;
    }
}
