using System.Text.Json;
using SomaMemory.Coordinates;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;

namespace SomaMemory.Gateway.Apis;

/// <summary>Deletes many memories in one call, each through its node grain as a single delete would.</summary>
public static class DeleteManyApi
{
    public const int MaxCoords = 10_000;

    private const int DeletesInFlight = 32;

    public static IEndpointRouteBuilder MapDeleteManyApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/memories/delete", DeleteManyAsync)
            .WithTags("Memories")
            .RequireAuthorization(SomaPolicies.Write).Audited("memory.delete_many")
            .WithName("DeleteMemoriesInBulk")
            .WithSummary($"Delete up to {MaxCoords} memories in one call")
            .WithDescription("coords holds coordinate strings. Each valid one is answered in results with deleted true or false (nothing live there); bad coordinates and repeats are reported in errors by index, and the others are still deleted.")
            .Accepts<DeleteManyRequest>("application/json")
            .Produces<DeleteManyResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> DeleteManyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (memoryNamespace, body, problem) = await ListRequest.ReadAsync<DeleteManyRequest>(request, read => read.Coords?.Count, "coords", "coordinates to delete", MaxCoords);
        if (body is null)
        {
            return problem!;
        }

        var targets = new List<(int Index, string Coord, string Key)>(body.Coords!.Count);
        var errors = new List<BulkErrorView>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < body.Coords!.Count; index++)
        {
            var element = body.Coords![index];
            if (element.ValueKind != JsonValueKind.String)
            {
                errors.Add(new BulkErrorView(index, "The coordinate must be a string such as \"1,2,3\"."));
            }
            else if (!CoordinateParser.TryParse(element.GetString(), out var coordinate, out var error))
            {
                errors.Add(new BulkErrorView(index, error));
            }
            else if (seen.TryGetValue(coordinate.Key, out var first))
            {
                // Concurrent deletes of one memory would race for which one says true; the first one is answered.
                errors.Add(new BulkErrorView(index, $"coordinate {coordinate.Key} already appears at index {first}."));
            }
            else
            {
                seen[coordinate.Key] = index;
                targets.Add((index, element.GetString()!, coordinate.Key));
            }
        }

        var results = new DeleteManyResult[targets.Count];
        using var inFlight = new SemaphoreSlim(DeletesInFlight);
        await Task.WhenAll(targets.Select(async (target, position) =>
        {
            await inFlight.WaitAsync(request.HttpContext.RequestAborted);
            try
            {
                var deleted = await grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, target.Key)).DeleteAsync();
                results[position] = new DeleteManyResult(target.Index, target.Coord, target.Key, deleted);
            }
            finally
            {
                inFlight.Release();
            }
        }));

        return TypedResults.Ok(new DeleteManyResponse(results.Count(result => result.Deleted), results, errors));
    }
}
