using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Options;

namespace SomaMemory.Gateway.Security;

/// <summary>
/// Two limiters in a chain: a fixed window per key (per client address before authentication) that answers 429
/// with Retry-After, and one concurrency limit for the whole gateway whose queue absorbs bursts and whose overflow
/// answers 503 with Retry-After, so that an overload sheds requests rather than piling them on the grid. Open
/// routes (probes, metrics) are exempt, so that an overloaded gateway still reports its state.
/// </summary>
public static class SomaRateLimiting
{
    public static IServiceCollection AddSomaRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((options, limits) =>
        {
            options.GlobalLimiter = CreateLimiter(limits.Value);
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    public static PartitionedRateLimiter<HttpContext> CreateLimiter(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var perKey = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            // The bootstrap token is the operator's (and the benchmark tool's) key: only the concurrency limit applies to it.
            if (IsOpen(context) || limits.RequestsPerWindow == 0 || context.User.GetKeyId() == ApiKeyAuthenticator.BootstrapKeyId)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            return RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.RequestsPerWindow,
                Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                QueueLimit = 0,
            });
        });
        var gatewayWide = PartitionedRateLimiter.Create<HttpContext, string>(context => IsOpen(context)
            ? RateLimitPartition.GetNoLimiter("open")
            : RateLimitPartition.GetConcurrencyLimiter("gateway", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.MaxConcurrentRequests,
                QueueLimit = limits.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        return PartitionedRateLimiter.CreateChained(perKey, gatewayWide);
    }

    /// <summary>The partition of a request: its key id once authenticated, else the client address.</summary>
    public static string PartitionOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.GetKeyId() is { } keyId
            ? "key:" + keyId
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static bool IsOpen(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Problems.Write(context, StatusCodes.Status429TooManyRequests, "Too many requests for this API key; retry after the number of seconds in Retry-After.");
            return;
        }

        context.Response.Headers.RetryAfter = "1";
        await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "The gateway is at its concurrency limit; retry shortly.");
    }
}
