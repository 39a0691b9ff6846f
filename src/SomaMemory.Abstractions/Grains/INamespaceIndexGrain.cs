using SomaMemory.Contracts;

namespace SomaMemory.Grains;

/// <summary>
/// The vector index of one namespace, keyed by the namespace name. It is fed by the namespace's change stream
/// (implicit subscription) and reconciled against Postgres, which stays the truth.
/// </summary>
[Alias("SomaMemory.INamespaceIndexGrain")]
public interface INamespaceIndexGrain : IGrainWithStringKey
{
    /// <summary>The <paramref name="count"/> nearest vector ids to the L2-normalised <paramref name="query"/>.</summary>
    [Alias("Search")]
    Task<IReadOnlyList<IndexHit>> SearchAsync(float[] query, int count);

    /// <summary>Replays the rows whose indexed version lags, then saves and stamps; returns how many it applied.</summary>
    [Alias("Reconcile")]
    Task<int> ReconcileAsync();

    [Alias("GetStatus")]
    Task<IndexStatus> GetStatusAsync();
}
