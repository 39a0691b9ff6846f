using System.Globalization;

namespace SomaMemory.Coordinates;

/// <summary>
/// Renders a double exactly as Python's <c>repr(float)</c> does, because SFM clients compare canonical coordinate
/// keys as strings: shortest round-trip digits, ".0" on whole numbers, and exponent form outside 1e-4 ≤ |x| &lt; 1e16.
/// </summary>
public static class PythonFloatFormat
{
    public static string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite numbers have a coordinate form.");
        }

        var negative = double.IsNegative(value);
        if (value == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var exponent = pointPosition - 1;
        var body = exponent is >= -4 and < 16 ? FixedNotation(digits, pointPosition) : ExponentNotation(digits, exponent);
        return negative ? "-" + body : body;
    }

    /// <summary>
    /// Splits .NET's shortest round-trip rendering into its significant digits and the position of the decimal
    /// point relative to the first of them (so 123.4 is ("1234", 3) and 0.01 is ("1", -1)).
    /// </summary>
    private static (string Digits, int PointPosition) ShortestDigits(double magnitude)
    {
        var text = magnitude.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = 0;
        if (exponentAt >= 0)
        {
            exponent = int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..exponentAt];
        }

        var pointAt = text.IndexOf('.', StringComparison.Ordinal);
        var integerLength = pointAt >= 0 ? pointAt : text.Length;
        var allDigits = pointAt >= 0 ? text.Remove(pointAt, 1) : text;

        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var significant = allDigits.Trim('0');
        return (significant, integerLength - leadingZeros + exponent);
    }

    private static string FixedNotation(string digits, int pointPosition)
    {
        if (pointPosition <= 0)
        {
            return "0." + new string('0', -pointPosition) + digits;
        }

        if (pointPosition >= digits.Length)
        {
            return digits + new string('0', pointPosition - digits.Length) + ".0";
        }

        return digits[..pointPosition] + "." + digits[pointPosition..];
    }

    private static string ExponentNotation(string digits, int exponent)
    {
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var sign = exponent < 0 ? "-" : "+";
        return mantissa + "e" + sign + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
