using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Security;
using SomaMemory.Testing;

namespace SomaMemory.Gateway.Tests.Security;

public sealed class ConfigurationRedactorTests
{
    [Theory]
    [InlineData("Soma:Auth:BootstrapToken", "test-token-0123456789abcdef", "***")]
    [InlineData("Soma:Tls:CertificatePassword", "hunter2", "***")]
    [InlineData("Soma:Other:ClientSecret", "s3cr3t", "***")]
    [InlineData("Soma:Auth:BootstrapTokenFile", "/run/secrets/soma", "/run/secrets/soma")]
    [InlineData("Soma:Tls:KeyPath", "/etc/soma/key.pem", "/etc/soma/key.pem")]
    [InlineData("Soma:Gateway:DefaultNamespace", "default", "default")]
    [InlineData("Soma:Postgres:ConnectionString", "Host=db;Username=soma;Password=p@ss;SSL Mode=Require", "host=db;username=soma;password=***;ssl mode=Require")]
    [InlineData("Soma:Postgres:ConnectionString", "Host=db;PWD=abc", "host=db;pwd=***")]
    [InlineData("Soma:Postgres:ConnectionString", "Host=db;Password='a;b=c'", "host=db;password=***")]
    [InlineData("Soma:Telemetry:Endpoint", "https://user:pass@collector:4317", "https://***@collector:4317")]
    [InlineData("Soma:Postgres:ConnectionString", "Host=db;Password=\"unterminated", "***")]
    public void Secrets_are_redacted_and_the_rest_is_kept(string key, string value, string expected)
    {
        Assert.Equal(expected, ConfigurationRedactor.Redact(key, value), ignoreCase: true);
    }
}

public sealed class NamespaceGrantTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("team-a", "team-a", true)]
    [InlineData("team-a", "team-ab", false)]
    [InlineData("team-a", "Team-a", false)]
    [InlineData("team-*", "team-x", true)]
    [InlineData("team-*", "team-", true)]
    [InlineData("team-*", "team", false)]
    [InlineData("team-*", "xteam-a", false)]
    public void A_grant_allows_exactly_its_namespaces(string grant, string memoryNamespace, bool allowed)
    {
        Assert.Equal(allowed, NamespaceGrant.Allows(grant, memoryNamespace));
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("team-a", true)]
    [InlineData("team-*", true)]
    [InlineData("", false)]
    [InlineData("a*b", false)]
    [InlineData("**", false)]
    [InlineData("-*", false)]
    [InlineData("a/b", false)]
    public void Grants_are_validated(string grant, bool valid)
    {
        Assert.Equal(valid, NamespaceGrant.IsValid(grant, out _));
    }
}

/// <summary>Bad security settings stop the start with a message that names the setting.</summary>
public sealed class SecurityStartupRefusalTests
{
    [Theory]
    [InlineData("Soma:Tls:CertificatePath", "/nonexistent/cert.pem", "does not exist")]
    [InlineData("Soma:Tls:KeyPath", "/nonexistent/key.pem", "CertificatePath is not")]
    [InlineData("Soma:Cors:AllowedOrigins:0", "*", "AllowedOrigins")]
    [InlineData("Soma:Cors:AllowedOrigins:0", "https://app.example.com/path", "AllowedOrigins")]
    [InlineData("Soma:Limits:MaxBodyBytes", "10", "MaxBodyBytes")]
    [InlineData("Soma:Limits:MaxLargeBodyBytes", "2048", "MaxLargeBodyBytes")]
    [InlineData("Soma:ApiKeys:CacheSeconds", "-1", "CacheSeconds")]
    public void The_gateway_refuses_to_start(string setting, string value, string expectedMessage)
    {
        using var factory = new GatewayFactory("Host=127.0.0.1;Database=unused", new Dictionary<string, string?> { [setting] = value });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(expectedMessage, Flatten(exception), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_certificate_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            using var factory = new GatewayFactory("Host=127.0.0.1;Database=unused", new Dictionary<string, string?> { ["Soma:Tls:CertificatePath"] = file, ["Soma:Tls:CertificatePassword"] = "pfx-password-never-shown" });

            var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

            Assert.Contains("could not be loaded", message, StringComparison.Ordinal);
            Assert.DoesNotContain("pfx-password-never-shown", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : "");
}
