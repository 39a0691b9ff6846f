namespace SomaMemory.Gateway.Options;

/// <summary>
/// The bootstrap bearer token. Bound from <c>Soma:Auth</c>; <c>SOMA_API_TOKEN</c> or <c>SOMA_API_TOKEN_FILE</c>
/// set it. The gateway refuses to start without one: an open memory store is never the default.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Soma:Auth";

    /// <summary>The token itself. Prefer <see cref="BootstrapTokenFile"/> so that it stays out of process listings.</summary>
    public string? BootstrapToken { get; set; }

    /// <summary>A file whose content (trimmed) is the token, such as a mounted Kubernetes secret.</summary>
    public string? BootstrapTokenFile { get; set; }

    /// <summary>The shortest token accepted, so that a placeholder such as "x" cannot guard real data.</summary>
    public const int MinimumTokenLength = 16;
}
