using Microsoft.Extensions.Hosting;
using SomaMemory.Silo.Hosting;

// A silo with no HTTP front: the gateway runs elsewhere and reaches it through the Orleans client.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddSomaEnvironmentAliases();
builder.AddSomaMemorySilo();
await builder.Build().RunAsync();
