using Orleans.Dashboard;
using Scalar.AspNetCore;
using SomaMemory.Gateway.Apis;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Security;

namespace SomaMemory.Gateway.Extensions;

public static class GatewayPipelineExtensions
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        // Unknown routes and wrong methods get a JSON problem rather than an empty body.
        app.UseStatusCodePages();
        app.UseSomaSecurity();

        app.MapOpenApi().AllowAnonymous();
        app.MapOpenApi("/openapi.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options.WithTitle("SomaMemory API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(SomaPolicies.Admin).ExcludeFromDescription();

        app.MapStatusApi();
        app.MapSearchApi();
        app.MapBatchSearchApi();
        app.MapBulkApi();
        app.MapDeleteManyApi();
        app.MapExportApi();
        app.MapImportApi();
        app.MapMemoriesApi();
        app.MapGraphApi();
        app.MapBulkLinkApi();
        app.MapAdminKeysApi();
        app.MapHistoryApi();
        app.MapNamespacesApi();
        return app;
    }
}
