namespace SomaMemory.Security;

/// <summary>One audited action: what was done, by which key (its id, never its secret), where and with what outcome.</summary>
public sealed record AuditEntry(DateTimeOffset OccurredAt, string Action, string KeyId, string? Namespace, string? Target, int Status);
