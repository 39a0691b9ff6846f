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

        if (options.Scenario == "index")
        {
            // In this process: no gateway to reach.
            await Console.Error.WriteLineAsync($"index: {options.Index!.Vectors} vectors, {options.Requests} queries, {options.Index.Index.Quantization}");
            return await ReportAsync(options, IndexReport.Render(options, IndexScenario.Run(options, Console.Error)));
        }

        // Recall and graph send large bulk calls beside their queries; memory sends only small requests.
        using var client = options.Scenario is "recall" or "graph"
            ? new GatewayClient(options.Url, options.Token, options.Namespace, BulkIngest.Connections(options.Concurrency), BulkIngest.CallTimeout)
            : new GatewayClient(options.Url, options.Token, options.Namespace, options.Concurrency);
        // A coordinate no run stores, so the probe reads without writing anything.
        var problem = await client.CheckAsync("-1,-1");
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"error: {problem}");
            return Failed;
        }

        // Progress goes to stderr so that stdout is only the Markdown report.
        ScenarioReport report;
        if (options.Scenario == "recall")
        {
            await Console.Error.WriteLineAsync($"{options.Scenario}: {options.Recall!.Memories} memories, {options.Requests} queries of each kind, concurrency {options.Concurrency}, namespace {options.Namespace}, gateway {options.Url}");
            report = RecallReport.Render(options, await RecallScenario.RunAsync(client, options, Console.Error));
        }
        else if (options.Scenario == "graph")
        {
            await Console.Error.WriteLineAsync($"{options.Scenario}: {options.Graph!.Nodes} nodes × {options.Graph.Degree} links, {options.Requests} queries of each kind, concurrency {options.Concurrency}, namespace {options.Namespace}, gateway {options.Url}");
            report = GraphReport.Render(options, await GraphScenario.RunAsync(client, options, Console.Error));
        }
        else
        {
            await Console.Error.WriteLineAsync($"{options.Scenario}: {options.Requests} requests per operation, concurrency {options.Concurrency}, namespace {options.Namespace}, gateway {options.Url}");
            report = MarkdownReport.Report(await MemoryScenario.RunAsync(client, options, Console.Error));
        }

        return await ReportAsync(options, report);
    }

    private static async Task<int> ReportAsync(BenchmarkOptions options, ScenarioReport report)
    {
        var measuredAt = DateTimeOffset.UtcNow;
        Console.WriteLine(MarkdownReport.MachineLine());
        Console.WriteLine();
        Console.WriteLine($"Command: `{MarkdownReport.CommandLine(options)}`");
        Console.WriteLine();
        Console.Write(report.Body);

        if (options.Output is not null && !await WriteOutputAsync(options, report, measuredAt))
        {
            return Failed;
        }

        return report.HasErrors ? Failed : Succeeded;
    }

    private static async Task<bool> WriteOutputAsync(BenchmarkOptions options, ScenarioReport report, DateTimeOffset measuredAt)
    {
        var path = options.Output!;
        string? problem;
        try
        {
            problem = ReportSection.Write(path, report.Section, ReportSection.Render(options, report, measuredAt));
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

        await Console.Error.WriteLineAsync($"Wrote the {report.Section} section of {path}.");
        return true;
    }
}
