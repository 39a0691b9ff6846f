using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SomaMemory.Gateway.Tests.Support;
using SomaMemory.Postgres.Security;
using SomaMemory.Security;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>Keys issued, used, limited by role, revoked, rotated and expired, through the real gateway and Postgres.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ApiKeyTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_key_is_shown_once_and_stored_only_as_its_hash()
    {
        var ns = ApiKeyClients.FreshNamespace("keys");
        var key = await gateway.Factory.IssueAsync(["read", "write"], [ns]);
        using var admin = gateway.Factory.CreateAuthorizedClient();

        var listed = await (await admin.GetAsync("/admin/api-keys")).AssertOkJsonAsync();
        var one = await (await admin.GetAsync($"/admin/api-keys/{key.Id}")).AssertOkJsonAsync();

        Assert.StartsWith("soma_", key.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, one.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(listed.GetProperty("api_keys").EnumerateArray(), view => view.GetProperty("id").GetString() == key.Id);
        Assert.Equal(ns, one.GetProperty("default_namespace").GetString());
        Assert.Equal("active", one.GetProperty("status").GetString());

        await using var connection = new NpgsqlConnection(gateway.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM api_keys k WHERE row_to_json(k)::text LIKE '%' || @secret || '%') + (SELECT count(*) FROM api_key_secrets s WHERE row_to_json(s)::text LIKE '%' || @secret || '%'), (SELECT count(*) FROM api_key_secrets WHERE key_id = @id AND secret_hash = sha256(convert_to(@secret, 'UTF8')))",
            connection);
        command.Parameters.AddWithValue("secret", key.Secret);
        command.Parameters.AddWithValue("id", key.Id);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(1, reader.GetInt64(1));
    }

    [Fact]
    public async Task Roles_decide_what_a_key_may_do()
    {
        var ns = ApiKeyClients.FreshNamespace("roles");
        using var admin = gateway.Factory.CreateAuthorizedClient(ns);
        await (await admin.StoreAsync("1", new { text = "seed" })).AssertOkJsonAsync();
        using var reader = gateway.Factory.CreateClientWithKey((await gateway.Factory.IssueAsync(["read"], [ns])).Secret);
        using var writer = gateway.Factory.CreateClientWithKey((await gateway.Factory.IssueAsync(["write"], [ns])).Secret);

        await (await reader.GetAsync("/memories/1")).AssertOkJsonAsync();
        await (await reader.GetAsync("/stats")).AssertOkJsonAsync();
        await (await reader.PostAsJsonAsync("/memories/search", new { query = "seed" })).AssertOkJsonAsync();
        await (await reader.StoreAsync("2", new { text = "no" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.DeleteAsync("/memories/1")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PostRawAsync("/memories/bulk", """{"items":[]}""")).AssertProblemAsync(HttpStatusCode.Forbidden);

        await (await writer.GetAsync("/memories/1")).AssertOkJsonAsync(); // write implies read
        await (await writer.StoreAsync("2", new { text = "yes" })).AssertOkJsonAsync();
        foreach (var client in new[] { reader, writer })
        {
            await (await client.GetAsync("/admin/api-keys")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostRawAsync("/admin/api-keys", """{"name":"x","roles":["admin"],"namespaces":["*"]}""")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/health")).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/dashboard/")).AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        await (await reader.GetAsync("/memories/1")).AssertOkJsonAsync(); // the refused delete deleted nothing
    }

    [Fact]
    public async Task An_admin_key_may_manage_keys_and_open_the_dashboard()
    {
        var adminKey = await gateway.Factory.IssueAsync(["admin"], ["*"]);
        using var client = gateway.Factory.CreateClientWithKey(adminKey.Secret);

        await (await client.GetAsync("/admin/api-keys")).AssertOkJsonAsync();
        await (await client.GetAsync("/health")).AssertOkJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/")).StatusCode);
        var issued = await (await client.PostAsJsonAsync("/admin/api-keys", new { name = "made by an admin key", roles = new[] { "read" }, namespaces = new[] { "made-by-admin" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(adminKey.Id, issued.GetProperty("api_key").GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var ns = ApiKeyClients.FreshNamespace("revoke");
        var key = await gateway.Factory.IssueAsync(["read"], [ns]);
        using var client = gateway.Factory.CreateClientWithKey(key.Secret);
        using var admin = gateway.Factory.CreateAuthorizedClient();
        await (await client.GetAsync("/stats")).AssertOkJsonAsync(); // now cached

        var revoked = await (await admin.DeleteAsync($"/admin/api-keys/{key.Id}")).AssertOkJsonAsync();
        var again = await (await admin.DeleteAsync($"/admin/api-keys/{key.Id}")).AssertOkJsonAsync();

        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        Assert.True(again.GetProperty("revoked").GetBoolean());
        var detail = await (await client.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", detail, StringComparison.Ordinal);
        var view = await (await admin.GetAsync($"/admin/api-keys/{key.Id}")).AssertOkJsonAsync();
        Assert.Equal("revoked", view.GetProperty("status").GetString());
        await (await admin.DeleteAsync("/admin/api-keys/key_doesnotexist")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rotation_issues_a_new_secret_and_the_old_one_works_through_its_grace()
    {
        var ns = ApiKeyClients.FreshNamespace("rotate");
        var key = await gateway.Factory.IssueAsync(["read"], [ns]);
        using var admin = gateway.Factory.CreateAuthorizedClient();
        using var old = gateway.Factory.CreateClientWithKey(key.Secret);

        var rotated = await (await admin.PostAsync($"/admin/api-keys/{key.Id}/rotate?grace_seconds=3600", null)).AssertOkJsonAsync();
        var newSecret = rotated.GetProperty("key").GetString()!;
        using var renewed = gateway.Factory.CreateClientWithKey(newSecret);

        Assert.NotEqual(key.Secret, newSecret);
        Assert.Equal(key.Id, rotated.GetProperty("api_key").GetProperty("id").GetString());
        await (await old.GetAsync("/stats")).AssertOkJsonAsync();
        await (await renewed.GetAsync("/stats")).AssertOkJsonAsync();

        // A second rotation with no grace ends every earlier secret at once; only the newest works.
        var final = await (await admin.PostAsync($"/admin/api-keys/{key.Id}/rotate?grace_seconds=0", null)).AssertOkJsonAsync();
        using var latest = gateway.Factory.CreateClientWithKey(final.GetProperty("key").GetString()!);
        Assert.Contains("rotated", await (await old.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        await (await renewed.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var stats = await (await latest.GetAsync("/stats")).AssertOkJsonAsync();
        Assert.Equal(ns, stats.GetProperty("namespace").GetString());
        await (await admin.PostAsync($"/admin/api-keys/{key.Id}/rotate?grace_seconds=-5", null)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PostAsync("/admin/api-keys/key_unknown/rotate", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        // Written straight to the table: the API refuses to issue a key that is expired already.
        var secret = "soma_expired_" + Guid.NewGuid().ToString("N");
        var id = "key_exp" + Guid.NewGuid().ToString("N")[..8];
        await using (var dataSource = NpgsqlDataSource.Create(gateway.Factory.ConnectionString))
        {
            var created = DateTimeOffset.UtcNow.AddDays(-2);
            await new PostgresApiKeyRepository(dataSource).CreateAsync(
                new ApiKey(id, "expired", ["admin"], ["*"], "default", created, created.AddDays(1), null, "test"),
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
        }

        using var client = gateway.Factory.CreateClientWithKey(secret);

        var detail = await (await client.GetAsync("/stats")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", detail, StringComparison.Ordinal);
        using var admin = gateway.Factory.CreateAuthorizedClient();
        Assert.Equal("expired", (await (await admin.GetAsync($"/admin/api-keys/{id}")).AssertOkJsonAsync()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"roles":["read"],"namespaces":["a"]}""", "name")]
    [InlineData("""{"name":"x","roles":[],"namespaces":["a"]}""", "roles")]
    [InlineData("""{"name":"x","roles":["root"],"namespaces":["a"]}""", "roles")]
    [InlineData("""{"name":"x","roles":[null],"namespaces":["a"]}""", "roles")]
    [InlineData("""{"name":"x","roles":["read"]}""", "namespaces")]
    [InlineData("""{"name":"x","roles":["read"],"namespaces":["a*b"]}""", "namespaces")]
    [InlineData("""{"name":"x","roles":["read"],"namespaces":[""]}""", "namespaces")]
    [InlineData("""{"name":"x","roles":["read"],"namespaces":["team-*"]}""", "default_namespace")]
    [InlineData("""{"name":"x","roles":["read"],"namespaces":["a"],"default_namespace":"b"}""", "default_namespace")]
    [InlineData("""{"name":"x","roles":["read"],"namespaces":["a"],"expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"name":"x\u0000","roles":["read"],"namespaces":["a"]}""", "name")]
    [InlineData("""{"name":"x","roles":"read","namespaces":["a"]}""", "roles")]
    public async Task A_bad_key_request_is_422_and_issues_nothing(string body, string field)
    {
        using var admin = gateway.Factory.CreateAuthorizedClient();
        var before = (await (await admin.GetAsync("/admin/api-keys")).AssertOkJsonAsync()).GetProperty("api_keys").GetArrayLength();

        var detail = await (await admin.PostRawAsync("/admin/api-keys", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(field, detail, StringComparison.Ordinal);
        var after = (await (await admin.GetAsync("/admin/api-keys")).AssertOkJsonAsync()).GetProperty("api_keys").GetArrayLength();
        Assert.True(after >= before); // other tests issue keys concurrently; none of this request's
        Assert.DoesNotContain((await (await admin.GetAsync("/admin/api-keys")).AssertOkJsonAsync()).GetProperty("api_keys").EnumerateArray(), key => key.GetProperty("name").GetString() == "x");
    }

    [Fact]
    public async Task Key_management_and_deletes_are_audited_with_the_key_id_never_the_key()
    {
        var ns = ApiKeyClients.FreshNamespace("audit");
        var writer = await gateway.Factory.IssueAsync(["write"], [ns]);
        using var client = gateway.Factory.CreateClientWithKey(writer.Secret);
        await (await client.StoreAsync("7", new { text = "to delete" })).AssertOkJsonAsync();
        await (await client.DeleteAsync("/memories/7")).AssertOkJsonAsync();
        using var admin = gateway.Factory.CreateAuthorizedClient();
        await (await admin.DeleteAsync($"/admin/api-keys/{writer.Id}")).AssertOkJsonAsync();

        var entries = (await (await admin.GetAsync("/admin/audit?limit=1000")).AssertOkJsonAsync()).GetProperty("entries").EnumerateArray().ToArray();

        Assert.Contains(entries, entry => entry.GetProperty("action").GetString() == "api_key.create" && entry.GetProperty("target").GetString() == writer.Id && entry.GetProperty("key_id").GetString() == "bootstrap");
        Assert.Contains(entries, entry => entry.GetProperty("action").GetString() == "memory.delete" && entry.GetProperty("key_id").GetString() == writer.Id
            && entry.GetProperty("namespace").GetString() == ns && entry.GetProperty("target").GetString() == "7" && entry.GetProperty("status").GetInt32() == 200);
        Assert.Contains(entries, entry => entry.GetProperty("action").GetString() == "api_key.revoke" && entry.GetProperty("target").GetString() == writer.Id);
        await using var connection = new NpgsqlConnection(gateway.Factory.ConnectionString);
        await connection.OpenAsync();
        await using var leak = new NpgsqlCommand("SELECT count(*) FROM audit_log a WHERE row_to_json(a)::text LIKE '%soma\\_%' OR row_to_json(a)::text LIKE '%' || @token || '%'", connection);
        leak.Parameters.AddWithValue("token", Testing.GatewayFactory.Token);
        Assert.Equal(0L, await leak.ExecuteScalarAsync());
        await (await admin.GetAsync("/admin/audit?limit=0")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}
