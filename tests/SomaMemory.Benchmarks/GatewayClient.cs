using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SomaMemory.Benchmarks;

/// <summary>
/// Sends benchmark requests and turns every outcome into "ok" (null) or a short error label, so a failing
/// gateway shows up as counted errors rather than as an exception that ends the run.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    private const string NamespaceHeader = "X-Soma-Namespace";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient http;

    /// <param name="timeout">How long one request may take; 30 s unless a scenario sends large bulk calls.</param>
    public GatewayClient(Uri url, string token, string memoryNamespace, int connections, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per worker: requests never queue behind each other inside the client.
            MaxConnectionsPerServer = connections,
            // Measure the gateway, not whatever proxy the environment happens to name.
            UseProxy = false,
        };
        // A trailing slash makes relative paths land under a base path such as http://host/soma/.
        var baseAddress = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Add(NamespaceHeader, memoryNamespace);
    }

    /// <summary>Null when the gateway answered <paramref name="expected"/>; otherwise what went wrong.</summary>
    public async Task<string?> SendAsync(HttpMethod method, string path, byte[]? body, HttpStatusCode expected) =>
        (await ExchangeAsync(method, path, body, expected, keepBody: false)).Error;

    /// <summary>
    /// Like <see cref="SendAsync"/>, but keeps the answer's body for the caller to read after the clock stops, and
    /// puts the problem's detail into the error label: the recall scenario's errors (a vector of the wrong
    /// dimension, a body too large) are only diagnosable with it.
    /// </summary>
    public Task<(string? Error, byte[]? Body)> SendReadingBodyAsync(HttpMethod method, string path, byte[]? body, HttpStatusCode expected) =>
        ExchangeAsync(method, path, body, expected, keepBody: true);

    /// <summary>
    /// Checks, before measuring anything, that the gateway answers and accepts the token and namespace, so a
    /// typo costs one clear message instead of thousands of identical errors. Null when all is well.
    /// </summary>
    public async Task<string?> CheckAsync(string probeCoordinate)
    {
        try
        {
            using var probe = await http.GetAsync(new Uri("memories/" + Uri.EscapeDataString(probeCoordinate), UriKind.Relative));
            if (probe.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound)
            {
                return null;
            }

            var detail = await DetailAsync(probe);
            return probe.StatusCode switch
            {
                HttpStatusCode.Unauthorized => $"The gateway at {http.BaseAddress} refused the token (HTTP 401): {detail}",
                HttpStatusCode.Forbidden => $"The token may not use this namespace (HTTP 403): {detail}",
                _ => $"The gateway at {http.BaseAddress} answered a probe GET /memories/{{coord}} with HTTP {(int)probe.StatusCode}: {detail}",
            };
        }
        catch (HttpRequestException exception)
        {
            return $"Cannot reach the gateway at {http.BaseAddress}: {exception.Message}";
        }
        catch (TaskCanceledException)
        {
            return $"The gateway at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.";
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<(string? Error, byte[]? Body)> ExchangeAsync(HttpMethod method, string path, byte[]? body, HttpStatusCode expected, bool keepBody)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        try
        {
            // ResponseContentRead: the latency includes reading the whole body, as a real client would.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode != expected)
            {
                return (keepBody ? $"HTTP {(int)response.StatusCode}: {await DetailAsync(response)}" : $"HTTP {(int)response.StatusCode}", null);
            }

            return (null, keepBody ? await response.Content.ReadAsByteArrayAsync() : null);
        }
        catch (HttpRequestException exception)
        {
            return ($"connection failed ({exception.HttpRequestError})", null);
        }
        catch (TaskCanceledException)
        {
            return ($"no answer within {http.Timeout.TotalSeconds:0} s", null);
        }
    }

    /// <summary>The problem's <c>detail</c> when the body has one (SFM and ProblemDetails both do), else the raw text.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through and show the text itself.
        }

        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
