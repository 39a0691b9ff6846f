using Microsoft.AspNetCore.Authorization;

namespace SomaMemory.Gateway.Auth;

/// <summary>
/// The authorization policies that put roles on routes. Admin implies write, write implies read, so each policy
/// accepts its own role and every stronger one. A plain <c>.RequireAuthorization()</c> still means "any valid key".
/// </summary>
public static class SomaPolicies
{
    public const string Read = "soma.read";
    public const string Write = "soma.write";
    public const string Admin = "soma.admin";

    public static AuthorizationBuilder AddSomaPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(Read, policy => policy.RequireAuthenticatedUser().RequireRole(SomaRoles.Read, SomaRoles.Write, SomaRoles.Admin))
            .AddPolicy(Write, policy => policy.RequireAuthenticatedUser().RequireRole(SomaRoles.Write, SomaRoles.Admin))
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(SomaRoles.Admin));
    }
}
