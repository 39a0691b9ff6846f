using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Silo.Hosting;

/// <summary>Where a silo listens. Bound from <c>Soma:Silo</c>; the cluster it joins is <c>Soma:Cluster</c>.</summary>
public sealed class SiloHostOptions
{
    public const string SectionName = "Soma:Silo";

    /// <summary>The address other silos and clients reach this silo at. Loopback suits a single node.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients (separate gateways, the .NET SDK) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Listen on every interface while advertising <see cref="AdvertisedAddress"/> (containers need this).</summary>
    public bool ListenOnAnyAddress { get; set; }
}
