using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using SomaMemory.Client;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Health;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Options;
using SomaMemory.Gateway.Security;
using SomaMemory.Gateway.Telemetry;
using SomaMemory.Postgres;
using SomaMemory.Silo.Hosting;

namespace SomaMemory.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    /// <summary>Everything the gateway process needs, co-hosting a silo or connecting to one per <see cref="GatewayOptions.Mode"/>.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddSomaEnvironmentAliases();

        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        // Any explicit address (--urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS as container images set it) wins.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls(gateway.DefaultUrl);
        }

        if (gateway.Mode == GatewayMode.Client)
        {
            builder.AddSomaMemoryClient(client => client.AddDashboard());
        }
        else
        {
            builder.AddSomaMemorySilo();
        }

        var services = builder.Services;
        services.AddSomaPostgres();
        services.TryAddSingletonTimeProvider();
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => SomaMemory.Namespaces.NamespaceName.IsValid(options.DefaultNamespace, out _), "Soma:Gateway:DefaultNamespace is not a valid namespace name.")
            .ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<BootstrapToken>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddSomaPolicies();
        builder.AddSomaSecurity();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // SFM clients read only "detail", so every problem has one, including the framework's own 404/405/415.
            context.ProblemDetails.Detail ??= Problems.DefaultDetail(context.ProblemDetails.Status);
            // The W3C trace id, so that an error a client reports can be found among the exported traces.
            context.ProblemDetails.Extensions["trace_id"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<GridExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            // SFM's field names are exact: "Coord" is not "coord", and a duplicate in another case must not win.
            options.SerializerOptions.PropertyNameCaseInsensitive = false;
            // Bodies are parsed at most 64 deep, so a stored payload can be 63 deep; answers wrap it in a few more
            // levels ($.memories[i].payload), which at the default 64 made such a memory unreadable (a 500).
            options.SerializerOptions.MaxDepth = 128;
        });
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SomaMemory";
            document.Info.Description = "A clustered long-term memory for AI agents, speaking SomaFractalMemory's HTTP contract.";
            return Task.CompletedTask;
        }));

        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GridHealthProbe>();
        services.AddSingleton<GridCounts>();
        services.AddHostedService<IndexLagSampler>();
        builder.AddTelemetry();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    /// <summary>Traces and metrics: Orleans' own meter and sources, ASP.NET Core, the runtime and SomaMemory's meter.</summary>
    private static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var exportOtlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", GatewayMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation();
                if (exportOtlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
    }
}
