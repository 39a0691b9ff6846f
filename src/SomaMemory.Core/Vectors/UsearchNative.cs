using System.Runtime.InteropServices;
using System.Text;
using Cloud.Unum.USearch;

namespace SomaMemory.Vectors;

/// <summary>
/// Direct calls into the C library that ships in the Cloud.Unum.USearch package. The package's managed wrapper cannot
/// reserve capacity in steps (it reserves exactly size+n on every add, which is quadratic for small batches), cannot
/// change efSearch after creation, and allocates arrays per search; the C API can do all three.
/// The enums come from the wrapper so their numeric values always match the native build of the same package.
/// </summary>
internal static class UsearchNative
{
    // The same library name the package's wrapper uses, so the runtime resolves the package's native asset.
    private const string Library = "libusearch_c";

    /// <summary>The C <c>usearch_init_options_t</c> of USearch 2.26 (64 bytes, checked against the wrapper's own struct).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct InitOptions
    {
        public MetricKind MetricKind;
        public nint CustomMetric;
        public ScalarKind Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }

    [DllImport(Library, EntryPoint = "usearch_init")]
    internal static extern UsearchHandle Init(ref InitOptions options, out nint error);

    [DllImport(Library, EntryPoint = "usearch_free")]
    internal static extern void Free(nint index, out nint error);

    [DllImport(Library, EntryPoint = "usearch_save")]
    internal static extern void Save(UsearchHandle index, byte[] utf8Path, out nint error);

    [DllImport(Library, EntryPoint = "usearch_load")]
    internal static extern void Load(UsearchHandle index, byte[] utf8Path, out nint error);

    [DllImport(Library, EntryPoint = "usearch_metadata")]
    internal static extern void Metadata(byte[] utf8Path, ref InitOptions options, out nint error);

    [DllImport(Library, EntryPoint = "usearch_size")]
    internal static extern nuint Size(UsearchHandle index, out nint error);

    [DllImport(Library, EntryPoint = "usearch_capacity")]
    internal static extern nuint Capacity(UsearchHandle index, out nint error);

    [DllImport(Library, EntryPoint = "usearch_dimensions")]
    internal static extern nuint Dimensions(UsearchHandle index, out nint error);

    [DllImport(Library, EntryPoint = "usearch_connectivity")]
    internal static extern nuint Connectivity(UsearchHandle index, out nint error);

    [DllImport(Library, EntryPoint = "usearch_expansion_search")]
    internal static extern nuint ExpansionSearch(UsearchHandle index, out nint error);

    [DllImport(Library, EntryPoint = "usearch_change_expansion_search")]
    internal static extern void ChangeExpansionSearch(UsearchHandle index, nuint expansion, out nint error);

    [DllImport(Library, EntryPoint = "usearch_change_expansion_add")]
    internal static extern void ChangeExpansionAdd(UsearchHandle index, nuint expansion, out nint error);

    [DllImport(Library, EntryPoint = "usearch_change_threads_search")]
    internal static extern void ChangeThreadsSearch(UsearchHandle index, nuint threads, out nint error);

    [DllImport(Library, EntryPoint = "usearch_change_threads_add")]
    internal static extern void ChangeThreadsAdd(UsearchHandle index, nuint threads, out nint error);

    [DllImport(Library, EntryPoint = "usearch_reserve")]
    internal static extern void Reserve(UsearchHandle index, nuint capacity, out nint error);

    [DllImport(Library, EntryPoint = "usearch_add")]
    internal static extern void Add(UsearchHandle index, ulong key, in float vector, ScalarKind vectorKind, out nint error);

    [DllImport(Library, EntryPoint = "usearch_contains")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static extern bool Contains(UsearchHandle index, ulong key, out nint error);

    [DllImport(Library, EntryPoint = "usearch_remove")]
    internal static extern nuint Remove(UsearchHandle index, ulong key, out nint error);

    [DllImport(Library, EntryPoint = "usearch_search")]
    internal static extern nuint Search(
        UsearchHandle index, in float query, ScalarKind queryKind, nuint count, ref ulong keys, ref float distances, out nint error);

    /// <summary>The C API reports failure through a static message string that must not be freed.</summary>
    internal static void ThrowIfFailed(nint error, string operation)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
        }
    }

    internal static string? ErrorMessage(nint error) => error == 0 ? null : Marshal.PtrToStringUTF8(error);

    /// <summary>C strings for paths: UTF-8 and NUL-terminated.</summary>
    internal static byte[] PathBytes(string path) => Encoding.UTF8.GetBytes(path + '\0');
}
