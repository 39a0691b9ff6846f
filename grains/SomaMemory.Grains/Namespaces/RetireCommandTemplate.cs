using SomaMemory.Contracts;

namespace SomaMemory.Grains.Namespaces;

/// <summary>The part of a <see cref="RetireCommand"/> that one sweep phase shares across its memories.</summary>
public sealed record RetireCommandTemplate(RetireReason Reason, PruneAction Action, double PruneThreshold, TimeSpan ImportanceHalfLife)
{
    public RetireCommand For(long expectedVersion) => new()
    {
        Reason = Reason,
        Action = Action,
        ExpectedVersion = expectedVersion,
        PruneThreshold = PruneThreshold,
        ImportanceHalfLife = ImportanceHalfLife,
    };
}
