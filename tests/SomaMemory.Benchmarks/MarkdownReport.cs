using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace SomaMemory.Benchmarks;

/// <summary>Renders a run as Markdown: the table, the machine it ran on, and how to run it again.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The memory scenario's table, then its error lines after a blank line that ends the table.</summary>
    public static ScenarioReport Report(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var body = new StringBuilder(Table(run));
        var errorLines = ErrorLines(run).ToList();
        if (errorLines.Count > 0)
        {
            body.AppendLine();
            errorLines.ForEach(line => body.AppendLine(line));
        }

        return new ScenarioReport("memory", body.ToString(), run.HasErrors);
    }

    public static string Table(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var table = new StringBuilder();
        table.AppendLine("| operation | requests | concurrency | errors | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms |");
        table.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var result in run.Results)
        {
            table.AppendLine(Invariant,
                $"| {result.Operation} | {result.Requests} | {result.Concurrency} | {result.Errors} | {result.Throughput:0.0} | {result.Percentile(50):0.00} | {result.Percentile(95):0.00} | {result.Percentile(99):0.00} | {result.Percentile(100):0.00} |");
        }

        return table.ToString();
    }

    /// <summary>Each failure kind with its count, so errors are never only a number.</summary>
    public static IEnumerable<string> ErrorLines(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.WarmupErrors > 0)
        {
            yield return string.Create(Invariant, $"Warm-up: {run.WarmupErrors} of {run.WarmupRequests * run.Results.Count} requests failed.");
        }

        foreach (var result in run.Results)
        {
            foreach (var (kind, count) in result.ErrorsByKind.OrderByDescending(pair => pair.Value))
            {
                yield return string.Create(Invariant, $"Errors in {result.Operation}: {count} × {kind}.");
            }
        }
    }

    public static string MachineLine()
    {
        var configuration = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
        return string.Create(Invariant,
            $"Machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}; benchmark built {configuration}.");
    }

    /// <summary>
    /// The command that repeats this run. The token is replaced by a placeholder because reports end up in
    /// committed files and pasted logs.
    /// </summary>
    public static string CommandLine(BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var arguments = new List<string>(options.Arguments.Count);
        for (var index = 0; index < options.Arguments.Count; index++)
        {
            var redact = index > 0 && options.Arguments[index - 1] == "--token";
            arguments.Add(redact ? "$" + Benchmarks.CommandLine.TokenVariable : Quote(options.Arguments[index]));
        }

        return $"dotnet run --project tests/SomaMemory.Benchmarks -c {configuration} -- {string.Join(' ', arguments)}";
    }

    /// <summary>Single-quotes an argument for a POSIX shell when it holds anything but plain characters.</summary>
    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(character => char.IsAsciiLetterOrDigit(character) || "-_.,:/=@%+".Contains(character, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
