using System.Security.Claims;

namespace SomaMemory.Gateway.Auth;

/// <summary>The claims an authenticated key carries, and the questions routes ask of them.</summary>
public static class SomaClaims
{
    public const string KeyId = "soma:key_id";
    public const string Namespace = "soma:namespace";
    public const string DefaultNamespace = "soma:default_namespace";

    /// <summary>The id of the key behind the request (<c>bootstrap</c> for the configured token); null when anonymous.</summary>
    public static string? GetKeyId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(KeyId)?.Value;
    }

    public static string? GetDefaultNamespace(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(DefaultNamespace)?.Value;
    }

    public static bool MayUseNamespace(this ClaimsPrincipal user, string memoryNamespace)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindAll(Namespace).Any(grant => NamespaceGrant.Allows(grant.Value, memoryNamespace));
    }

    public static ClaimsPrincipal CreatePrincipal(string keyId, string name, IEnumerable<string> roles, IEnumerable<string> namespaces, string defaultNamespace, string scheme)
    {
        var claims = new List<Claim> { new(KeyId, keyId), new(ClaimTypes.Name, name), new(DefaultNamespace, defaultNamespace) };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        claims.AddRange(namespaces.Select(grant => new Claim(Namespace, grant)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
