using System.Globalization;
using System.Text;

namespace SomaMemory.Benchmarks;

/// <summary>
/// Keeps one scenario's latest report in a Markdown file, between <c>&lt;!-- bench:NAME:start --&gt;</c> and
/// <c>&lt;!-- bench:NAME:end --&gt;</c>, so repeated runs refresh it without touching the rest of the file.
/// </summary>
internal static class ReportSection
{
    public static string Render(BenchmarkOptions options, ScenarioReport report, DateTimeOffset measuredAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var section = new StringBuilder();
        section.AppendLine(StartMarker(report.Section));
        section.AppendLine(CultureInfo.InvariantCulture, $"Measured {measuredAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        section.AppendLine();
        section.AppendLine(MarkdownReport.MachineLine());
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"Command: `{MarkdownReport.CommandLine(options)}`");
        section.AppendLine();
        section.Append(report.Body);
        section.Append(EndMarker(report.Section));
        return section.ToString();
    }

    /// <summary>Replaces the marked section of <paramref name="path"/>, or appends it; null on success, else why not.</summary>
    public static string? Write(string path, string scenario, string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var start = StartMarker(scenario);
        var end = EndMarker(scenario);
        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, "# Benchmarks\n\n" + section + "\n");
            return null;
        }

        var text = File.ReadAllText(path);
        var startIndex = text.IndexOf(start, StringComparison.Ordinal);
        var endIndex = startIndex < 0 ? -1 : text.IndexOf(end, startIndex, StringComparison.Ordinal);
        if (startIndex < 0 && !text.Contains(end, StringComparison.Ordinal))
        {
            var separator = text.Length == 0 || text.EndsWith("\n\n", StringComparison.Ordinal) ? "" : text.EndsWith('\n') ? "\n" : "\n\n";
            File.WriteAllText(path, text + separator + section + "\n");
            return null;
        }

        if (startIndex < 0 || endIndex < 0)
        {
            // A lone marker means someone edited the file by hand; guessing where the section ends could
            // delete their text, so leave the file alone.
            return $"{path} has only one of the markers {start} and {end}; fix the file and run again.";
        }

        File.WriteAllText(path, string.Concat(text.AsSpan(0, startIndex), section, text.AsSpan(endIndex + end.Length)));
        return null;
    }

    private static string StartMarker(string scenario) => $"<!-- bench:{scenario}:start -->";

    private static string EndMarker(string scenario) => $"<!-- bench:{scenario}:end -->";
}
