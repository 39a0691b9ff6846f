using SomaMemory.Gateway.Auth;
using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary><c>GET /memories/{coord}/history</c>: the previous versions of one memory.</summary>
public static class HistoryApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/memories/{coord}/history", GetAsync)
            .WithTags("Memories")
            .RequireAuthorization(SomaPolicies.Read)
            .WithName("GetMemoryHistory")
            .WithSummary("The previous versions of a memory, newest first")
            .WithDescription($"Every store, delete or archive keeps the version it replaces. limit: 1 to {MaxLimit}, default {DefaultLimit}. Reading history is not an access: it neither counts nor reinforces.")
            .Produces<MemoryHistoryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(string coord, string? limit, HttpContext context, IGrainFactory grains)
    {
        if (!MemoriesApi.TryLocate(coord, context, out var grainKey, out var problem))
        {
            return problem;
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Problems.BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var history = await grains.GetGrain<IMemoryNodeGrain>(grainKey).GetHistoryAsync(count);
        if (history.CurrentVersion is null && history.Versions.Count == 0)
        {
            return Problems.NotFound("Memory not found: it was never stored, or it was erased.");
        }

        var coordinateKey = GrainKeys.ParseMemory(grainKey).CoordinateKey;
        return TypedResults.Ok(new MemoryHistoryResponse(coord, coordinateKey, history.CurrentVersion, history.CurrentIsLive, history.Versions.Select(ToView).ToArray()));
    }

    private static MemoryVersionView ToView(MemoryHistoryEntry entry) => new()
    {
        Version = entry.Version,
        Payload = JsonSerializer.Deserialize<JsonElement>(entry.PayloadJson),
        MemoryType = MemoryTypeNames.Format(entry.MemoryType),
        Metadata = JsonSerializer.Deserialize<JsonElement>(entry.MetadataJson),
        Importance = entry.Importance,
        CreatedAt = entry.CreatedAt,
        UpdatedAt = entry.UpdatedAt,
        ExpiresAt = entry.ExpiresAt,
        DeletedAt = entry.DeletedAt,
        ReplacedAt = entry.ReplacedAt,
    };
}
