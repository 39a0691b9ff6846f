using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Options;
using SomaMemory.Gateway.Security;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>The gateway's limiter itself: the concurrency limit sheds load, probes pass, keys are partitioned.</summary>
public sealed class ConcurrencyLimitTests
{
    [Fact]
    public void Beyond_the_concurrency_limit_and_its_queue_requests_are_shed_until_a_permit_returns()
    {
        using var limiter = SomaRateLimiting.CreateLimiter(new LimitsOptions { MaxConcurrentRequests = 2, QueueLimit = 0, RequestsPerWindow = 0 });

        using var first = limiter.AttemptAcquire(Request("key_a"));
        using var second = limiter.AttemptAcquire(Request("key_b"));
        var third = limiter.AttemptAcquire(Request("key_c"));
        var probe = limiter.AttemptAcquire(Request(null, open: true));

        Assert.True(first.IsAcquired && second.IsAcquired);
        Assert.False(third.IsAcquired);
        Assert.False(third.TryGetMetadata(MetadataName.RetryAfter, out _)); // so the gateway answers 503, not 429
        Assert.True(probe.IsAcquired);
        first.Dispose();
        using var fourth = limiter.AttemptAcquire(Request("key_c"));
        Assert.True(fourth.IsAcquired);
    }

    [Fact]
    public void The_rate_limit_counts_each_key_apart()
    {
        using var limiter = SomaRateLimiting.CreateLimiter(new LimitsOptions { RequestsPerWindow = 1, WindowSeconds = 3600 });

        Assert.True(limiter.AttemptAcquire(Request("key_a")).IsAcquired);
        var again = limiter.AttemptAcquire(Request("key_a"));
        Assert.False(again.IsAcquired);
        Assert.True(again.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero);
        Assert.True(limiter.AttemptAcquire(Request("key_b")).IsAcquired);
        Assert.Equal("key:key_a", SomaRateLimiting.PartitionOf(Request("key_a")));
        Assert.StartsWith("address:", SomaRateLimiting.PartitionOf(Request(null)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bootstrap_token_is_not_rate_limited_but_still_counts_against_concurrency()
    {
        using var limiter = SomaRateLimiting.CreateLimiter(new LimitsOptions { RequestsPerWindow = 1, WindowSeconds = 3600, MaxConcurrentRequests = 3, QueueLimit = 0 });

        var leases = Enumerable.Range(0, 4).Select(_ => limiter.AttemptAcquire(Request(ApiKeyAuthenticator.BootstrapKeyId))).ToArray();

        Assert.Equal([true, true, true, false], leases.Select(lease => lease.IsAcquired));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    private static DefaultHttpContext Request(string? keyId, bool open = false)
    {
        var context = new DefaultHttpContext();
        if (keyId is not null)
        {
            context.User = SomaClaims.CreatePrincipal(keyId, keyId, [SomaRoles.Read], ["*"], "default", "test");
        }

        var metadata = open ? new EndpointMetadataCollection(new AllowAnonymousAttribute()) : EndpointMetadataCollection.Empty;
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, "test"));
        return context;
    }
}
