using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Options;

namespace SomaMemory.Gateway.Security;

/// <summary>CORS is off unless <c>Soma:Cors:AllowedOrigins</c> lists origins; then only those get CORS headers.</summary>
public static class SomaCors
{
    public const string PolicyName = "soma";

    public static IServiceCollection AddSomaCors(this IServiceCollection services)
    {
        services.AddOptions<SomaCorsOptions>()
            .BindConfiguration(SomaCorsOptions.SectionName)
            .Validate(options => options.AllowedOrigins.All(IsOrigin), "Soma:Cors:AllowedOrigins must hold exact origins such as https://app.example.com (scheme, host and optional port; no path, no wildcard).")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<SomaCorsOptions>>((cors, soma) =>
            cors.AddPolicy(PolicyName, policy => policy
                .WithOrigins([.. soma.Value.AllowedOrigins])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Authorization", "Content-Type", RequestNamespace.Header, RequestNamespace.TenantHeader)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>Adds the CORS middleware only when origins are configured: with none, no CORS header is ever sent.</summary>
    public static IApplicationBuilder UseSomaCors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<IOptions<SomaCorsOptions>>().Value.Enabled ? app.UseCors(PolicyName) : app;
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && !origin.EndsWith('/') && string.IsNullOrEmpty(uri.Query) && !origin.Contains('*', StringComparison.Ordinal);
}
