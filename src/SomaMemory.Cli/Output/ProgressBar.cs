using System.Globalization;

namespace SomaMemory.Cli.Output;

/// <summary>
/// A one-line progress bar on stderr, redrawn in place. It draws only on a terminal, and at most a few times a
/// second, so that redirected output and logs stay clean.
/// </summary>
public sealed class ProgressBar(TextWriter error, bool enabled, string label, long? total) : IDisposable
{
    private const int Width = 30;
    private long _lastDraw;
    private bool _drawn;

    public void Report(long done)
    {
        if (!enabled)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (_drawn && now - _lastDraw < 200 && (total is null || done < total))
        {
            return;
        }

        _lastDraw = now;
        _drawn = true;
        string line;
        if (total is > 0)
        {
            var fraction = Math.Clamp((double)done / total.Value, 0, 1);
            var filled = (int)Math.Round(fraction * Width);
            line = string.Create(CultureInfo.InvariantCulture, $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0}");
        }
        else
        {
            line = string.Create(CultureInfo.InvariantCulture, $"{label} {done:N0}");
        }

        error.Write("\r" + line);
    }

    public void Dispose()
    {
        if (_drawn)
        {
            error.WriteLine();
        }
    }
}
