using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Gateway.Options;

/// <summary>How the HTTP gateway runs. Bound from <c>Soma:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Soma:Gateway";

    /// <summary>
    /// <see cref="GatewayMode.Cohosted"/> runs a silo in this process (the single-node default);
    /// <see cref="GatewayMode.Client"/> connects to silos elsewhere through the Orleans client.
    /// </summary>
    public GatewayMode Mode { get; set; } = GatewayMode.Cohosted;

    /// <summary>The namespace of requests that send no <c>X-Soma-Namespace</c> header.</summary>
    [Required]
    public string DefaultNamespace { get; set; } = "default";

    /// <summary>Where Kestrel listens when no URL is configured otherwise (SFM's port, loopback only).</summary>
    [Required]
    public string DefaultUrl { get; set; } = "http://127.0.0.1:10101";
}

public enum GatewayMode
{
    Cohosted,
    Client,
}
