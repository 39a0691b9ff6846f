using SomaMemory.Gateway.Http;
using SomaMemory.Security;

namespace SomaMemory.Gateway.Auth;

/// <summary>
/// <c>.Audited("memory.delete")</c> on any endpoint or group writes an audit row after each successful answer:
/// the action, the key id (never the key), the namespace the request resolved, the target and the status.
/// </summary>
public static class AuditEndpointExtensions
{
    /// <summary>A handler can name its target here when no route value does (for example a newly created key's id).</summary>
    public const string TargetItemKey = "soma.audit.target";

    private static readonly string[] TargetRouteValues = ["coord", "id", "ns", "namespace"];

    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
            if (status < 400)
            {
                await WriteAsync(http, action, status);
            }

            return result;
        });
    }

    /// <summary>Names the target of the audited action for the current request.</summary>
    public static void SetAuditTarget(this HttpContext context, string target)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[TargetItemKey] = target;
    }

    private static async Task WriteAsync(HttpContext http, string action, int status)
    {
        var target = http.Items[TargetItemKey] as string
            ?? TargetRouteValues.Select(name => http.Request.RouteValues[name]?.ToString()).FirstOrDefault(value => value is not null);
        var entry = new AuditEntry(
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            action,
            http.User.GetKeyId() ?? "anonymous",
            http.Items[RequestNamespace.ItemKey] as string,
            target is { Length: > 500 } ? target[..500] : target,
            status);
        try
        {
            await http.RequestServices.GetRequiredService<IAuditLog>().WriteAsync(entry, CancellationToken.None);
        }
        catch (Npgsql.NpgsqlException exception)
        {
            // The action has happened already; failing its answer would invite a retry of something done. The
            // error is logged loudly instead, without the request's secrets.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditEndpointExtensions))
                .LogError(exception, "Could not write the audit row for {Action} by key {KeyId}", action, entry.KeyId);
        }
    }
}
