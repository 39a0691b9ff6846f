using SomaMemory.Cli;

return await SomaCli.RunAsync(args, CliEnvironment.FromConsole());
