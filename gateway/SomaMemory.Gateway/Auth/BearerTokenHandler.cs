using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Http;

namespace SomaMemory.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c>. Failures answer 401 as ProblemDetails, whose
/// <c>detail</c> field is what SFM clients read.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureKey = "soma.auth.failure";
    private const string UnavailableKey = "soma.auth.unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Fail("Missing Authorization header: send 'Authorization: Bearer <token>'.");
        }

        var separator = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = separator < 0 ? header : header[..separator];
        if (!scheme.Equals(SchemeName, StringComparison.OrdinalIgnoreCase))
        {
            return Fail("The Authorization header must use the Bearer scheme.");
        }

        var token = separator < 0 ? "" : header[(separator + 1)..].Trim();
        if (token.Length == 0)
        {
            return Fail("The Bearer token is empty.");
        }

        try
        {
            var (principal, failure) = await authenticator.AuthenticateAsync(token, SchemeName, Context.RequestAborted);
            return principal is null ? Fail(failure!) : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
        catch (Npgsql.NpgsqlException)
        {
            // The key store is down: that is the server's trouble, not a bad key, so the answer is 503, not 401.
            Context.Items[UnavailableKey] = true;
            return Fail("The API key store is not reachable right now; retry shortly.");
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[FailureKey] as string ?? "Authentication is required.";
        if (Context.Items.ContainsKey(UnavailableKey))
        {
            Response.Headers.RetryAfter = "1";
            return Problems.Write(Context, StatusCodes.Status503ServiceUnavailable, detail);
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "This API key lacks the role this route requires (read, write or admin).");

    private AuthenticateResult Fail(string detail)
    {
        Context.Items[FailureKey] = detail;
        return AuthenticateResult.Fail(detail);
    }
}
