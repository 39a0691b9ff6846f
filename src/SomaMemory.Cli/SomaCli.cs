using System.CommandLine;
using SomaMemory.Cli.Commands;

namespace SomaMemory.Cli;

/// <summary>The <c>soma</c> command tree. Parse errors exit 1 (System.CommandLine's own code for them).</summary>
public static class SomaCli
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Build(environment);
        var configuration = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    public static RootCommand Build(CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("soma: store, recall and link memories in SomaMemory, and administer it.");
        globals.AddTo(root);
        var runner = new CommandRunner(environment, globals);
        MemoryCommands.AddTo(root, runner);
        GraphCommands.AddTo(root, runner);
        PortabilityCommands.AddTo(root, runner);
        AdminCommands.AddTo(root, runner);
        return root;
    }
}
