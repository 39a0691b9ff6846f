namespace SomaMemory.Contracts;

/// <summary>
/// What the change stream carries: the changes of one commit. A node grain's write is a batch of one; a bulk
/// store's commit of thousands goes as a few events, where one event per memory would cost a stream delivery each.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.MemoryChangeBatch")]
public sealed record MemoryChangeBatch([property: Id(0)] IReadOnlyList<MemoryChange> Changes)
{
    public static MemoryChangeBatch Of(MemoryChange change) => new([change]);
}
