using System.Reflection;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Health;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;
using SomaMemory.Indexing;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary>SFM's status routes: banner, ping, probes, health and per-namespace statistics.</summary>
public static class StatusApi
{
    private static readonly DateTimeOffset StartedAt = ProcessStartTime();

    private static readonly string Version =
        typeof(StatusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("").WithTags("Status").AllowAnonymous();
        open.MapGet("/", () => TypedResults.Ok(new RootResponse("online", "SomaMemory is running; SFM-compatible API.", "/metrics")))
            .WithName("Root").WithSummary("Service banner");
        open.MapGet("/ping", () => TypedResults.Ok(new PingResponse("pong")))
            .WithName("Ping").WithSummary("Liveness ping");

        open.MapGet("/healthz", LivenessAsync)
            .WithName("Liveness")
            .WithSummary("Liveness: the stores are reachable")
            .WithDescription("All three flags report Postgres, which holds memories, embeddings and (later) links; the vector index is derived from it and rebuilt on demand.")
            .Produces<ProbeResponse>()
            .Produces<ProbeResponse>(StatusCodes.Status503ServiceUnavailable);
        open.MapGet("/readyz", ReadinessAsync)
            .WithName("Readiness")
            .WithSummary("Readiness: Postgres at the schema head and a silo serving")
            .Produces<ProbeResponse>()
            .Produces<ProbeResponse>(StatusCodes.Status503ServiceUnavailable);

        var secured = app.MapGroup("").WithTags("Status").RequireAuthorization(SomaPolicies.Read);
        // Grid-wide counts and index lag describe every tenant, so they are for operators; probes use /healthz.
        secured.MapGet("/health", HealthAsync).RequireAuthorization(SomaPolicies.Admin)
            .WithName("Health")
            .WithSummary("Detailed health of every dependency, with grid-wide counts")
            .Produces<HealthResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        secured.MapGet("/stats", StatsAsync)
            .WithName("Stats")
            .WithSummary("Memory counts of the request's namespace")
            .Produces<StatsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> LivenessAsync(GridHealthProbe probe, CancellationToken cancellationToken)
    {
        var postgres = await probe.CheckPostgresAsync(cancellationToken);
        return Probe(postgres.Healthy, postgres.Healthy);
    }

    private static async Task<IResult> ReadinessAsync(GridHealthProbe probe, CancellationToken cancellationToken)
    {
        var postgres = await probe.CheckPostgresAsync(cancellationToken);
        var cluster = await probe.CheckClusterAsync();
        return Probe(postgres.Healthy, postgres.Healthy && cluster.Healthy);
    }

    private static IResult Probe(bool storesUp, bool ready)
    {
        var body = new ProbeResponse(storesUp, storesUp, storesUp);
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> HealthAsync(GridHealthProbe probe, GridCounts gridCounts, IIndexingRepository indexing, TimeProvider clock, CancellationToken cancellationToken)
    {
        var services = new List<ServiceHealth> { await probe.CheckPostgresAsync(cancellationToken), await probe.CheckClusterAsync() };
        DatabaseCounts? counts = null;
        IndexLagView? lag = null;
        if (services[0].Healthy)
        {
            try
            {
                var grid = await gridCounts.GetAsync(cancellationToken);
                counts = new DatabaseCounts(grid.TotalMemories, grid.EpisodicMemories, grid.SemanticMemories, grid.TotalLinks, grid.TotalNamespaces);
                var pending = await indexing.GetLagAsync(null, clock.GetUtcNow(), cancellationToken);
                lag = new IndexLagView(pending.Pending, Math.Round(pending.OldestAge.TotalSeconds, 1));
                services.Add(new ServiceHealth("vector-index", true, 0, $"{pending.Pending} change(s) not yet in a saved index; oldest {lag.OldestAgeSeconds} s"));
            }
            catch (Npgsql.NpgsqlException)
            {
                // Postgres went away between the check and the count: report what is known rather than fail.
                services[0] = services[0] with { Healthy = false, Details = "counting failed" };
            }
        }

        var healthyCount = services.Count(service => service.Healthy);
        var status = healthyCount == services.Count ? "healthy" : healthyCount == 0 ? "unhealthy" : "degraded";
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new HealthResponse(healthyCount == services.Count, status, Version, Math.Round(Math.Max(0, (now - StartedAt).TotalSeconds), 1), now, services, counts, lag));
    }

    private static DateTimeOffset ProcessStartTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime());
    }

    private static async Task<IResult> StatsAsync(HttpContext context, IGrainFactory grains)
    {
        if (!RequestNamespace.TryResolve(context, out var memoryNamespace, out var problem))
        {
            return problem!;
        }

        var statistics = await grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetStatisticsAsync();
        return TypedResults.Ok(new StatsResponse(statistics.TotalMemories, statistics.Episodic, statistics.Semantic, memoryNamespace));
    }
}
