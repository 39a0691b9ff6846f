namespace SomaMemory.Gateway.Auth;

/// <summary>The roles a key can hold, as written in requests and stored in <c>api_keys.roles</c>.</summary>
public static class SomaRoles
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Read, Write, Admin];
}
