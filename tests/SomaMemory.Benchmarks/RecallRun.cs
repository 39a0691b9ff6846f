namespace SomaMemory.Benchmarks;

/// <summary>A finished recall scenario: one field per row of its table.</summary>
/// <param name="Centres">How many cluster centres the vectors were drawn around.</param>
/// <param name="FirstSearch">One vector search sent as soon as the last bulk call was acknowledged.</param>
/// <param name="ResidentBefore">The gateway's VmRSS in bytes before the ingest; null without a gateway pid.</param>
/// <param name="ResidentAfter">The gateway's VmRSS in bytes once the index had caught up.</param>
/// <param name="OnnxIngest">Null when the run asked for no ONNX memories.</param>
/// <param name="WarmupErrorsByKind">Failed unmeasured searches, by what went wrong.</param>
internal sealed record RecallRun(
    int Centres,
    IngestResult VectorIngest,
    FirstSearch FirstSearch,
    IndexCatchUp CatchUp,
    long? ResidentBefore,
    long? ResidentAfter,
    OperationResult VectorSearch,
    RecallScore Recall,
    OperationResult TextSearch,
    IngestResult? OnnxIngest,
    IReadOnlyDictionary<string, int> WarmupErrorsByKind)
{
    /// <summary>Any failed request, refused item or index that never caught up fails the run.</summary>
    public bool HasErrors =>
        VectorIngest.Calls.Errors > 0 || VectorIngest.ItemErrors > 0
        || FirstSearch.Error is not null
        || !CatchUp.CaughtUp || CatchUp.ErrorsByKind.Count > 0
        || VectorSearch.Errors > 0 || TextSearch.Errors > 0
        || (OnnxIngest is { } onnx && (onnx.Calls.Errors > 0 || onnx.ItemErrors > 0))
        || WarmupErrorsByKind.Count > 0;
}
