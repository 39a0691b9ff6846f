namespace SomaMemory.Benchmarks;

internal static class Program
{
    private const int Succeeded = 0;
    private const int Failed = 1;
    private const int BadArguments = 2;

    public static async Task<int> Main(string[] args)
    {
        var parsed = CommandLine.Parse(args, Environment.GetEnvironmentVariable(CommandLine.TokenVariable));
        if (parsed.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage);
            return Succeeded;
        }

        if (parsed.Options is not { } options)
        {
            await Console.Error.WriteLineAsync($"error: {parsed.Error}");
            await Console.Error.WriteLineAsync("Run with --help for usage.");
            return BadArguments;
        }

        using var client = new GatewayClient(options.Url, options.Token, options.Namespace, options.Concurrency);
        // A coordinate no run stores, so the probe reads without writing anything.
        var problem = await client.CheckAsync("-1,-1");
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"error: {problem}");
            return Failed;
        }

        // Progress goes to stderr so that stdout is only the Markdown report.
        await Console.Error.WriteLineAsync($"{options.Scenario}: {options.Requests} requests per operation, concurrency {options.Concurrency}, namespace {options.Namespace}, gateway {options.Url}");
        var run = await MemoryScenario.RunAsync(client, options, Console.Error);
        var measuredAt = DateTimeOffset.UtcNow;

        Console.WriteLine(MarkdownReport.MachineLine());
        Console.WriteLine();
        Console.WriteLine($"Command: `{MarkdownReport.CommandLine(options)}`");
        Console.WriteLine();
        Console.Write(MarkdownReport.Table(run));
        foreach (var line in MarkdownReport.ErrorLines(run))
        {
            Console.WriteLine(line);
        }

        if (options.Output is not null && !await WriteOutputAsync(options, run, measuredAt))
        {
            return Failed;
        }

        return run.HasErrors ? Failed : Succeeded;
    }

    private static async Task<bool> WriteOutputAsync(BenchmarkOptions options, ScenarioRun run, DateTimeOffset measuredAt)
    {
        var path = options.Output!;
        string? problem;
        try
        {
            problem = ReportSection.Write(path, options.Scenario, ReportSection.Render(options.Scenario, options, run, measuredAt));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"Cannot write {path}: {exception.Message}";
        }

        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"error: {problem}");
            return false;
        }

        await Console.Error.WriteLineAsync($"Wrote the {options.Scenario} section of {path}.");
        return true;
    }
}
