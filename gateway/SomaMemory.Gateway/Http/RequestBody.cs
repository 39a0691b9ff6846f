using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Reads a JSON body by hand rather than through parameter binding, so that every malformed body gets a
/// ProblemDetails answer that says what is wrong and where: broken JSON is 400, well-formed JSON with a field of
/// the wrong type is 422, as SFM's validation failures are.
/// </summary>
public static class RequestBody
{
    /// <summary>
    /// How deep a body may nest, as a JSON document would parse it by default. The gateway's serializer options allow
    /// deeper nesting for writing answers, which wrap stored payloads in a few more levels; bodies get this limit.
    /// </summary>
    private const int MaxBodyDepth = 64;

    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> ReadingOptions = [];

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] body;
        try
        {
            body = await ReadAllAsync(request);
        }
        catch (BadHttpRequestException exception)
        {
            return (null, Problems.Result(exception.StatusCode, exception.Message));
        }

        // One pass on the happy path: a bulk body is megabytes of numbers, and parsing it twice (a document to
        // check it, then the model) doubled what a bulk store cost the gateway. Only a refused body is parsed again,
        // to tell broken JSON from a wrong type.
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var json = ReadingOptions.GetValue(configured, options => new JsonSerializerOptions(options) { MaxDepth = MaxBodyDepth });
        try
        {
            return JsonSerializer.Deserialize<T>(body, json) is { } value
                ? (value, null)
                : (null, Problems.Unprocessable("The request body must be a JSON object."));
        }
        catch (JsonException exception)
        {
            return (null, Classify(body, exception));
        }
    }

    private static IResult Classify(byte[] body, JsonException refusal)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problems.Unprocessable("The request body must be a JSON object.");
            }
        }
        catch (JsonException exception)
        {
            var position = exception.BytePositionInLine is { } bytes ? $" (line {exception.LineNumber + 1}, byte {bytes + 1})" : "";
            return Problems.BadRequest($"The request body is not valid JSON{position}.");
        }

        var field = refusal.Path is { Length: > 2 } path ? path[2..] : "a field";
        return refusal is VectorFormatException vector
            ? Problems.Unprocessable($"{field} {vector.Detail}")
            : Problems.Unprocessable($"{field} has the wrong type.");
    }

    private static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        // The declared length sizes the buffer once. It is only a claim until the body limit checks what is read, so
        // what it may reserve up front is capped.
        const long MostReservedUpFront = 16 << 20;
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)Math.Min(length, MostReservedUpFront) : 4096);
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
