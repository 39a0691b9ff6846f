namespace SomaMemory.Benchmarks;

/// <summary>What the command line asked for: a run, the usage text, or nothing valid (with the reason).</summary>
internal sealed class ParseResult
{
    private ParseResult(BenchmarkOptions? options, string? error, bool showHelp)
    {
        Options = options;
        Error = error;
        ShowHelp = showHelp;
    }

    public BenchmarkOptions? Options { get; }

    public string? Error { get; }

    public bool ShowHelp { get; }

    public static ParseResult Success(BenchmarkOptions options) => new(options, null, false);

    public static ParseResult Fail(string error) => new(null, error, false);

    public static ParseResult Help() => new(null, null, true);
}
