using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Turns one store request (single or a bulk item) into a coordinate and a store command, or says what is wrong
/// with it: a bad coordinate is 400, any other invalid field 422, as SFM answers.
/// </summary>
public static class StoreRequestParser
{
    /// <summary>Ten years: far beyond any retention policy, and small enough that expiry times stay representable.</summary>
    public static readonly double MaxTtlSeconds = TimeSpan.FromDays(3650).TotalSeconds;

    /// <summary>What may be embedded; the model reads far less, so more is only a cost.</summary>
    public const int MaxTextLength = 65_536;

    public static bool TryParse(StoreMemoryRequest? body, out Coordinate coordinate, out StoreMemoryCommand command, out int errorStatus, out string error)
    {
        coordinate = null!;
        command = null!;
        errorStatus = StatusCodes.Status422UnprocessableEntity;
        if (body is null)
        {
            error = "The item must be a JSON object.";
            return false;
        }

        if (body.Coord is null)
        {
            error = "coord is required.";
            return false;
        }

        if (!CoordinateParser.TryParse(body.Coord, out var parsed, out var coordinateError))
        {
            errorStatus = StatusCodes.Status400BadRequest;
            error = coordinateError;
            return false;
        }

        if (!TryBuildCommand(body, out command, out error))
        {
            return false;
        }

        coordinate = parsed;
        return true;
    }

    private static bool TryBuildCommand(StoreMemoryRequest body, out StoreMemoryCommand command, out string error)
    {
        command = null!;
        if (body.Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            error = body.Payload is null ? "payload is required." : "payload must be a JSON object.";
            return false;
        }

        if (!MemoryTypeNames.TryParse(body.MemoryType, out var memoryType, out var typeError))
        {
            error = typeError;
            return false;
        }

        if (body.Metadata is { } metadata && metadata.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            error = "metadata must be a JSON object.";
            return false;
        }

        if (body.TtlSeconds is { } ttl && (!double.IsFinite(ttl) || ttl <= 0 || ttl > MaxTtlSeconds))
        {
            error = $"ttl_seconds must be a number of seconds greater than 0 and at most {MaxTtlSeconds}.";
            return false;
        }

        if (body.Text is { Length: > MaxTextLength })
        {
            error = $"text may hold at most {MaxTextLength} characters.";
            return false;
        }

        if (body.Vector is { Length: 0 })
        {
            error = "vector is empty.";
            return false;
        }

        command = new StoreMemoryCommand
        {
            PayloadJson = payload.GetRawText(),
            MemoryType = memoryType,
            MetadataJson = body.Metadata is { ValueKind: JsonValueKind.Object } objectMetadata ? objectMetadata.GetRawText() : null,
            Importance = body.Importance,
            TimeToLive = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Text = body.Text,
            Vector = body.Vector,
        };
        error = "";
        return true;
    }
}
