using SomaMemory.Contracts;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Security;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;

namespace SomaMemory.Gateway.Apis;

/// <summary>
/// Links many pairs in one call. Links are grouped by source, and each source's node grain writes its group in one
/// statement, so a thousand links cost a few dozen commits rather than a thousand.
/// </summary>
public static class BulkLinkApi
{
    public const int MaxLinks = 10_000;

    // Enough sources in flight to keep Postgres busy on a small machine without queueing thousands of grain calls.
    private const int SourcesInFlight = 16;

    public static IEndpointRouteBuilder MapBulkLinkApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/graph/links", LinkManyAsync)
            .WithTags("Graph")
            .RequireAuthorization(SomaPolicies.Write).AllowsLargeBody()
            .WithName("LinkMany")
            .WithSummary($"Create or update up to {MaxLinks} links in one call")
            .WithDescription("Items are the bodies of POST /graph/link. Invalid items are reported by index and the valid ones are still linked; a repeated (from, to, type) keeps the last.")
            .Accepts<BulkLinkRequest>("application/json")
            .Produces<BulkLinkResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> LinkManyAsync(HttpRequest request, IGrainFactory grains)
    {
        var (memoryNamespace, body, problem) = await ListRequest.ReadAsync<BulkLinkRequest>(request, read => read.Links?.Count, "links", "links to create", MaxLinks);
        if (body is null)
        {
            return problem!;
        }

        var errors = new List<BulkErrorView>();
        var bySource = new Dictionary<string, List<(int Index, LinkCommand Command)>>(StringComparer.Ordinal);
        for (var index = 0; index < body.Links!.Count; index++)
        {
            if (body.Links![index] is not { } item)
            {
                errors.Add(new BulkErrorView(index, "A link must be a JSON object."));
            }
            else if (!GraphRequestParser.TryParseLink(item, out var from, out var command, out _, out var error))
            {
                errors.Add(new BulkErrorView(index, error));
            }
            else
            {
                bySource.TryAdd(from.Key, []);
                bySource[from.Key].Add((index, command));
            }
        }

        var linked = 0;
        await Parallel.ForEachAsync(bySource, new ParallelOptions { MaxDegreeOfParallelism = SourcesInFlight }, async (group, _) =>
        {
            try
            {
                await grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, group.Key))
                    .LinkManyAsync([.. group.Value.Select(entry => entry.Command)]);
                Interlocked.Add(ref linked, group.Value.Count);
            }
            catch (ArgumentException exception)
            {
                // Postgres refused a value the parser could not see (a NUL inside metadata): the source's group fails together.
                lock (errors)
                {
                    errors.AddRange(group.Value.Select(entry => new BulkErrorView(entry.Index, exception.Message)));
                }
            }
        });

        return TypedResults.Ok(new BulkLinkResponse(linked, [.. errors.OrderBy(error => error.Index)]));
    }
}
