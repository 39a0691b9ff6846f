namespace SomaMemory.Gateway.Options;

/// <summary>
/// The certificate Kestrel serves HTTPS with. Bound from <c>Soma:Tls</c>. Either a PEM certificate with its PEM
/// key (<see cref="KeyPath"/>), or a PFX/PKCS#12 file alone; <see cref="CertificatePassword"/> opens a PFX or an
/// encrypted PEM key. When set, the default URL becomes https.
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Soma:Tls";

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
