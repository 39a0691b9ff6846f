namespace SomaMemory.Gateway.Options;

/// <summary>
/// Browser cross-origin access. Off unless origins are listed: a memory store is called by agents and servers,
/// and a page on another origin has no business reading it unless an operator says so. Bound from <c>Soma:Cors</c>.
/// </summary>
public sealed class SomaCorsOptions
{
    public const string SectionName = "Soma:Cors";

    /// <summary>Exact origins such as <c>https://app.example.com</c>. Wildcards are refused.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];

    public bool Enabled => AllowedOrigins.Count > 0;
}
