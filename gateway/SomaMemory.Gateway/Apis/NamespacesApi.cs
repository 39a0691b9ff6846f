using SomaMemory.Gateway.Auth;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;
using SomaMemory.Namespaces;

namespace SomaMemory.Gateway.Apis;

/// <summary>A namespace's lifecycle policy (decay, reinforcement, pruning, TTL, size limit) and its statistics.</summary>
public static class NamespacesApi
{
    public static IEndpointRouteBuilder MapNamespacesApi(this IEndpointRouteBuilder app)
    {
        // Policies change how every memory of a namespace ages and is pruned: administrators only.
        var group = app.MapGroup("/namespaces").WithTags("Namespaces").RequireAuthorization(SomaPolicies.Admin);

        group.MapGet("/{ns}", GetAsync)
            .WithName("GetNamespace")
            .WithSummary("The namespace's policy and statistics")
            .Produces<NamespaceResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPut("/{ns}", PutAsync)
            .Audited("namespace.policy")
            .WithName("SetNamespacePolicy")
            .WithSummary("Change the namespace's policy")
            .WithDescription("Omitted fields keep their values; default_ttl_seconds or max_memories set to null remove the TTL or the limit. A changed policy reaches memory grains at their next activation; sweeps use it at once.")
            .Accepts<NamespacePolicyRequest>("application/json")
            .Produces<NamespaceResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> GetAsync(string ns, HttpContext context, IGrainFactory grains)
    {
        if (RefuseNamespace(ns, context) is { } refusal)
        {
            return refusal;
        }

        var grain = grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(ns));
        return TypedResults.Ok(await ResponseAsync(ns, grain, await grain.GetPolicyAsync()));
    }

    private static async Task<IResult> PutAsync(string ns, HttpRequest request, IGrainFactory grains)
    {
        if (RefuseNamespace(ns, request.HttpContext) is { } refusal)
        {
            return refusal;
        }

        var (body, bodyProblem) = await RequestBody.ReadAsync<NamespacePolicyRequest>(request);
        if (body is null)
        {
            return bodyProblem!;
        }

        var grain = grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(ns));
        if (!NamespacePolicyParser.TryApply(await grain.GetPolicyAsync(), body, out var policy, out var policyError))
        {
            return Problems.BadRequest(policyError);
        }

        NamespacePolicy stored;
        try
        {
            stored = await grain.SetPolicyAsync(policy);
        }
        catch (ArgumentException exception)
        {
            // The grain's own validation: the parser should have caught it, but a bad policy is never a 500.
            return Problems.BadRequest(exception.Message.Split(" (Parameter", 2)[0]);
        }

        return TypedResults.Ok(await ResponseAsync(ns, grain, stored));
    }

    private static async Task<NamespaceResponse> ResponseAsync(string ns, IMemoryNamespaceGrain grain, NamespacePolicy policy)
    {
        var statistics = await grain.GetStatisticsAsync();
        var sweep = statistics.LastSweep is { } last ? new SweepView(last.At, last.Expired, last.Decayed, last.Evicted, last.Purged, last.More) : null;
        return new NamespaceResponse(
            ns,
            NamespacePolicyParser.ToView(policy),
            new NamespaceStatisticsView(statistics.TotalMemories, statistics.Episodic, statistics.Semantic, statistics.Archived, sweep));
    }

    /// <summary>The namespace comes from the path here, so the key's namespace list is checked here too: an admin of one namespace is not an admin of all.</summary>
    private static IResult? RefuseNamespace(string ns, HttpContext context)
    {
        if (!NamespaceName.IsValid(ns, out var error))
        {
            return Problems.BadRequest(error);
        }

        return context.User.MayUseNamespace(ns)
            ? null
            : Problems.Result(StatusCodes.Status403Forbidden, $"This API key may not use namespace '{ns}'.");
    }
}
