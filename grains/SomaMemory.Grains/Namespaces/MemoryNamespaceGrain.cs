using SomaMemory.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Grains.Namespaces;

/// <summary>A namespace's policy (persisted with Orleans ADO.NET storage) and its counters (counted in Postgres).</summary>
public sealed class MemoryNamespaceGrain(
    [PersistentState("namespace", SomaStorage.GrainStateProvider)] IPersistentState<NamespaceState> state,
    IMemoryRepository repository,
    TimeProvider clock) : Grain, IMemoryNamespaceGrain
{
    private string Namespace => GrainKeys.NamespaceOf(this.GetPrimaryKeyString());

    public Task<NamespacePolicy> GetPolicyAsync() => Task.FromResult(state.State.Policy ?? NamespacePolicy.Default);

    public async Task<NamespacePolicy> SetPolicyAsync(NamespacePolicy policy)
    {
        NamespacePolicyValidator.Validate(policy);
        state.State.Policy = policy;
        await state.WriteStateAsync();
        return policy;
    }

    public Task<NamespaceStatistics> GetStatisticsAsync() => repository.CountAsync(Namespace, clock.GetUtcNow());
}
