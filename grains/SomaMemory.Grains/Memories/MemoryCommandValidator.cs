using System.Text;
using System.Text.Json;
using SomaMemory.Contracts;

namespace SomaMemory.Grains.Memories;

/// <summary>
/// Checks a store command inside the grid, so that callers of the .NET SDK get the same guarantees as HTTP
/// callers: a bad command throws <see cref="ArgumentException"/> and nothing is written.
/// </summary>
public static class MemoryCommandValidator
{
    public static void Validate(StoreMemoryCommand command, MemoryNodeOptions limits)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(limits);

        if (Encoding.UTF8.GetByteCount(command.PayloadJson) > limits.MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is larger than {limits.MaxPayloadBytes} bytes.", nameof(command));
        }

        RequireObject(command.PayloadJson, "payload");
        if (command.MetadataJson is not null)
        {
            RequireObject(command.MetadataJson, "metadata");
        }

        if (!Enum.IsDefined(command.MemoryType))
        {
            throw new ArgumentException($"Memory type {(int)command.MemoryType} is unknown.", nameof(command));
        }

        if (command.Importance is { } importance && (!double.IsFinite(importance) || importance < 0))
        {
            throw new ArgumentException("Importance must be a finite number ≥ 0.", nameof(command));
        }

        if (command.TimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentException("The time to live must be positive.", nameof(command));
        }
    }

    private static void RequireObject(string json, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"The {field} must be a JSON object.", field);
            }
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The {field} is not valid JSON: {exception.Message}", field, exception);
        }
    }
}
