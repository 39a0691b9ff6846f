using SomaMemory.Namespaces;

namespace SomaMemory.Gateway.Auth;

/// <summary>
/// One entry of a key's namespace list: <c>*</c> (every namespace), an exact name, or a prefix ending in
/// <c>*</c> such as <c>team-a-*</c>. Matching is ordinal: namespace names are case-sensitive.
/// </summary>
public static class NamespaceGrant
{
    public const string Everything = "*";

    public static bool Allows(string grant, string memoryNamespace)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(memoryNamespace);
        if (grant == Everything)
        {
            return true;
        }

        return grant.EndsWith('*')
            ? memoryNamespace.StartsWith(grant[..^1], StringComparison.Ordinal)
            : string.Equals(grant, memoryNamespace, StringComparison.Ordinal);
    }

    public static bool IsValid(string? grant, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(grant))
        {
            error = "A namespace entry must not be empty.";
            return false;
        }

        if (grant == Everything)
        {
            return true;
        }

        // A prefix is checked as the name it starts: "team-*" is valid when "team-" could begin a namespace.
        var name = grant.EndsWith('*') ? grant[..^1] + "x" : grant;
        if (grant.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != grant.Length - 1)
        {
            error = $"'{grant}': '*' may only end a namespace entry.";
            return false;
        }

        if (!NamespaceName.IsValid(name, out var nameError))
        {
            error = $"'{grant}': {nameError}";
            return false;
        }

        return true;
    }
}
