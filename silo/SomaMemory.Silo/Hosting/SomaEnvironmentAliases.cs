using Microsoft.Extensions.Configuration;

namespace SomaMemory.Silo.Hosting;

/// <summary>
/// Maps the short environment variables that SFM users already know (<c>SOMA_POSTGRES</c>, <c>SOMA_API_TOKEN</c>,
/// <c>SOMA_API_TOKEN_FILE</c>) onto the typed configuration keys. Added last, so they override files.
/// </summary>
public static class SomaEnvironmentAliases
{
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SOMA_POSTGRES"] = "Soma:Postgres:ConnectionString",
        ["SOMA_API_TOKEN"] = "Soma:Auth:BootstrapToken",
        ["SOMA_API_TOKEN_FILE"] = "Soma:Auth:BootstrapTokenFile",
        ["SOMA_NAMESPACE"] = "Soma:Gateway:DefaultNamespace",
        ["SOMA_MODE"] = "Soma:Gateway:Mode",
    };

    public static IConfigurationBuilder AddSomaEnvironmentAliases(this IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (variable, key) in Aliases)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        return configuration.AddInMemoryCollection(values);
    }
}
