using System.Text.Json;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Telemetry;
using SomaMemory.Grains;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary>Recall by meaning and by keywords: SFM's search routes, POST with a body and GET with a query string.</summary>
public static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/memories").WithTags("Search").RequireAuthorization(SomaPolicies.Read);

        group.MapPost("/search", SearchByBodyAsync)
            .WithName("SearchMemories")
            .WithSummary("Recall memories by meaning, keywords or both")
            .WithDescription("Candidates come from the vector index and from full-text search, are filtered in Postgres, and are ranked by score = w_sim·similarity + w_kw·keyword + w_imp·importance_now + w_rec·recency. Deleted and expired memories never come back.")
            .Accepts<SearchRequest>("application/json")
            .Produces<SearchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/search", SearchByQueryStringAsync)
            .WithName("SearchMemoriesByQueryString")
            .WithSummary("Recall memories (query string form: query, top_k, offset, memory_type, mode, min_score, filters as JSON)")
            .Produces<SearchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    private static async Task<IResult> SearchByBodyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await RequestBody.ReadAsync<SearchRequest>(request);
        return body is null ? problem! : await SearchAsync(request.HttpContext, body, grains);
    }

    private static GatewayMetrics Metrics(HttpContext context) => context.RequestServices.GetRequiredService<GatewayMetrics>();

    private static Task<IResult> SearchByQueryStringAsync(
        HttpContext context,
        IGrainFactory grains,
        string? query,
        string? top_k,
        string? offset,
        string? memory_type,
        string? mode,
        string? min_score,
        string? filters)
    {
        // Parsed by hand so that "top_k=abc" is a 422 that names the field, like the body form.
        if (!QueryParameters.TryInt(top_k, "top_k", out var topK, out var error) || !QueryParameters.TryInt(offset, "offset", out var skip, out error) || !QueryParameters.TryDouble(min_score, "min_score", out var minimum, out error))
        {
            return Task.FromResult(Problems.Unprocessable(error));
        }

        JsonElement? filterElement = null;
        if (!string.IsNullOrEmpty(filters))
        {
            try
            {
                filterElement = JsonSerializer.Deserialize<JsonElement>(filters);
            }
            catch (JsonException)
            {
                return Task.FromResult(Problems.Unprocessable("filters must be a JSON object."));
            }
        }

        var body = new SearchRequest { Query = query, TopK = topK, Offset = skip, MemoryType = memory_type, Mode = mode, MinScore = minimum, Filters = filterElement };
        return SearchAsync(context, body, grains);
    }

    private static async Task<IResult> SearchAsync(HttpContext context, SearchRequest body, IGrainFactory grains)
    {
        if (!RequestNamespace.TryResolve(context, out var memoryNamespace, out var namespaceProblem))
        {
            return namespaceProblem!;
        }

        if (!SearchRequestParser.TryParse(body, out var query, out var error))
        {
            return Problems.Unprocessable(error);
        }

        if (query.Vector is { } vector && await VectorDimension.CheckAsync(grains, memoryNamespace, vector.Length) is { } dimensionProblem)
        {
            return dimensionProblem;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var hits = await grains.GetGrain<IRecallGrain>(0).RecallAsync(memoryNamespace, query);
        Metrics(context).RecordSearch(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new SearchResponse(hits.Select(ToView).ToArray()));
    }

    internal static SearchHitView ToView(RecallHit hit) => new()
    {
        Coordinate = hit.Memory.Coordinate,
        CoordinateKey = hit.Memory.CoordinateKey,
        Payload = JsonSerializer.Deserialize<JsonElement>(hit.Memory.PayloadJson),
        MemoryType = MemoryTypeNames.Format(hit.Memory.MemoryType),
        Importance = hit.Memory.Importance,
        Score = Math.Round(hit.Score, 6),
        Metadata = JsonSerializer.Deserialize<JsonElement>(hit.Memory.MetadataJson),
        Similarity = Math.Round(hit.Similarity, 6),
        Keyword = Math.Round(hit.Keyword, 6),
        ImportanceNow = Math.Round(hit.ImportanceNow, 6),
        Recency = Math.Round(hit.Recency, 6),
        CreatedAt = hit.Memory.CreatedAt,
        UpdatedAt = hit.Memory.UpdatedAt,
    };
}
