using SomaMemory.Gateway.Extensions;

// appsettings.json sits beside the binary; the working directory may be anywhere (make run starts it from the repo).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGatewayServices();

var app = builder.Build();
app.MapGateway();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
