using SomaMemory.Contracts;

namespace SomaMemory.Grains.Namespaces;

/// <summary>The persisted part of a namespace grain. Counters are not kept here: Postgres counts them exactly.</summary>
[GenerateSerializer]
[Alias("SomaMemory.NamespaceState")]
public sealed class NamespaceState
{
    [Id(0)] public NamespacePolicy? Policy { get; set; }
}
