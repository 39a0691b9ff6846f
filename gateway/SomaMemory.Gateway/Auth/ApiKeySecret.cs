using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SomaMemory.Gateway.Auth;

/// <summary>Issues key secrets and ids, and hashes secrets: only SHA-256 hashes are ever stored or cached.</summary>
public static class ApiKeySecret
{
    /// <summary>Recognisable in logs and secret scanners, so that a leaked key is noticed.</summary>
    public const string Prefix = "soma_";

    /// <summary>A new secret: 32 random bytes (256 bits), base64url.</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewKeyId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }
}
