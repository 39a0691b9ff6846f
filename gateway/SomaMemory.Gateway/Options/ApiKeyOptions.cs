using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Gateway.Options;

/// <summary>How API keys are checked and rotated. Bound from <c>Soma:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Soma:ApiKeys";

    /// <summary>
    /// How long a gateway remembers a key it looked up. A key revoked through another gateway stops working here
    /// at most this long later (through this gateway: at once). Expiry is checked on every request regardless.
    /// </summary>
    [Range(0, 300)]
    public int CacheSeconds { get; set; } = 5;

    /// <summary>How long the old secret of a rotated key keeps working unless the rotation names its own grace.</summary>
    [Range(0, 30 * 24 * 3600)]
    public int RotationGraceSeconds { get; set; } = 3600;
}
