using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SomaMemory.Client.Http;

/// <summary>The routes only the gateway has: health, export/import (JSON Lines) and API keys.</summary>
public sealed partial class SomaMemoryHttpClient
{
    private const string JsonLines = "application/x-ndjson";

    public async Task<HealthReport> HealthAsync(CancellationToken cancellationToken = default)
    {
        var raw = await SendAsync<JsonElement>(HttpMethod.Get, "health", null, cancellationToken);
        var services = raw.TryGetProperty("services", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(service => new ServiceHealthReport(
                Text(service, "name") ?? "",
                service.TryGetProperty("healthy", out var healthy) && healthy.ValueKind == JsonValueKind.True,
                service.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Number ? latency.GetDouble() : 0,
                Text(service, "details") ?? "")).ToArray()
            : [];
        return new HealthReport(
            raw.TryGetProperty("healthy", out var up) && up.ValueKind == JsonValueKind.True,
            Text(raw, "status") ?? "unknown",
            Text(raw, "version") ?? "",
            services,
            raw);
    }

    /// <summary>
    /// Streams the namespace's memories and links as JSON Lines, from the start or after <paramref name="cursor"/>
    /// (the cursor of the last line received, to resume an interrupted export).
    /// </summary>
    public async IAsyncEnumerable<ExportLine> ExportAsync(string? cursor = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, "memories/export" + Query(("cursor", cursor)));
        request.Headers.Accept.ParseAdd(JsonLines);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseExportLine(line);
        }
    }

    /// <summary>Imports JSON Lines (the export's format); idempotent. Invalid lines are reported, valid ones imported.</summary>
    public async Task<ImportSummary> ImportAsync(Stream jsonLines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        using var request = NewRequest(HttpMethod.Post, "memories/import");
        request.Content = new StreamContent(jsonLines);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(JsonLines);

        // An import may run long: the caller's token bounds it, not the per-call timeout.
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var raw = await ReadAsync<JsonElement>(response, cancellationToken);
        return ParseImportSummary(raw);
    }

    public async Task<CreatedApiKey> CreateApiKeyAsync(NewApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = await SendAsync<JsonElement>(HttpMethod.Post, "admin/api-keys", new Wire.ApiKeyBody(key.Name, key.Roles, key.Namespaces, key.DefaultNamespace, key.ExpiresAt), cancellationToken);
        // The gateway answers {api_key: {id, …}, key}: the secret beside the key's description.
        var id = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("api_key", out var described) ? Text(described, "id") : Text(raw, "id");
        return new CreatedApiKey(id ?? "", Text(raw, "key") ?? "", raw);
    }

    /// <summary>The API keys, as the server describes them (never their secrets).</summary>
    public async Task<IReadOnlyList<JsonElement>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        var raw = await SendAsync<JsonElement>(HttpMethod.Get, "admin/api-keys", null, cancellationToken);
        var list = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("api_keys", out var keys) ? keys : raw;
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(key => key.Clone()).ToArray() : [];
    }

    public async Task RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Delete, "admin/api-keys/" + Uri.EscapeDataString(id ?? ""));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    internal static ExportLine ParseExportLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? new ExportLine(line, Text(root, "kind"), Text(root, "cursor"))
                : new ExportLine(line, null, null);
        }
        catch (JsonException malformed)
        {
            throw new SomaMemoryException(null, "The export stream holds a line that is not JSON: " + malformed.Message, malformed);
        }
    }

    private static ImportSummary ParseImportSummary(JsonElement raw)
    {
        long imported = 0;
        foreach (var name in new[] { "imported", "memories", "links" })
        {
            if (raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty(name, out var count) && count.ValueKind == JsonValueKind.Number)
            {
                imported += count.GetInt64();
                if (name == "imported")
                {
                    break;
                }
            }
        }

        var errors = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(error => new ImportLineError(
                error.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt64() : 0,
                Text(error, "detail") ?? error.GetRawText())).ToArray()
            : [];
        return new ImportSummary(imported, errors, raw);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : value.GetRawText()
            : null;
}
