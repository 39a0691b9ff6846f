using SomaMemory.Cli;
using SomaMemory.Testing;

namespace SomaMemory.Cli.Tests;

/// <summary>A real gateway (co-hosting a real silo) on a fresh database, and a way to run <c>soma</c> against it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class CliGateway : IAsyncLifetime
{
    private GatewayFactory? _factory;

    public GatewayFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _factory = new GatewayFactory(await TestPostgres.CreateEmptyDatabaseAsync("clitests"));
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            var connectionString = _factory.ConnectionString;
            await _factory.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>Runs soma with the token and URL in the environment (as a user's shell would hold them) plus <paramref name="variables"/>.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    public async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> variables, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            [GlobalOptions.UrlVariable] = Factory.Server.BaseAddress.ToString(),
            [GlobalOptions.TokenVariable] = GatewayFactory.Token,
        };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return await CliRun.RunAsync(args, environment, () => Factory.Server.CreateHandler());
    }
}

/// <summary>One run of the CLI: its exit code and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string?> variables, Func<HttpMessageHandler>? handler)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Variable = name => variables.TryGetValue(name, out var value) ? value : null,
            Handler = handler,
        };
        var code = await SomaCli.RunAsync(args, environment);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Out).RootElement;

    /// <summary>A failure message is one clear line: never a .NET stack trace.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", Error, StringComparison.Ordinal);
    }
}
