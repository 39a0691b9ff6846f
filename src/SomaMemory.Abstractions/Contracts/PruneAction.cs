namespace SomaMemory.Contracts;

/// <summary>What a namespace's sweep does with a memory it retires.</summary>
[GenerateSerializer]
[Alias("SomaMemory.PruneAction")]
public enum PruneAction
{
    /// <summary>Soft delete: the memory disappears at once and is erased after the policy's archive retention.</summary>
    Archive = 0,

    /// <summary>Erase at once: row, history and vector, as a hard delete does.</summary>
    Delete = 1,
}
