using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Memories;

namespace SomaMemory.Grains.Memories;

/// <summary>The row a store command writes: one rule for the node grain's store and the bulk path.</summary>
internal static class StoreUpsert
{
    /// <summary>The command's fields, its expiry (its own TTL, else the namespace's default) and the embedding.</summary>
    public static MemoryUpsert Create(
        string memoryNamespace, Coordinate coordinate, StoreMemoryCommand command, NamespacePolicy policy, float[] embedding, string model, DateTimeOffset now)
    {
        var timeToLive = command.TimeToLive ?? policy.DefaultTimeToLive;
        return new MemoryUpsert
        {
            Namespace = memoryNamespace,
            CoordinateKey = coordinate.Key,
            Coordinate = coordinate.Values,
            PayloadJson = command.PayloadJson,
            MemoryType = command.MemoryType,
            MetadataJson = command.MetadataJson,
            Importance = command.Importance,
            ExpiresAt = timeToLive is { } ttl ? now + ttl : null,
            Embedding = embedding,
            EmbeddingModel = model,
            Now = now,
        };
    }
}
