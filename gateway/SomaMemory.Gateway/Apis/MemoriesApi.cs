using System.Diagnostics;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Coordinates;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Telemetry;
using SomaMemory.Grains;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary>SFM's memory routes: store, get and delete one memory by coordinate.</summary>
public static class MemoriesApi
{
    public static IEndpointRouteBuilder MapMemoriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/memories").WithTags("Memories").RequireAuthorization();

        group.MapPost("", StoreAsync)
            .RequireAuthorization(SomaPolicies.Write)
            .WithName("StoreMemory")
            .WithSummary("Store a memory at a coordinate (idempotent upsert)")
            .WithDescription("Storing again replaces payload and type, and revives a deleted memory. The row is committed in Postgres before the answer.")
            .Accepts<StoreMemoryRequest>("application/json")
            .Produces<StoreMemoryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{coord}", GetAsync)
            .RequireAuthorization(SomaPolicies.Read)
            .WithName("GetMemory")
            .WithSummary("Get the memory at a coordinate")
            .Produces<GetMemoryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{coord}", DeleteAsync)
            .RequireAuthorization(SomaPolicies.Write).Audited("memory.delete")
            .WithName("DeleteMemory")
            .WithSummary("Delete the memory at a coordinate")
            .WithDescription("Answers deleted=false when there was nothing to delete. With hard=true (admin only) the memory is erased: its row, history, links and vector, with nothing kept to restore it.")
            .Produces<DeleteMemoryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return app;
    }

    private static async Task<IResult> StoreAsync(HttpRequest request, IGrainFactory grains, GatewayMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        if (!RequestNamespace.TryResolve(request.HttpContext, out var memoryNamespace, out var problem))
        {
            return problem!;
        }

        var (body, bodyProblem) = await RequestBody.ReadAsync<StoreMemoryRequest>(request);
        if (body is null)
        {
            return bodyProblem!;
        }

        if (!StoreRequestParser.TryParse(body, out var coordinate, out var command, out var errorStatus, out var error))
        {
            return Problems.Result(errorStatus, error);
        }

        if (command.Vector is { } vector && await VectorDimension.CheckAsync(grains, memoryNamespace, vector.Length) is { } dimensionProblem)
        {
            return dimensionProblem;
        }

        var stored = await grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, coordinate.Key)).StoreAsync(command);
        metrics.RecordStore(Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new StoreMemoryResponse(body.Coord!, MemoryTypeNames.Format(stored.MemoryType), stored.CoordinateKey, stored.Version));
    }

    private static async Task<IResult> GetAsync(string coord, HttpContext context, IGrainFactory grains, GatewayMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        if (!TryLocate(coord, context, out var grainKey, out var problem))
        {
            return problem;
        }

        var memory = await grains.GetGrain<IMemoryNodeGrain>(grainKey).GetAsync();
        metrics.RecordGet(Stopwatch.GetElapsedTime(started));
        return memory is null ? Problems.NotFound("Memory not found") : TypedResults.Ok(new GetMemoryResponse(ToView(memory)));
    }

    private static async Task<IResult> DeleteAsync(string coord, string? hard, HttpContext context, IGrainFactory grains)
    {
        if (!TryLocate(coord, context, out var grainKey, out var problem))
        {
            return problem;
        }

        if (!HardDelete.TryParse(hard, out var erase, out var hardProblem))
        {
            return hardProblem;
        }

        if (erase)
        {
            return await HardDelete.EraseAsync(coord, grainKey, context, grains);
        }

        var deleted = await grains.GetGrain<IMemoryNodeGrain>(grainKey).DeleteAsync();
        return TypedResults.Ok(new DeleteMemoryResponse(coord, deleted));
    }

    internal static bool TryLocate(string coord, HttpContext context, out string grainKey, out IResult problem)
    {
        grainKey = "";
        if (!RequestNamespace.TryResolve(context, out var memoryNamespace, out var namespaceProblem))
        {
            problem = namespaceProblem!;
            return false;
        }

        if (!CoordinateParser.TryParse(coord, out var coordinate, out var error))
        {
            problem = Problems.BadRequest(error);
            return false;
        }

        grainKey = GrainKeys.ForMemory(memoryNamespace, coordinate.Key);
        problem = Results.Empty;
        return true;
    }

    internal static MemoryView ToView(MemoryRecord memory) => new()
    {
        Coordinate = memory.Coordinate,
        CoordinateKey = memory.CoordinateKey,
        Payload = JsonSerializer.Deserialize<JsonElement>(memory.PayloadJson),
        MemoryType = MemoryTypeNames.Format(memory.MemoryType),
        Metadata = JsonSerializer.Deserialize<JsonElement>(memory.MetadataJson),
        Importance = memory.Importance,
        CreatedAt = memory.CreatedAt,
        UpdatedAt = memory.UpdatedAt,
        LastAccessedAt = memory.LastAccessedAt,
        AccessCount = memory.AccessCount,
        ExpiresAt = memory.ExpiresAt,
        Version = memory.Version,
    };
}
