namespace SomaMemory.Grains;

/// <summary>
/// Builds grain keys. Every key carries a non-hex prefix or separator because the ADO.NET storage reads string keys
/// that look like hexadecimal numbers as integers, which would let "abc" and "ABC" share one state record.
/// </summary>
public static class GrainKeys
{
    private const string NamespacePrefix = "ns:";

    public static string ForNamespace(string memoryNamespace) => NamespacePrefix + memoryNamespace;

    public static string NamespaceOf(string namespaceGrainKey) =>
        namespaceGrainKey.StartsWith(NamespacePrefix, StringComparison.Ordinal)
            ? namespaceGrainKey[NamespacePrefix.Length..]
            : throw new ArgumentException($"'{namespaceGrainKey}' is not a namespace grain key.", nameof(namespaceGrainKey));

    /// <summary>Namespaces never contain '/', so the first '/' splits the key unambiguously.</summary>
    public static string ForMemory(string memoryNamespace, string coordinateKey) => memoryNamespace + "/" + coordinateKey;

    public static (string Namespace, string CoordinateKey) ParseMemory(string memoryGrainKey)
    {
        var separator = memoryGrainKey.IndexOf('/', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new ArgumentException($"'{memoryGrainKey}' is not a memory grain key.", nameof(memoryGrainKey));
        }

        return (memoryGrainKey[..separator], memoryGrainKey[(separator + 1)..]);
    }
}
