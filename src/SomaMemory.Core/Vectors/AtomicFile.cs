namespace SomaMemory.Vectors;

/// <summary>
/// Replaces a file so that a crash leaves either the old file or the complete new one: write a temporary file in the
/// same folder, flush it to disk, then rename it over the target (rename is atomic within one file system).
/// </summary>
internal static class AtomicFile
{
    public static void Replace(string path, Action<string> writeTemporary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemporary(temporary);
            FlushToDisk(temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            // Only left behind when writing or renaming failed.
            File.Delete(temporary);
        }
    }

    /// <summary>Without this, a power cut after the rename can leave a renamed but empty file.</summary>
    private static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }
}
