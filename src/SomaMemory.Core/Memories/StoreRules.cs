using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;

namespace SomaMemory.Memories;

/// <summary>
/// The rules of one store, shared by the gateway and the .NET SDK so that a memory refused by one is refused by
/// the other with the same words. Every refusal here is a validation failure (422 on the wire); the coordinate is
/// parsed apart, by <see cref="Coordinates.CoordinateParser"/>, because a bad coordinate is a 400.
/// </summary>
public static class StoreRules
{
    /// <summary>Ten years: far beyond any retention policy, and small enough that expiry times stay representable.</summary>
    public static readonly double MaxTtlSeconds = TimeSpan.FromDays(3650).TotalSeconds;

    /// <summary>What may be embedded; the model reads far less, so more is only a cost.</summary>
    public const int MaxTextLength = 65_536;

    /// <summary>Parses the coordinate (400 when bad) and builds the command (422 when a field is invalid).</summary>
    public static bool TryParse(string? coord, StoreInput input, out Coordinate coordinate, out StoreMemoryCommand command, out int errorStatus, out string error)
    {
        coordinate = null!;
        command = null!;
        errorStatus = 422;
        if (coord is null)
        {
            error = "coord is required.";
            return false;
        }

        if (!CoordinateParser.TryParse(coord, out var parsed, out var coordinateError))
        {
            errorStatus = 400;
            error = coordinateError;
            return false;
        }

        if (!TryBuildCommand(input, out command, out error))
        {
            return false;
        }

        coordinate = parsed;
        return true;
    }

    public static bool TryBuildCommand(StoreInput input, out StoreMemoryCommand command, out string error)
    {
        ArgumentNullException.ThrowIfNull(input);
        command = null!;
        if (input.Payload is not { ValueKind: JsonValueKind.Object } payload)
        {
            error = input.Payload is null or { ValueKind: JsonValueKind.Undefined } ? "payload is required." : "payload must be a JSON object.";
            return false;
        }

        if (!MemoryTypeNames.TryParse(input.MemoryType, out var memoryType, out var typeError))
        {
            error = typeError;
            return false;
        }

        if (input.Metadata is { } metadata && metadata.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            error = "metadata must be a JSON object.";
            return false;
        }

        if (input.TtlSeconds is { } ttl && (!double.IsFinite(ttl) || ttl <= 0 || ttl > MaxTtlSeconds))
        {
            error = $"ttl_seconds must be a number of seconds greater than 0 and at most {MaxTtlSeconds}.";
            return false;
        }

        if (input.Text is { Length: > MaxTextLength })
        {
            error = $"text may hold at most {MaxTextLength} characters.";
            return false;
        }

        if (input.Vector is { Length: 0 })
        {
            error = "vector is empty.";
            return false;
        }

        command = new StoreMemoryCommand
        {
            PayloadJson = payload.GetRawText(),
            MemoryType = memoryType,
            MetadataJson = input.Metadata is { ValueKind: JsonValueKind.Object } objectMetadata ? objectMetadata.GetRawText() : null,
            Importance = input.Importance,
            TimeToLive = input.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Text = input.Text,
            Vector = input.Vector,
        };
        error = "";
        return true;
    }
}

/// <summary>The fields of one store as a client sends them, before validation (the coordinate apart).</summary>
public sealed record StoreInput
{
    public JsonElement? Payload { get; init; }
    public string? MemoryType { get; init; }
    public JsonElement? Metadata { get; init; }
    public double? Importance { get; init; }
    public double? TtlSeconds { get; init; }
    public string? Text { get; init; }
    public float[]? Vector { get; init; }
}
