using System.Globalization;

namespace SomaMemory.Benchmarks;

/// <summary>
/// A process's resident set size, read from Linux's /proc. The gateway runs on the benchmark's machine, and RSS is
/// what the operating system really holds for it: managed heap, native index memory and the ONNX runtime alike.
/// </summary>
internal static class ResidentMemory
{
    /// <summary>VmRSS of <paramref name="processId"/> in bytes, or null when it cannot be read.</summary>
    public static long? Read(int processId)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{processId}/status");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The line reads "VmRSS:     123456 kB"; the kernel always reports it in kB. A null separator splits at
        // any white space, tabs included.
        var line = lines.FirstOrDefault(candidate => candidate.StartsWith("VmRSS:", StringComparison.Ordinal));
        var parts = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: 3 } && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
            ? kilobytes * 1024
            : null;
    }
}
