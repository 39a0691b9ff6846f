using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Options;

namespace SomaMemory.Gateway.Security;

/// <summary>Loads the configured server certificate, and refuses a start whose certificate cannot be loaded.</summary>
public sealed class TlsCertificate : IValidateOptions<TlsOptions>
{
    public static X509Certificate2 Load(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CertificatePath!;
        var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        if (!string.IsNullOrWhiteSpace(options.KeyPath))
        {
            return password is null
                ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, options.KeyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return string.IsNullOrWhiteSpace(options.KeyPath)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Soma:Tls:KeyPath is set but Soma:Tls:CertificatePath is not.");
        }

        foreach (var (setting, file) in new[] { ("CertificatePath", options.CertificatePath), ("KeyPath", options.KeyPath) })
        {
            if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
            {
                return ValidateOptionsResult.Fail($"Soma:Tls:{setting} names '{file}', which does not exist.");
            }
        }

        try
        {
            using var certificate = Load(options);
            return certificate.HasPrivateKey
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("The TLS certificate has no private key: set Soma:Tls:KeyPath, or use a PFX that holds the key.");
        }
        catch (CryptographicException exception)
        {
            // The message names the problem (bad password, not a certificate) and never the password.
            return ValidateOptionsResult.Fail($"The TLS certificate could not be loaded from '{options.CertificatePath}': {exception.Message}");
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"The TLS certificate could not be loaded from '{options.CertificatePath}': {exception.Message}");
        }
    }
}
