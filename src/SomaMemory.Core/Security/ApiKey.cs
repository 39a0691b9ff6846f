namespace SomaMemory.Security;

/// <summary>
/// An API key as stored: who it is and what it may do. Never holds the secret, only the identity that the
/// secret's SHA-256 hash leads to.
/// </summary>
public sealed record ApiKey(
    string Id,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Namespaces,
    string DefaultNamespace,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string CreatedBy)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now;
}

/// <summary>A key found by one of its secrets, with the moment that secret stops working (set by a rotation).</summary>
public sealed record ApiKeyMatch(ApiKey Key, byte[] SecretHash, DateTimeOffset? SecretExpiresAt);
