using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SomaMemory.Gateway.Tests.Support;

public static class HttpAssertions
{
    /// <summary>Asserts the status and that the body is a ProblemDetails with a non-empty <c>detail</c>; returns it.</summary>
    public static async Task<string> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var detail = document.RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail!;
    }

    public static async Task<JsonElement> AssertOkJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, contentType));
    }

    public static Task<HttpResponseMessage> StoreAsync(this HttpClient client, string coord, object payload, string? memoryType = null) =>
        client.PostAsJsonAsync("/memories", new Dictionary<string, object?> { ["coord"] = coord, ["payload"] = payload, ["memory_type"] = memoryType });
}
