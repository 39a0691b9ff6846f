using System.Globalization;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Query-string numbers parsed by hand, so that "top_k=abc" is a 422 naming the field rather than the framework's
/// bare 400. An absent or empty parameter is null: the route applies its default.
/// </summary>
public static class QueryParameters
{
    public static bool TryInt(string? text, string field, out int? value, out string error)
    {
        value = null;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{field} must be a whole number.";
        return false;
    }

    public static bool TryDouble(string? text, string field, out double? value, out string error)
    {
        value = null;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{field} must be a finite number.";
        return false;
    }

    public static bool TryBool(string? text, string field, out bool? value, out string error)
    {
        value = null;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (bool.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{field} must be true or false.";
        return false;
    }
}
