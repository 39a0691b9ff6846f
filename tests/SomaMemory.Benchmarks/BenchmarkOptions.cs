namespace SomaMemory.Benchmarks;

/// <summary>One benchmark run, as asked for on the command line.</summary>
/// <param name="Requests">Measured requests per operation: the memory scenario's stores, gets and deletes, the recall and graph scenarios' queries of each kind.</param>
/// <param name="Warmup">Unmeasured requests per operation before measuring.</param>
/// <param name="Arguments">The arguments as given, kept so the report can show how to repeat the run.</param>
/// <param name="Recall">The recall scenario's own settings; null for other scenarios.</param>
/// <param name="Graph">The graph scenario's own settings; null for other scenarios.</param>
/// <param name="Index">The index scenario's own settings; null for other scenarios.</param>
internal sealed record BenchmarkOptions(
    string Scenario,
    Uri Url,
    string Token,
    int Requests,
    int Concurrency,
    int Warmup,
    string Namespace,
    string? Output,
    IReadOnlyList<string> Arguments,
    RecallOptions? Recall = null,
    GraphOptions? Graph = null,
    IndexOptions? Index = null);
