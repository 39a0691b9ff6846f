using System.Globalization;
using System.Text;

namespace SomaMemory.Gateway.Security;

/// <summary>
/// Logs, once at start, the configuration the process actually runs with (SomaMemory's settings, Kestrel and
/// the listening URLs), every secret redacted, so that "what was it running with?" has an answer in the logs.
/// </summary>
public sealed class EffectiveConfigurationLogger(IConfiguration configuration, ILogger<EffectiveConfigurationLogger> logger) : IHostedService
{
    private static readonly string[] Sections = ["Soma", "Kestrel"];
    private static readonly string[] TopLevelKeys = [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey, "ASPNETCORE_ENVIRONMENT"];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Effective configuration (secrets redacted):{Configuration}", Describe(configuration));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string Describe(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var lines = new SortedDictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in Sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    lines[key] = ConfigurationRedactor.Redact(key, value);
                }
            }
        }

        foreach (var key in TopLevelKeys)
        {
            if (configuration[key] is { } value)
            {
                lines[key] = ConfigurationRedactor.Redact(key, value);
            }
        }

        var text = new StringBuilder();
        foreach (var (key, value) in lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {key} = {value}");
        }

        return text.ToString();
    }
}
