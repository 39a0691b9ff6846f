using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SomaMemory.Coordinates;

/// <summary>
/// Parses SFM's comma-separated coordinates. "1,2" and "1.0, 2.0" parse to the same canonical key, so they name
/// the same memory. Beyond SFM, non-finite values, too many dimensions and over-long strings are refused.
/// </summary>
public static class CoordinateParser
{
    public const int MaxDimensions = 64;
    public const int MaxLength = 2048;

    public static bool TryParse(string? text, [NotNullWhen(true)] out Coordinate? coordinate, [NotNullWhen(false)] out string? error)
    {
        coordinate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The coordinate is empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The coordinate is {text.Length} characters long; at most {MaxLength} are allowed.";
            return false;
        }

        var values = new List<double>();
        foreach (var part in text.Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!TryParseNumber(trimmed, out var value, out error))
            {
                return false;
            }

            values.Add(value);
            if (values.Count > MaxDimensions)
            {
                error = $"The coordinate has more than {MaxDimensions} dimensions.";
                return false;
            }
        }

        if (values.Count == 0)
        {
            error = "The coordinate has no numbers.";
            return false;
        }

        error = null;
        coordinate = new Coordinate(values, string.Join(',', values.Select(PythonFloatFormat.Format)));
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>, for callers that have already validated.</summary>
    public static Coordinate Parse(string text) =>
        TryParse(text, out var coordinate, out var error) ? coordinate : throw new FormatException(error);

    private static bool TryParseNumber(string part, out double value, [NotNullWhen(false)] out string? error)
    {
        // NumberStyles.Float accepts what Python's float() accepts for plain decimals; .NET's extra spellings
        // ("Infinity", "NaN", "∞") parse to non-finite values and are refused below, as overflow ("1e400") is.
        if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{Shorten(part)}' is not a number.";
            return false;
        }

        if (!double.IsFinite(value))
        {
            error = $"'{Shorten(part)}' is not a finite number; NaN and infinities are not coordinates.";
            return false;
        }

        if (value == 0)
        {
            // -0.0 and 0.0 compare equal, so they must name the same memory.
            value = 0;
        }

        error = null;
        return true;
    }

    private static string Shorten(string part) => part.Length <= 40 ? part : part[..40] + "…";
}
