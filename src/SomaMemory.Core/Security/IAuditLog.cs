namespace SomaMemory.Security;

/// <summary>The append-only record of key management, deletes and admin actions.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first, optionally only those of one action or one key.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(int limit, string? action = null, string? keyId = null, CancellationToken cancellationToken = default);
}
