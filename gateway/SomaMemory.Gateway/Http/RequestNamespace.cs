using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Options;
using SomaMemory.Namespaces;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// The namespace a request acts in: <c>X-Soma-Namespace</c>, or SFM's Gen2 <c>X-Soma-Tenant</c>, or the
/// configured default. Every request acts in exactly one namespace.
/// </summary>
public static class RequestNamespace
{
    public const string Header = "X-Soma-Namespace";
    public const string TenantHeader = "X-Soma-Tenant";

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

        memoryNamespace = requested ?? context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.DefaultNamespace;
        if (!NamespaceName.IsValid(memoryNamespace, out var error))
        {
            return Refuse(error, out memoryNamespace, out problem);
        }

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
