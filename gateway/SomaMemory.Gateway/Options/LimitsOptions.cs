using System.ComponentModel.DataAnnotations;

namespace SomaMemory.Gateway.Options;

/// <summary>Request limits that keep one client or one overload from taking the gateway down. Bound from <c>Soma:Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Soma:Limits";

    /// <summary>The largest request body of ordinary routes (5 MB); larger is 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The largest body of routes marked as taking large bodies (bulk store, import): 10,000 memories with
    /// 384-float vectors are about 40 MB.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxLargeBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Requests each key (or, before authentication, each client address) may make per window; 0 turns the rate limit off.</summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerWindow { get; set; } = 6000;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Requests served at once by this gateway; more wait in a queue, and beyond the queue get 503 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 512;

    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 2048;
}
