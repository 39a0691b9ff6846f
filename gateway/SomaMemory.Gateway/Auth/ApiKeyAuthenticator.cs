using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Options;
using SomaMemory.Security;

namespace SomaMemory.Gateway.Auth;

/// <summary>
/// Turns a presented bearer token into a principal: the bootstrap token is an admin for every namespace; any
/// other token is hashed and its key looked up by hash. Looked-up keys are cached briefly (by hash, never by
/// secret); revocation and expiry are still checked on every request against what the cache holds.
/// </summary>
public sealed class ApiKeyAuthenticator(
    BootstrapToken bootstrapToken,
    IApiKeyRepository keys,
    IOptions<ApiKeyOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider clock)
{
    public const string BootstrapKeyId = "bootstrap";

    // Bounded so that a flood of valid-looking keys cannot grow memory without limit.
    private const int MaxCachedKeys = 10_000;

    private readonly ConcurrentDictionary<string, (ApiKeyMatch Match, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public async Task<(ClaimsPrincipal? Principal, string? Failure)> AuthenticateAsync(string token, string scheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (bootstrapToken.Matches(token))
        {
            return (SomaClaims.CreatePrincipal(BootstrapKeyId, "bootstrap", [SomaRoles.Admin], [NamespaceGrant.Everything], gateway.Value.DefaultNamespace, scheme), null);
        }

        var hash = ApiKeySecret.Hash(token);
        var match = await FindAsync(hash, cancellationToken);
        // The lookup is by hash; comparing the hashes again in constant time keeps the check itself timing-safe.
        if (match is null || !CryptographicOperations.FixedTimeEquals(match.SecretHash, hash))
        {
            return (null, "Invalid API token.");
        }

        var now = clock.GetUtcNow();
        var key = match.Key;
        if (key.RevokedAt is not null)
        {
            return (null, "This API key has been revoked.");
        }

        if (key.IsExpired(now))
        {
            return (null, "This API key has expired.");
        }

        if (match.SecretExpiresAt is { } secretExpiresAt && secretExpiresAt <= now)
        {
            return (null, "This API key was rotated and the old secret's grace period is over; use the new secret.");
        }

        return (SomaClaims.CreatePrincipal(key.Id, key.Name, key.Roles, key.Namespaces, key.DefaultNamespace, scheme), null);
    }

    /// <summary>Forgets a key at once, after this gateway revoked or rotated it.</summary>
    public void Forget(string keyId)
    {
        foreach (var (hash, entry) in _cache)
        {
            if (entry.Match.Key.Id == keyId)
            {
                _cache.TryRemove(hash, out _);
            }
        }
    }

    private async Task<ApiKeyMatch?> FindAsync(byte[] hash, CancellationToken cancellationToken)
    {
        var cacheKey = Convert.ToHexString(hash);
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        if (_cache.TryGetValue(cacheKey, out var cached) && now - cached.FetchedAt < lifetime)
        {
            return cached.Match;
        }

        var match = await keys.FindBySecretHashAsync(hash, cancellationToken);
        if (match is null || lifetime <= TimeSpan.Zero)
        {
            // Unknown tokens are not cached: a guesser must not be able to fill the cache.
            _cache.TryRemove(cacheKey, out _);
            return match;
        }

        if (_cache.Count >= MaxCachedKeys)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = (match, now);
        return match;
    }
}
