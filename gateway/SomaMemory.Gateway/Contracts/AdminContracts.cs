namespace SomaMemory.Gateway.Contracts;

public sealed class CreateApiKeyRequest
{
    public string? Name { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<string>? Namespaces { get; init; }

    public string? DefaultNamespace { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A key as listed: everything but its secret, which exists only in the answer that issues it.</summary>
public sealed record ApiKeyView(
    string Id,
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Namespaces,
    string DefaultNamespace,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string CreatedBy,
    string Status);

/// <summary>The one answer that shows a secret: store <see cref="Key"/> now, it cannot be shown again.</summary>
public sealed record IssuedApiKeyResponse(ApiKeyView ApiKey, string Key, DateTimeOffset? PreviousSecretExpiresAt);

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyView> ApiKeys);

public sealed record RevokeApiKeyResponse(string Id, bool Revoked, DateTimeOffset? RevokedAt);

public sealed record AuditEntryView(DateTimeOffset OccurredAt, string Action, string KeyId, string? Namespace, string? Target, int Status);

public sealed record AuditListResponse(IReadOnlyList<AuditEntryView> Entries);
