using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Indexing;
using SomaMemory.Memories;
using SomaMemory.Portability;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Writes export lines: one JSON object per line, each with its <c>kind</c> and the <c>cursor</c> that resumes the
/// export after it. Payloads and metadata are written as stored, without a round trip through a DOM.
/// </summary>
public sealed class ExportLineWriter(PipeWriter output) : IDisposable
{
    private readonly Utf8JsonWriter _json = new(output);

    public void WriteMemory(ExportedMemory exported, string cursor)
    {
        ArgumentNullException.ThrowIfNull(exported);
        var memory = exported.Memory;
        _json.WriteStartObject();
        _json.WriteString("kind", "memory");
        _json.WriteString("coord", memory.CoordinateKey);
        _json.WritePropertyName("payload");
        _json.WriteRawValue(memory.PayloadJson);
        _json.WriteString("memory_type", MemoryTypeNames.Format(memory.MemoryType));
        _json.WritePropertyName("metadata");
        _json.WriteRawValue(memory.MetadataJson);
        _json.WriteNumber("importance", memory.Importance);
        _json.WriteString("created_at", memory.CreatedAt);
        _json.WriteString("updated_at", memory.UpdatedAt);
        WriteTime("expires_at", memory.ExpiresAt);
        _json.WriteNumber("version", memory.Version);
        _json.WriteNumber("access_count", memory.AccessCount);
        WriteTime("last_accessed_at", memory.LastAccessedAt);
        if (exported.Embedding is { } embedding)
        {
            _json.WriteBase64String("embedding", EmbeddingBytes.ToBytes(embedding));
        }
        else
        {
            _json.WriteNull("embedding");
        }

        if (memory.EmbeddingModel is { } model)
        {
            _json.WriteString("embedding_model", model);
        }
        else
        {
            _json.WriteNull("embedding_model");
        }

        _json.WriteString("cursor", cursor);
        _json.WriteEndObject();
        EndLine();
    }

    public void WriteLink(MemoryLink link, string cursor)
    {
        ArgumentNullException.ThrowIfNull(link);
        _json.WriteStartObject();
        _json.WriteString("kind", "link");
        _json.WriteString("from_coord", link.FromKey);
        _json.WriteString("to_coord", link.ToKey);
        _json.WriteString("link_type", link.LinkType);
        _json.WriteNumber("strength", link.Strength);
        _json.WritePropertyName("metadata");
        _json.WriteRawValue(link.MetadataJson);
        _json.WriteString("created_at", link.CreatedAt);
        _json.WriteString("updated_at", link.UpdatedAt);
        _json.WriteString("cursor", cursor);
        _json.WriteEndObject();
        EndLine();
    }

    public void Dispose() => _json.Dispose();

    private void WriteTime(string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            _json.WriteString(name, value);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    /// <summary>Commits the object to the pipe and starts the next line as a new JSON document.</summary>
    private void EndLine()
    {
        _json.Flush();
        _json.Reset();
        output.Write("\n"u8);
    }
}
