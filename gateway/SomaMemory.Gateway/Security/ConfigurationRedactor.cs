using System.Data.Common;
using System.Text.RegularExpressions;

namespace SomaMemory.Gateway.Security;

/// <summary>
/// Makes configuration values safe to log: settings whose name says secret (token, password, secret, key
/// material) are replaced whole; connection strings keep everything but their password; URLs lose their user info.
/// </summary>
public static partial class ConfigurationRedactor
{
    public const string Redacted = "***";

    private static readonly string[] SecretConnectionKeys = ["password", "pwd", "passwd", "pass"];

    public static string? Redact(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var name = key[(key.LastIndexOf(':') + 1)..];
        if (IsSecretName(name))
        {
            return Redacted;
        }

        if (value.Contains('=', StringComparison.Ordinal) && value.Contains(';', StringComparison.Ordinal) || name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
        {
            value = RedactConnectionString(value);
        }

        return UrlCredentials().Replace(value, "://" + Redacted + "@");
    }

    /// <summary>True for names of secret settings; paths of files holding secrets (…File, …Path) are not secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.EndsWith("File", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Path", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return SecretName().IsMatch(name);
    }

    private static string RedactConnectionString(string value)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = new DbConnectionStringBuilder { ConnectionString = value };
        }
        catch (ArgumentException)
        {
            // Not parsable, so its parts cannot be told apart: hide it all rather than guess.
            return Redacted;
        }

        foreach (var key in builder.Keys.Cast<string>().ToArray())
        {
            if (SecretConnectionKeys.Contains(key.Replace(" ", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase) || IsSecretName(key.Replace(" ", "", StringComparison.Ordinal)))
            {
                builder[key] = Redacted;
            }
        }

        return builder.ConnectionString;
    }

    [GeneratedRegex("token|password|passwd|pwd|secret|apikey|api_key|privatekey|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex("://[^/@\\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();
}
