using Orleans.Dashboard;
using Scalar.AspNetCore;
using SomaMemory.Gateway.Apis;

namespace SomaMemory.Gateway.Extensions;

public static class GatewayPipelineExtensions
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        // Unknown routes and wrong methods get a JSON problem rather than an empty body.
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapOpenApi("/openapi.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options.WithTitle("SomaMemory API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization().ExcludeFromDescription();

        app.MapStatusApi();
        app.MapSearchApi();
        app.MapBulkApi();
        app.MapMemoriesApi();
        app.MapHistoryApi();
        app.MapNamespacesApi();
        return app;
    }
}
