using System.Text.Json;
using Orleans.Storage;

namespace SomaMemory.Silo.Hosting;

/// <summary>
/// Grain state as plain System.Text.Json. The default serializer embeds CLR type and assembly names in each row,
/// so renaming a type or an assembly would make every stored state unreadable.
/// </summary>
public sealed class SystemTextJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
            ?? throw new JsonException($"The stored state of {typeof(T).Name} is null.");
    }
}
