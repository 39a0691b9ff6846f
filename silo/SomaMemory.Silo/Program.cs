using Microsoft.Extensions.Hosting;
using SomaMemory.Silo.Hosting;

namespace SomaMemory.Silo;

/// <summary>
/// A silo with no HTTP front: gateways run elsewhere and reach it through the Orleans client. An explicit class,
/// not top-level statements, so that its name does not clash with the gateway's Program in the same test process.
/// </summary>
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddSomaEnvironmentAliases();
        builder.AddSomaMemorySilo();
        await builder.Build().RunAsync();
    }
}
