namespace SomaMemory.Grains;

/// <summary>Names of the Orleans storage providers the grains rely on; the silo registers them.</summary>
public static class SomaStorage
{
    /// <summary>ADO.NET grain storage on Postgres, for small grain states such as namespace policies.</summary>
    public const string GrainStateProvider = "soma";
}
