using System.CommandLine;

namespace SomaMemory.Cli;

/// <summary>Options every command takes; each falls back to an environment variable.</summary>
public sealed class GlobalOptions
{
    public const string UrlVariable = "SOMA_URL";
    public const string TokenVariable = "SOMA_API_TOKEN";
    public const string NamespaceVariable = "SOMA_NAMESPACE";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The gateway's URL (env {UrlVariable}; default http://127.0.0.1:10101).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The API token (env {TokenVariable}).",
        Recursive = true,
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = $"The namespace to act in (env {NamespaceVariable}; default: the API key's default namespace).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print results as JSON, for scripts.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Namespace);
        command.Options.Add(Json);
    }
}
