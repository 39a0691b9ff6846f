using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SomaMemory.Namespaces;

/// <summary>
/// The rule for namespace names. They become part of grain keys and SQL parameters, so the alphabet is narrow
/// and never contains '/', which separates the namespace from the coordinate in a memory's grain key.
/// </summary>
public static partial class NamespaceName
{
    public const int MaxLength = 128;

    public static bool IsValid(string? name, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(name))
        {
            error = "The namespace is empty.";
            return false;
        }

        if (name.Length > MaxLength || !Pattern().IsMatch(name))
        {
            error = $"'{(name.Length > 40 ? name[..40] + "…" : name)}' is not a valid namespace: use 1 to {MaxLength} letters, digits, '_', '-', '.' or ':', starting with a letter or digit.";
            return false;
        }

        error = null;
        return true;
    }

    // \z rather than $: in .NET, $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
