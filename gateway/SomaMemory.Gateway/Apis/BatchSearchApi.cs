using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary>Many recalls in one call; each query is validated and answered on its own.</summary>
public static class BatchSearchApi
{
    public const int MaxQueries = 100;

    /// <summary>Queries run at a time: enough to overlap embedding and Postgres, few enough to leave room for others.</summary>
    private const int QueriesInFlight = 8;

    public static IEndpointRouteBuilder MapBatchSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/memories/search/batch", SearchManyAsync)
            .WithTags("Search")
            .RequireAuthorization(SomaPolicies.Read)
            .WithName("SearchMemoriesInBatch")
            .WithSummary($"Run up to {MaxQueries} searches in one call")
            .WithDescription("Each query is a body of POST /memories/search. results[i] answers queries[i]; a query that fails has results[i] = null and an entry {index, status, detail} in errors, and the other queries are still answered.")
            .Accepts<BatchSearchRequest>("application/json")
            .Produces<BatchSearchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> SearchManyAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (memoryNamespace, body, problem) = await ListRequest.ReadAsync<BatchSearchRequest>(request, read => read.Queries?.Count, "queries", "search bodies", MaxQueries);
        if (body is null)
        {
            return problem!;
        }

        var policy = await grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetPolicyAsync();
        var results = new IReadOnlyList<SearchHitView>?[body.Queries!.Count];
        var errors = new BatchSearchError?[body.Queries!.Count];
        var recall = grains.GetGrain<IRecallGrain>(0);
        using var inFlight = new SemaphoreSlim(QueriesInFlight);
        await Task.WhenAll(body.Queries!.Select(async (element, index) =>
        {
            if (!TryParse(element, json.Value.SerializerOptions, policy, out var query, out var error))
            {
                errors[index] = error! with { Index = index };
                return;
            }

            await inFlight.WaitAsync(request.HttpContext.RequestAborted);
            try
            {
                var hits = await recall.RecallAsync(memoryNamespace, query);
                results[index] = hits.Select(SearchApi.ToView).ToArray();
            }
            catch (ArgumentException exception)
            {
                // What the grid refuses (a model that does not fit the namespace) is this query's 422, as on /search.
                errors[index] = new BatchSearchError(index, StatusCodes.Status422UnprocessableEntity, ValidationMessages.Describe(exception));
            }
            finally
            {
                inFlight.Release();
            }
        }));

        return TypedResults.Ok(new BatchSearchResponse(results, errors.Where(error => error is not null).Select(error => error!).ToArray()));
    }

    /// <summary>The checks of POST /memories/search, with its statuses, for one query of the batch.</summary>
    private static bool TryParse(JsonElement element, JsonSerializerOptions json, NamespacePolicy policy, out RecallQuery query, out BatchSearchError? error)
    {
        query = null!;
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = new BatchSearchError(0, StatusCodes.Status422UnprocessableEntity, "The query must be a JSON object.");
        }
        else
        {
            SearchRequest? request = null;
            try
            {
                request = element.Deserialize<SearchRequest>(json);
            }
            catch (JsonException exception)
            {
                var field = exception.Path is { Length: > 2 } path ? path[2..] : "a field";
                error = new BatchSearchError(0, StatusCodes.Status422UnprocessableEntity, $"{field} has the wrong type.");
            }

            if (request is not null && !SearchRequestParser.TryParse(request, out query, out var detail))
            {
                error = new BatchSearchError(0, StatusCodes.Status422UnprocessableEntity, detail);
            }
            else if (request?.Vector is { } vector && vector.Length != policy.VectorDimension)
            {
                error = new BatchSearchError(0, StatusCodes.Status400BadRequest, $"vector has {vector.Length} dimensions; this namespace holds vectors of {policy.VectorDimension}.");
            }
        }

        return error is null;
    }
}
