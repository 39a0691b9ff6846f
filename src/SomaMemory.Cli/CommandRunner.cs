using System.CommandLine;
using Microsoft.Extensions.Options;
using SomaMemory.Cli.Output;
using SomaMemory.Client;
using SomaMemory.Client.Http;

namespace SomaMemory.Cli;

/// <summary>
/// Runs one command's body with a client and a printer, and turns every failure into a clear one-line message and
/// its exit code: never a stack trace.
/// </summary>
public sealed class CommandRunner(CliEnvironment environment, GlobalOptions globals)
{
    public CliEnvironment Environment { get; } = environment;

    public void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var printer = new Printer(Environment.Out, Environment.Error, parseResult.GetValue(globals.Json));
            using var context = new CommandContext(parseResult, Environment, globals, printer);
            try
            {
                return await body(context, cancellationToken);
            }
            catch (SomaMemoryException failure)
            {
                printer.Problem(Describe(failure));
                return ExitCodes.For(failure);
            }
            catch (UsageException usage)
            {
                printer.Problem(usage.Message);
                return ExitCodes.Usage;
            }
            catch (Exception file) when (file is IOException or UnauthorizedAccessException)
            {
                printer.Problem(file.Message);
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                printer.Problem("cancelled.");
                return ExitCodes.Server;
            }
            catch (Exception unexpected)
            {
                // The message only: a stack trace helps nobody at a prompt, and the server logs carry the rest.
                printer.Problem($"unexpected failure ({unexpected.GetType().Name}): {unexpected.Message}");
                return ExitCodes.Server;
            }
        });
    }

    private static string Describe(SomaMemoryException failure) => failure.Status switch
    {
        null => failure.Detail,
        401 => $"authentication failed (401): {failure.Detail} Pass --token or set {GlobalOptions.TokenVariable}.",
        403 => $"forbidden (403): {failure.Detail}",
        404 => $"not found (404): {failure.Detail}",
        >= 500 => $"server error ({failure.Status}): {failure.Detail}",
        _ => $"refused ({failure.Status}): {failure.Detail}",
    };
}

/// <summary>One invocation: its parsed options, printer and (created on first use) HTTP client.</summary>
public sealed class CommandContext(ParseResult parseResult, CliEnvironment environment, GlobalOptions globals, Printer printer) : IDisposable
{
    private HttpClient? _http;
    private SomaMemoryHttpClient? _client;

    public ParseResult Parse { get; } = parseResult;

    public Printer Printer { get; } = printer;

    public CliEnvironment Environment { get; } = environment;

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>The SDK's HTTP client, configured from the flags, else the environment, else the defaults.</summary>
    public SomaMemoryHttpClient Client => _client ??= CreateClient();

    public void Dispose() => _http?.Dispose();

    private SomaMemoryHttpClient CreateClient()
    {
        var url = Setting(globals.Url, GlobalOptions.UrlVariable);
        var baseAddress = SomaMemoryHttpOptions.DefaultBaseAddress;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out baseAddress) || baseAddress.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--url must be an absolute http(s) URL; got '{url}'.");
        }

        _http = Environment.Handler is { } handler ? new HttpClient(handler(), disposeHandler: true) : new HttpClient();
        _http.Timeout = Timeout.InfiniteTimeSpan;
        var options = new SomaMemoryHttpOptions
        {
            BaseAddress = baseAddress,
            Token = Setting(globals.Token, GlobalOptions.TokenVariable),
            Namespace = Setting(globals.Namespace, GlobalOptions.NamespaceVariable),
        };
        return new SomaMemoryHttpClient(_http, Options.Create(options));
    }

    private string? Setting(Option<string?> option, string variable)
    {
        var value = Parse.GetValue(option);
        if (string.IsNullOrEmpty(value))
        {
            value = Environment.Variable(variable);
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }
}
