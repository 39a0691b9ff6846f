namespace SomaMemory.Benchmarks;

/// <summary>A finished scenario: the measured rows, and how the unmeasured warm-up went.</summary>
internal sealed record ScenarioRun(IReadOnlyList<OperationResult> Results, int WarmupRequests, int WarmupErrors)
{
    /// <summary>Warm-up failures count too: a gateway that fails at all should not pass.</summary>
    public bool HasErrors => WarmupErrors > 0 || Results.Any(result => result.Errors > 0);
}
