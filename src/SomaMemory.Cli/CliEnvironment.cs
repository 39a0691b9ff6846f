namespace SomaMemory.Cli;

/// <summary>
/// What the CLI touches outside itself: its streams, the environment, and how it reaches the gateway. Tests give
/// their own, with an in-memory gateway's handler.
/// </summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required Func<string, string?> Variable { get; init; }

    /// <summary>Whether stderr is a terminal: the progress bar is drawn only there, so logs never fill with it.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The handler HTTP calls go through; null opens real connections.</summary>
    public Func<HttpMessageHandler>? Handler { get; init; }

    public static CliEnvironment FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Variable = Environment.GetEnvironmentVariable,
        ErrorIsTerminal = !Console.IsErrorRedirected,
    };
}
