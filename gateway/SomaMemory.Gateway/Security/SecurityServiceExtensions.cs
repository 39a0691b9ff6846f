using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Options;
using SomaMemory.Postgres.Security;

namespace SomaMemory.Gateway.Security;

public static class SecurityServiceExtensions
{
    /// <summary>
    /// API keys and the audit log, the role policies' inputs, request limits, CORS, TLS and the start-up log of the
    /// effective configuration. Call after the gateway has chosen its URL.
    /// </summary>
    public static WebApplicationBuilder AddSomaSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSomaPostgresSecurity();
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyAuthenticator>();

        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName).ValidateDataAnnotations()
            .Validate(limits => limits.MaxLargeBodyBytes >= limits.MaxBodyBytes, "Soma:Limits:MaxLargeBodyBytes must not be smaller than Soma:Limits:MaxBodyBytes.")
            .ValidateOnStart();
        services.AddSomaRateLimiting();
        services.AddSomaCors();

        services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsCertificate>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            // No "Server: Kestrel" header: it tells an attacker what to try and tells a client nothing.
            kestrel.AddServerHeader = false;
            var tls = context.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>();
            if (tls?.Enabled == true)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = TlsCertificate.Load(tls));
            }
        });
        UseHttpsByDefault(builder);

        services.AddHostedService<EffectiveConfigurationLogger>();
        return builder;
    }

    /// <summary>Routes, in pipeline order: CORS (answers preflights), then keys, then limits, then roles.</summary>
    public static WebApplication UseSomaSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSomaCors();
        app.UseAuthentication();
        app.UseBodySizeLimit();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>With a certificate and no explicit URL, the default URL is served over https rather than http.</summary>
    private static void UseHttpsByDefault(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var tls = configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>();
        var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        if (tls?.Enabled == true
            && string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
            && gateway.DefaultUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            builder.WebHost.UseUrls("https://" + gateway.DefaultUrl["http://".Length..]);
        }
    }
}
