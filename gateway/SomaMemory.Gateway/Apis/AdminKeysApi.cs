using System.Globalization;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Options;
using SomaMemory.Namespaces;
using SomaMemory.Security;

namespace SomaMemory.Gateway.Apis;

/// <summary>API key management and the audit log; admin role only, and every call is itself audited.</summary>
public static class AdminKeysApi
{
    public const int MaxNamespaceEntries = 100;
    public const int MaxNameLength = 200;
    public const int MaxAuditEntries = 1000;

    public static IEndpointRouteBuilder MapAdminKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin").RequireAuthorization(SomaPolicies.Admin);

        group.MapPost("/api-keys", CreateAsync)
            .Audited("api_key.create")
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key; its secret is in this answer only")
            .Accepts<CreateApiKeyRequest>("application/json")
            .Produces<IssuedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/api-keys", ListAsync)
            .Audited("api_key.list")
            .WithName("ListApiKeys")
            .WithSummary("List every API key, without secrets")
            .Produces<ApiKeyListResponse>();

        group.MapGet("/api-keys/{id}", GetAsync)
            .Audited("api_key.get")
            .WithName("GetApiKey")
            .WithSummary("One API key, without its secret")
            .Produces<ApiKeyView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/api-keys/{id}", RevokeAsync)
            .Audited("api_key.revoke")
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key; it stops working at once on this gateway and within the key cache time on others")
            .Produces<RevokeApiKeyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/api-keys/{id}/rotate", RotateAsync)
            .Audited("api_key.rotate")
            .WithName("RotateApiKey")
            .WithSummary("Issue a new secret for a key; the old one keeps working for grace_seconds (query), so there is no gap")
            .Produces<IssuedApiKeyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/audit", ReadAuditAsync)
            .Audited("audit.read")
            .WithName("ReadAuditLog")
            .WithSummary("The newest audit entries (query: limit, action, key_id)")
            .Produces<AuditListResponse>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IApiKeyRepository keys, IOptions<GatewayOptions> gateway, TimeProvider clock)
    {
        var (body, problem) = await RequestBody.ReadAsync<CreateApiKeyRequest>(request);
        if (body is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        if (!TryValidate(body, gateway.Value.DefaultNamespace, now, out var defaultNamespace, out var error))
        {
            return Problems.Unprocessable(error);
        }

        var secret = ApiKeySecret.Generate();
        var key = new ApiKey(
            ApiKeySecret.NewKeyId(),
            body.Name!.Trim(),
            body.Roles!.Distinct(StringComparer.Ordinal).ToArray(),
            body.Namespaces!.Distinct(StringComparer.Ordinal).ToArray(),
            defaultNamespace,
            now,
            body.ExpiresAt,
            null,
            request.HttpContext.User.GetKeyId() ?? "unknown");
        await keys.CreateAsync(key, ApiKeySecret.Hash(secret), request.HttpContext.RequestAborted);
        request.HttpContext.SetAuditTarget(key.Id);
        return TypedResults.Created($"/admin/api-keys/{key.Id}", new IssuedApiKeyResponse(ToView(key, now), secret, null));
    }

    private static async Task<IResult> ListAsync(IApiKeyRepository keys, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var all = await keys.ListAsync(cancellationToken);
        return TypedResults.Ok(new ApiKeyListResponse(all.Select(key => ToView(key, now)).ToArray()));
    }

    private static async Task<IResult> GetAsync(string id, IApiKeyRepository keys, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = IsPlainText(id) ? await keys.GetAsync(id, cancellationToken) : null;
        return key is null ? UnknownKey(id) : TypedResults.Ok(ToView(key, clock.GetUtcNow()));
    }

    private static async Task<IResult> RevokeAsync(string id, IApiKeyRepository keys, ApiKeyAuthenticator authenticator, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!IsPlainText(id))
        {
            return UnknownKey(id);
        }

        var now = clock.GetUtcNow();
        var revoked = await keys.RevokeAsync(id, now, cancellationToken);
        authenticator.Forget(id);
        if (revoked)
        {
            return TypedResults.Ok(new RevokeApiKeyResponse(id, true, now));
        }

        // Revoking twice is not an error: the key is revoked either way.
        var key = await keys.GetAsync(id, cancellationToken);
        return key is null ? UnknownKey(id) : TypedResults.Ok(new RevokeApiKeyResponse(id, true, key.RevokedAt));
    }

    private static async Task<IResult> RotateAsync(
        string id,
        string? grace_seconds,
        IApiKeyRepository keys,
        ApiKeyAuthenticator authenticator,
        IOptions<ApiKeyOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var grace = options.Value.RotationGraceSeconds;
        if (grace_seconds is not null
            && (!int.TryParse(grace_seconds, NumberStyles.None, CultureInfo.InvariantCulture, out grace) || grace > 30 * 24 * 3600))
        {
            return Problems.Unprocessable("grace_seconds must be a whole number of seconds from 0 to 2592000 (30 days).");
        }

        if (!IsPlainText(id))
        {
            return UnknownKey(id);
        }

        var now = clock.GetUtcNow();
        var secret = ApiKeySecret.Generate();
        var oldExpireAt = now.AddSeconds(grace);
        if (!await keys.RotateAsync(id, ApiKeySecret.Hash(secret), now, oldExpireAt, cancellationToken))
        {
            return UnknownKey(id);
        }

        authenticator.Forget(id);
        var key = await keys.GetAsync(id, cancellationToken);
        return TypedResults.Ok(new IssuedApiKeyResponse(ToView(key!, now), secret, oldExpireAt));
    }

    private static async Task<IResult> ReadAuditAsync(string? limit, string? action, string? key_id, IAuditLog audit, CancellationToken cancellationToken)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxAuditEntries))
        {
            return Problems.Unprocessable($"limit must be a whole number from 1 to {MaxAuditEntries}.");
        }

        if (!IsPlainText(action) || !IsPlainText(key_id))
        {
            return Problems.Unprocessable("action and key_id must be at most 200 characters without control characters.");
        }

        var entries = await audit.ReadAsync(count, action, key_id, cancellationToken);
        return TypedResults.Ok(new AuditListResponse(entries.Select(entry => new AuditEntryView(entry.OccurredAt, entry.Action, entry.KeyId, entry.Namespace, entry.Target, entry.Status)).ToArray()));
    }

    private static bool TryValidate(CreateApiKeyRequest body, string gatewayDefault, DateTimeOffset now, out string defaultNamespace, out string error)
    {
        defaultNamespace = "";
        error = "";
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > MaxNameLength || body.Name.Any(char.IsControl))
        {
            error = $"name is required: 1 to {MaxNameLength} characters, no control characters.";
            return false;
        }

        if (body.Roles is not { Count: > 0 } || body.Roles.Any(role => !SomaRoles.All.Contains(role, StringComparer.Ordinal)))
        {
            error = $"roles is required: a list of {string.Join(", ", SomaRoles.All)}.";
            return false;
        }

        if (body.Namespaces is not { Count: > 0 } || body.Namespaces.Count > MaxNamespaceEntries)
        {
            error = $"namespaces is required: 1 to {MaxNamespaceEntries} entries, each a namespace, a prefix ending in '*', or '*' for all.";
            return false;
        }

        foreach (var grant in body.Namespaces)
        {
            if (!NamespaceGrant.IsValid(grant, out var grantError))
            {
                error = $"namespaces: {grantError}";
                return false;
            }
        }

        if (body.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            error = "expires_at must be in the future.";
            return false;
        }

        defaultNamespace = body.DefaultNamespace
            ?? body.Namespaces.FirstOrDefault(grant => !grant.EndsWith('*'))
            ?? (body.Namespaces.Contains(NamespaceGrant.Everything) ? gatewayDefault : "");
        if (defaultNamespace.Length == 0)
        {
            error = "default_namespace is required when namespaces holds only prefixes.";
            return false;
        }

        if (!NamespaceName.IsValid(defaultNamespace, out var nameError))
        {
            error = $"default_namespace: {nameError}";
            return false;
        }

        var chosen = defaultNamespace;
        if (!body.Namespaces.Any(grant => NamespaceGrant.Allows(grant, chosen)))
        {
            error = $"default_namespace '{chosen}' is not among the key's namespaces.";
            return false;
        }

        return true;
    }

    /// <summary>Postgres text cannot hold NUL, and no id or action holds control characters: such input is refused, not sent.</summary>
    private static bool IsPlainText(string? text) => text is null || (text.Length <= 200 && !text.Any(char.IsControl));

    private static IResult UnknownKey(string id) =>
        Problems.NotFound(IsPlainText(id) && id.Length <= 100 ? $"No API key has the id '{id}'." : "No API key has that id.");

    private static ApiKeyView ToView(ApiKey key, DateTimeOffset now) => new(
        key.Id,
        key.Name,
        key.Roles,
        key.Namespaces,
        key.DefaultNamespace,
        key.CreatedAt,
        key.ExpiresAt,
        key.RevokedAt,
        key.CreatedBy,
        key.RevokedAt is not null ? "revoked" : key.IsExpired(now) ? "expired" : "active");
}
