using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Testing;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>
/// The gateway on real Kestrel with HTTPS from a self-signed PEM certificate made here, a connection string that
/// carries a password and an sslmode, and every log line captured.
/// </summary>
public sealed class TlsGatewayFixture : IAsyncLifetime, IDisposable
{
    public const string PostgresPassword = "pg-secret-do-not-log";

    private readonly string _directory = Directory.CreateTempSubdirectory("soma-tls-").FullName;
    private GatewayFactory _gateway = null!;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public string Thumbprint { get; private set; } = "";

    public int Port { get; } = FreePorts.Take(1)[0];

    public async Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        var certificatePath = Path.Combine(_directory, "gateway.crt.pem");
        var keyPath = Path.Combine(_directory, "gateway.key.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem());

        var database = await TestPostgres.CreateEmptyDatabaseAsync("tlsgateway");
        _gateway = new GatewayFactory($"{database};Password={PostgresPassword};SSL Mode=Disable", new Dictionary<string, string?>
        {
            ["Soma:Tls:CertificatePath"] = certificatePath,
            ["Soma:Tls:KeyPath"] = keyPath,
        });
        Factory = _gateway.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug)));
        // An explicit HTTPS endpoint whose certificate comes from the gateway's own TLS settings (the https defaults).
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port, listen => listen.UseHttps()));
        Factory.StartServer();
    }

    public HttpClient CreateHttpsClient(bool withToken)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Thumbprint;
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{Port}") };
        if (withToken)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFactory.Token);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _gateway.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_gateway.ConnectionString);
        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose()
    {
        Factory?.Dispose();
        _gateway?.Dispose();
        Logs.Dispose();
    }
}

public sealed class TlsGatewayTests(TlsGatewayFixture gateway) : IClassFixture<TlsGatewayFixture>
{
    [Fact]
    public async Task The_gateway_serves_https_with_the_configured_certificate()
    {
        using var anonymous = gateway.CreateHttpsClient(withToken: false);
        using var client = gateway.CreateHttpsClient(withToken: true);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ping")).StatusCode);
        await (await anonymous.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/stats")).AssertOkJsonAsync();
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.Port}") };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/ping"));
    }

    [Fact]
    public async Task The_effective_configuration_is_logged_once_with_every_secret_redacted()
    {
        using var client = gateway.CreateHttpsClient(withToken: true);
        await (await client.GetAsync("/stats")).AssertOkJsonAsync();
        using var wrong = gateway.CreateHttpsClient(withToken: false);
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "soma_a-wrong-secret-that-must-not-be-logged");
        await (await wrong.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var lines = gateway.Logs.Lines;
        var effective = Assert.Single(lines, line => line.Contains("Effective configuration", StringComparison.Ordinal));

        Assert.Contains("Soma:Auth:BootstrapToken = ***", effective, StringComparison.Ordinal);
        Assert.Contains("Soma:Tls:KeyPath = ", effective, StringComparison.Ordinal);
        Assert.Contains("Password=***", effective, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SSL Mode=Disable", effective, StringComparison.OrdinalIgnoreCase);
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(GatewayFactory.Token, line, StringComparison.Ordinal);
            Assert.DoesNotContain(TlsGatewayFixture.PostgresPassword, line, StringComparison.Ordinal);
            Assert.DoesNotContain("soma_a-wrong-secret", line, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_sslmode_of_the_connection_string_reaches_npgsql()
    {
        var dataSource = gateway.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Equal(SslMode.Disable, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).SslMode);
    }
}
