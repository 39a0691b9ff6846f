using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Reads a JSON body by hand rather than through parameter binding, so that every malformed body gets a
/// ProblemDetails answer that says what is wrong and where, instead of the framework's bare 400.
/// </summary>
public static class RequestBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, json, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Problems.BadRequest("A JSON object is required as the request body."))
                : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest(Describe(exception)));
        }
        catch (BadHttpRequestException exception)
        {
            return (null, Problems.Result(exception.StatusCode, exception.Message));
        }
    }

    private static string Describe(JsonException exception)
    {
        // The serializer's own message names the path and position but also internal type names; keep the former.
        var where = exception.Path is { Length: > 0 } path ? $" at {path}" : "";
        return exception.BytePositionInLine is { } position
            ? $"The request body is not valid JSON{where} (line {exception.LineNumber + 1}, byte {position + 1})."
            : $"The request body is not valid JSON{where}.";
    }
}
