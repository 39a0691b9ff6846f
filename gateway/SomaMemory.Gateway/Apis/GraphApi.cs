using System.Diagnostics;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Telemetry;
using SomaMemory.Grains;

namespace SomaMemory.Gateway.Apis;

/// <summary>SFM's graph routes: typed weighted links, k-hop neighbours and shortest paths.</summary>
public static class GraphApi
{
    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/graph").WithTags("Graph").RequireAuthorization();

        group.MapPost("/link", LinkAsync)
            .RequireAuthorization(SomaPolicies.Write)
            .WithName("LinkMemories")
            .WithSummary("Link two coordinates (an upsert on from, to and link type)")
            .WithDescription("Either end may be a coordinate that holds no memory, as in SFM. Storing the link again replaces its strength and metadata and keeps its creation time.")
            .Accepts<LinkRequest>("application/json")
            .Produces<LinkResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/neighbors", NeighborsAsync)
            .RequireAuthorization(SomaPolicies.Read)
            .WithName("GetNeighbors")
            .WithSummary("Neighbours of a coordinate up to k hops")
            .WithDescription("Ordered by hop, then coordinate key. direction is out (default), in or both; k_hop is 1 to 5.")
            .Produces<NeighborsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/path", PathAsync)
            .RequireAuthorization(SomaPolicies.Read)
            .WithName("FindPath")
            .WithSummary("The shortest path between two coordinates along outgoing links")
            .WithDescription("Fewest links by default; with weighted=true, the lowest sum of 1/strength. Not found is found=false, never an error.")
            .Produces<PathResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    private static async Task<IResult> LinkAsync(HttpRequest request, IGrainFactory grains)
    {
        if (!RequestNamespace.TryResolve(request.HttpContext, out var memoryNamespace, out var namespaceProblem))
        {
            return namespaceProblem!;
        }

        var (body, bodyProblem) = await RequestBody.ReadAsync<LinkRequest>(request);
        if (body is null)
        {
            return bodyProblem!;
        }

        if (!GraphRequestParser.TryParseLink(body, out var from, out var command, out var status, out var error))
        {
            return Problems.Result(status, error);
        }

        var link = await grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, from.Key)).LinkAsync(command);
        return TypedResults.Ok(new LinkResponse(
            body.FromCoord!, body.ToCoord!, link.LinkType, Ok: true, link.FromKey, link.ToKey, link.Strength, link.CreatedAt, link.UpdatedAt));
    }

    private static async Task<IResult> NeighborsAsync(
        HttpContext context,
        IGrainFactory grains,
        string? coord,
        string? k_hop,
        string? limit,
        string? offset,
        string? link_type,
        string? direction)
    {
        if (!RequestNamespace.TryResolve(context, out var memoryNamespace, out var namespaceProblem))
        {
            return namespaceProblem!;
        }

        if (!GraphRequestParser.TryParseNeighbors(coord, k_hop, limit, offset, link_type, direction, out var query, out var problem))
        {
            return problem;
        }

        var started = Stopwatch.GetTimestamp();
        var hits = await grains.GetGrain<IGraphGrain>(0).NeighborsAsync(memoryNamespace, query);
        Metrics(context).RecordGraph("neighbors", Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new NeighborsResponse(coord!, hits.Select(ToView).ToArray()));
    }

    private static async Task<IResult> PathAsync(
        HttpContext context,
        IGrainFactory grains,
        string? from_coord,
        string? to_coord,
        string? max_length,
        string? link_type,
        string? weighted)
    {
        if (!RequestNamespace.TryResolve(context, out var memoryNamespace, out var namespaceProblem))
        {
            return namespaceProblem!;
        }

        if (!GraphRequestParser.TryParsePath(from_coord, to_coord, max_length, link_type, weighted, out var query, out var problem))
        {
            return problem;
        }

        var started = Stopwatch.GetTimestamp();
        var path = await grains.GetGrain<IGraphGrain>(0).PathAsync(memoryNamespace, query);
        Metrics(context).RecordGraph("path", Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new PathResponse(
            from_coord!, to_coord!, path.Keys, path.LinkTypes, path.Found, path.LinkTypes.Count, Math.Round(path.Cost, 9)));
    }

    private static GatewayMetrics Metrics(HttpContext context) => context.RequestServices.GetRequiredService<GatewayMetrics>();

    private static NeighborView ToView(NeighborHit hit) => new()
    {
        Coordinate = CoordinateParser.Parse(hit.Key).Values,
        CoordinateKey = hit.Key,
        LinkType = hit.Via.LinkType,
        Strength = hit.Via.Strength,
        Hop = hit.Hop,
        FromCoord = hit.Via.FromKey,
        ToCoord = hit.Via.ToKey,
        Metadata = JsonSerializer.Deserialize<JsonElement>(hit.Via.MetadataJson),
        CreatedAt = hit.Via.CreatedAt,
    };
}
