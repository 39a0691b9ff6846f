using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Options;

namespace SomaMemory.Gateway.Auth;

/// <summary>
/// The bootstrap admin token, held only as its SHA-256 hash. Presented tokens are hashed and compared in constant
/// time, so neither the token nor its length leaks through timing.
/// </summary>
public sealed class BootstrapToken
{
    private readonly byte[] _hash;

    public BootstrapToken(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hash = Hash(Resolve(options.Value) ?? throw new OptionsValidationException(
            AuthOptions.SectionName, typeof(AuthOptions), ["No API token is configured: set SOMA_API_TOKEN or SOMA_API_TOKEN_FILE."]));
    }

    public bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    /// <summary>The configured token, from the file when one is named; null when neither is set.</summary>
    public static string? Resolve(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.BootstrapTokenFile))
        {
            return File.ReadAllText(options.BootstrapTokenFile).Trim();
        }

        return string.IsNullOrWhiteSpace(options.BootstrapToken) ? null : options.BootstrapToken.Trim();
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
