namespace SomaMemory.Benchmarks;

/// <summary>What a scenario prints: the Markdown under the machine and command lines, and whether the run failed.</summary>
/// <param name="Section">The name between the report markers: the scenario, or recall:N so that sizes sit side by side.</param>
/// <param name="Body">The table and any error lines, as Markdown.</param>
internal sealed record ScenarioReport(string Section, string Body, bool HasErrors);
