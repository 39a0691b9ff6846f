namespace SomaMemory.Benchmarks;

/// <summary>A bulk route of the gateway: its path, the answer's field counting the items it took, and what they are.</summary>
internal sealed record BulkRoute(string Path, string CountField, string Items)
{
    /// <summary><c>POST /memories/bulk</c> → <c>{stored, errors}</c>.</summary>
    public static readonly BulkRoute Memories = new("memories/bulk", "stored", "memories");

    /// <summary><c>POST /graph/links</c> → <c>{linked, errors}</c>.</summary>
    public static readonly BulkRoute Links = new("graph/links", "linked", "links");
}
