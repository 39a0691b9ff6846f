namespace SomaMemory.Security;

/// <summary>Where API keys and the hashes of their secrets are kept.</summary>
public interface IApiKeyRepository
{
    Task CreateAsync(ApiKey key, byte[] secretHash, CancellationToken cancellationToken = default);

    /// <summary>The key one of whose secrets hashes to <paramref name="secretHash"/>; null when none does.</summary>
    Task<ApiKeyMatch?> FindBySecretHashAsync(byte[] secretHash, CancellationToken cancellationToken = default);

    Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked; false when there is no such key or it was revoked already.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a new secret to a live key and makes its current secrets expire at <paramref name="oldSecretsExpireAt"/>
    /// (or earlier, when they were set to expire sooner already); false when the key does not exist or is revoked.
    /// </summary>
    Task<bool> RotateAsync(string id, byte[] newSecretHash, DateTimeOffset now, DateTimeOffset oldSecretsExpireAt, CancellationToken cancellationToken = default);
}
