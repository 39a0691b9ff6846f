using SomaMemory.Grains;

namespace SomaMemory.Gateway.Http;

/// <summary>A vector of the wrong dimension is a 400, checked against the namespace's policy before anything is stored.</summary>
public static class VectorDimension
{
    public static async Task<IResult?> CheckAsync(IGrainFactory grains, string memoryNamespace, int dimension)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var policy = await grains.GetGrain<IMemoryNamespaceGrain>(GrainKeys.ForNamespace(memoryNamespace)).GetPolicyAsync();
        return dimension == policy.VectorDimension
            ? null
            : Problems.BadRequest($"vector has {dimension} dimensions; namespace '{memoryNamespace}' holds vectors of {policy.VectorDimension}.");
    }
}
