namespace SomaMemory.Benchmarks;

/// <summary>One benchmark run, as asked for on the command line.</summary>
/// <param name="Arguments">The arguments as given, kept so the report can show how to repeat the run.</param>
internal sealed record BenchmarkOptions(
    string Scenario,
    Uri Url,
    string Token,
    int Requests,
    int Concurrency,
    int Warmup,
    string Namespace,
    string? Output,
    IReadOnlyList<string> Arguments);
