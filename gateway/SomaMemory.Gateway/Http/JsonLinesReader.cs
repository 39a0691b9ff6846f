using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace SomaMemory.Gateway.Http;

/// <summary>One line of a JSON Lines body: its bytes, or why it was not read (it was too long).</summary>
public sealed record JsonLine(long Number, byte[]? Bytes, string? Error);

/// <summary>
/// Splits a request body into lines as it arrives, holding at most one line in memory, so that an import of any
/// size streams. Blank lines are skipped but still counted, so line numbers match what an editor shows.
/// </summary>
public static class JsonLinesReader
{
    public static async IAsyncEnumerable<JsonLine> ReadAsync(PipeReader reader, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tooLong = $"The line is longer than {maxLineBytes} bytes.";
        long number = 0;
        var skipping = false; // inside a line that was too long: its bytes are dropped until it ends
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
                number++;
                if (skipping || line.Length > maxLineBytes)
                {
                    skipping = false;
                    yield return new JsonLine(number, null, tooLong);
                }
                else if (Content(line) is { } bytes)
                {
                    yield return new JsonLine(number, bytes, null);
                }
            }

            if (skipping || buffer.Length > maxLineBytes)
            {
                skipping = true;
                buffer = buffer.Slice(buffer.End);
            }

            if (result.IsCompleted)
            {
                if (skipping)
                {
                    yield return new JsonLine(number + 1, null, tooLong);
                }
                else if (Content(buffer) is { } last)
                {
                    yield return new JsonLine(number + 1, last, null);
                }

                reader.AdvanceTo(buffer.End);
                yield break;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The line without a trailing carriage return; null when it holds only whitespace.</summary>
    private static byte[]? Content(ReadOnlySequence<byte> line)
    {
        var bytes = line.ToArray();
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == (byte)'\r')
        {
            length--;
        }

        return bytes.AsSpan(0, length).IndexOfAnyExcept(" \t\r"u8) < 0 ? null : bytes[..length];
    }
}
