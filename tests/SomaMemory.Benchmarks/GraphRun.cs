namespace SomaMemory.Benchmarks;

/// <summary>A finished graph scenario: one field per row of its table.</summary>
/// <param name="Ingest">The links sent through <c>POST /graph/links</c>.</param>
/// <param name="NearSizes">Neighbours returned per answered 1-hop query.</param>
/// <param name="FarSizes">Neighbours returned per answered 3-hop query.</param>
/// <param name="Paths">The answered unweighted path queries.</param>
/// <param name="Weighted">Null when the run asked for no weighted paths.</param>
/// <param name="WarmupErrorsByKind">Failed unmeasured queries, by what went wrong.</param>
internal sealed record GraphRun(
    IngestResult Ingest,
    OperationResult Near,
    IReadOnlyList<int> NearSizes,
    OperationResult Far,
    IReadOnlyList<int> FarSizes,
    OperationResult Path,
    IReadOnlyList<PathAnswer> Paths,
    OperationResult? Weighted,
    IReadOnlyList<PathAnswer> WeightedPaths,
    IReadOnlyDictionary<string, int> WarmupErrorsByKind)
{
    /// <summary>Any failed request or refused link fails the run.</summary>
    public bool HasErrors =>
        Ingest.Calls.Errors > 0 || Ingest.ItemErrors > 0
        || Near.Errors > 0 || Far.Errors > 0 || Path.Errors > 0 || Weighted?.Errors > 0
        || WarmupErrorsByKind.Count > 0;
}
