using SomaMemory.Contracts;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Security;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary>Stores many memories in one call; each item is validated and stored on its own.</summary>
public static class BulkApi
{
    public const int MaxItems = BulkRules.MaxItems;

    public static IEndpointRouteBuilder MapBulkApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/memories/bulk", StoreManyAsync)
            .WithTags("Memories")
            .RequireAuthorization(SomaPolicies.Write).AllowsLargeBody()
            .WithName("StoreMemoriesInBulk")
            .WithSummary($"Store up to {MaxItems} memories in one call")
            .WithDescription("Items are the bodies of POST /memories. Invalid items are reported by index and the valid ones are still stored; items without a vector are embedded in batches.")
            .Accepts<BulkStoreRequest>("application/json")
            .Produces<BulkStoreResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> StoreManyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (memoryNamespace, body, problem) = await ListRequest.ReadAsync<BulkStoreRequest>(request, read => read.Items?.Count, "items", "memories to store", MaxItems);
        if (body is null)
        {
            return problem!;
        }

        var (items, errors) = BulkRules.Plan(body.Items!.Select(item => item is null ? ((string?, StoreInput)?)null : (item.Coord, StoreRequestParser.ToInput(item))).ToArray());
        var result = items.Count == 0 ? new BulkResult(0, []) : await grains.GetGrain<IMemoryBulkGrain>(0).StoreManyAsync(memoryNamespace, items);
        var allErrors = BulkRules.Merge(errors, result).Select(error => new BulkErrorView(error.Index, error.Detail)).ToArray();
        return TypedResults.Ok(new BulkStoreResponse(result.Stored, allErrors));
    }
}
