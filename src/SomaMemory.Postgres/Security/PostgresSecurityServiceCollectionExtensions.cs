using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SomaMemory.Security;

namespace SomaMemory.Postgres.Security;

public static class PostgresSecurityServiceCollectionExtensions
{
    /// <summary>API keys and the audit log in Postgres; needs <see cref="PostgresServiceCollectionExtensions.AddSomaPostgres"/>.</summary>
    public static IServiceCollection AddSomaPostgresSecurity(this IServiceCollection services)
    {
        services.AddSomaPostgres();
        services.TryAddSingleton<IApiKeyRepository, PostgresApiKeyRepository>();
        services.TryAddSingleton<IAuditLog, PostgresAuditLog>();
        return services;
    }
}
