using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Client.Http;

/// <summary>Where the gateway is and who calls it (<c>Soma:Http</c> when bound from configuration).</summary>
public sealed class SomaMemoryHttpOptions
{
    public const string SectionName = "Soma:Http";

    public static readonly Uri DefaultBaseAddress = new("http://127.0.0.1:10101");

    [Required]
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The API token sent as <c>Authorization: Bearer</c>; null sends none (public routes only).</summary>
    public string? Token { get; set; }

    /// <summary>Sent as <c>X-Soma-Namespace</c>; null lets the gateway use the API key's default namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>How long one call may take; exports and imports stream and are bounded by their own cancellation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
