// The docs/sdk.md sample. One ISomaMemory, two ways to reach the grid:
//   dotnet run --project docs/samples/SomaMemory.Sample -- http      (SOMA_URL, SOMA_API_TOKEN)
//   dotnet run --project docs/samples/SomaMemory.Sample -- orleans   (SOMA_POSTGRES, Soma__Cluster__ClusterId)
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SomaMemory.Client;
using SomaMemory.Client.Http;

var mode = args.FirstOrDefault() ?? "http";
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (mode == "orleans")
{
    // Inside the cluster: an Orleans client that finds the silos through the membership table in Postgres.
    builder.Configuration[ClientHostingExtensions.ConnectionStringKey] ??= Environment.GetEnvironmentVariable("SOMA_POSTGRES");
    builder.AddSomaMemoryClient(options => options.Namespace = "sample");
}
else
{
    // Outside it: the gateway's HTTP API.
    builder.Services.AddSomaMemoryHttpClient(options =>
    {
        options.BaseAddress = new Uri(Environment.GetEnvironmentVariable("SOMA_URL") ?? "http://127.0.0.1:10101");
        options.Token = Environment.GetEnvironmentVariable("SOMA_API_TOKEN");
        options.Namespace = "sample";
    });
}

using var host = builder.Build();
await host.StartAsync();
var memory = host.Services.GetRequiredService<ISomaMemory>();

try
{
    var stored = await memory.StoreAsync(NewMemory.From("1,2,3", new { text = "The cat sat on the mat" }));
    Console.WriteLine($"stored {stored.CoordinateKey}, version {stored.Version}");

    await memory.StoreManyAsync(
    [
        NewMemory.From("1,2,4", new { text = "A kitten was sleeping on the rug" }),
        NewMemory.From("9,9,9", new { text = "Quarterly revenue grew by ten percent" }, MemoryKind.Semantic),
    ]);

    var got = await memory.GetAsync("1.0, 2.0, 3.0");
    Console.WriteLine($"got {got?.Payload.GetProperty("text").GetString()}");

    foreach (var hit in await memory.SearchAsync(new MemorySearch { Query = "where do cats sleep", TopK = 2 }))
    {
        Console.WriteLine($"{hit.Score:F3} {hit.CoordinateKey} {hit.Payload.GetProperty("text").GetString()}");
    }

    await memory.LinkAsync(new NewLink { From = "1,2,3", To = "1,2,4", LinkType = "similar" });
    var path = await memory.PathAsync(new PathSearch { From = "1,2,3", To = "1,2,4" });
    Console.WriteLine(path.Found ? "path: " + string.Join(" -> ", path.Coordinates) : "no path");

    var stats = await memory.StatsAsync();
    Console.WriteLine($"{stats.Namespace}: {stats.TotalMemories} memories");
}
catch (SomaMemoryException failure)
{
    // Every refusal carries the gateway's status (null when the server could not be reached) and its detail.
    Console.Error.WriteLine($"SomaMemory said {failure.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}: {failure.Detail}");
    return 1;
}
finally
{
    await host.StopAsync();
}

return 0;
