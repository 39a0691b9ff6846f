using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Turns one store request (single or a bulk item) into a coordinate and a store command, or says what is wrong
/// with it: a bad coordinate is 400, any other invalid field 422, as SFM answers. The field rules live in Core
/// (<see cref="StoreRules"/>) because the .NET SDK applies them too.
/// </summary>
public static class StoreRequestParser
{
    public static readonly double MaxTtlSeconds = StoreRules.MaxTtlSeconds;

    public const int MaxTextLength = StoreRules.MaxTextLength;

    public static bool TryParse(StoreMemoryRequest? body, out Coordinate coordinate, out StoreMemoryCommand command, out int errorStatus, out string error)
    {
        if (body is null)
        {
            coordinate = null!;
            command = null!;
            errorStatus = StatusCodes.Status422UnprocessableEntity;
            error = "The item must be a JSON object.";
            return false;
        }

        return StoreRules.TryParse(body.Coord, ToInput(body), out coordinate, out command, out errorStatus, out error);
    }

    public static StoreInput ToInput(StoreMemoryRequest body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new StoreInput
        {
            Payload = body.Payload,
            MemoryType = body.MemoryType,
            Metadata = body.Metadata,
            Importance = body.Importance,
            TtlSeconds = body.TtlSeconds,
            Text = body.Text,
            Vector = body.Vector,
        };
    }
}
