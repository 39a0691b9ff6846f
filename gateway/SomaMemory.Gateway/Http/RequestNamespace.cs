using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Options;
using SomaMemory.Namespaces;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// The namespace a request acts in: <c>X-Soma-Namespace</c>, or SFM's Gen2 <c>X-Soma-Tenant</c>, or else the
/// key's default namespace (the configured default for the bootstrap token). Every request acts in exactly one
/// namespace, and only in one its key lists: any other is 403. Every route that touches memories resolves its
/// namespace here, so this is the one place where a key's namespaces are enforced.
/// </summary>
public static class RequestNamespace
{
    public const string Header = "X-Soma-Namespace";
    public const string TenantHeader = "X-Soma-Tenant";

    /// <summary>Where the resolved namespace is kept for the rest of the request (the audit filter reads it).</summary>
    public const string ItemKey = "soma.namespace";

    public static bool TryResolve(HttpContext context, out string memoryNamespace, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        var named = headers[Header];
        var tenant = headers[TenantHeader];
        if (named.Count > 1 || tenant.Count > 1)
        {
            return Refuse("Send the namespace header once.", out memoryNamespace, out problem);
        }

        string? requested = named.Count == 1 ? named[0] : tenant.Count == 1 ? tenant[0] : null;
        if (named.Count == 1 && tenant.Count == 1 && !string.Equals(named[0], tenant[0], StringComparison.Ordinal))
        {
            return Refuse($"{Header} and {TenantHeader} name different namespaces.", out memoryNamespace, out problem);
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            // Routes that act in a namespace require a key; an anonymous caller must never fall through to a default.
            memoryNamespace = "";
            problem = Problems.Result(StatusCodes.Status401Unauthorized, "An API key is required to act in a namespace.");
            return false;
        }

        memoryNamespace = requested
            ?? user.GetDefaultNamespace()
            ?? context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.DefaultNamespace;
        if (!NamespaceName.IsValid(memoryNamespace, out var error))
        {
            return Refuse(error, out memoryNamespace, out problem);
        }

        if (!user.MayUseNamespace(memoryNamespace))
        {
            problem = Problems.Result(StatusCodes.Status403Forbidden, $"This API key may not use namespace '{memoryNamespace}'.");
            memoryNamespace = "";
            return false;
        }

        context.Items[ItemKey] = memoryNamespace;
        problem = null;
        return true;
    }

    private static bool Refuse(string detail, out string memoryNamespace, out IResult? problem)
    {
        memoryNamespace = "";
        problem = Problems.BadRequest(detail);
        return false;
    }
}
