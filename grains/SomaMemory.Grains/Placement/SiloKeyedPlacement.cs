using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace SomaMemory.Grains.Placement;

/// <summary>
/// Places a grain on the silo whose address is its key (<see cref="SiloAddress.ToParsableString"/>), for grains that
/// speak for one silo. A key naming a silo that is not (or no longer) in the cluster is refused: such a grain placed
/// elsewhere would speak for the wrong silo.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("SomaMemory.SiloKeyedPlacement")]
public sealed class SiloKeyedPlacement : PlacementStrategy
{
    internal static readonly SiloKeyedPlacement Instance = new();

    public override bool IsUsingGrainDirectory => true;
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyedPlacementAttribute() : PlacementAttribute(SiloKeyedPlacement.Instance);

public sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var silos = context.GetCompatibleSilos(target);
        var key = target.GrainIdentity.Key.ToString();
        var named = silos.FirstOrDefault(silo => silo.ToParsableString() == key)
            ?? throw new OrleansException($"The silo {key} is not an active member of the cluster.");
        return Task.FromResult(named);
    }
}
