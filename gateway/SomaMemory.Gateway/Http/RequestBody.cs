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
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException exception)
        {
            var position = exception.BytePositionInLine is { } bytes ? $" (line {exception.LineNumber + 1}, byte {bytes + 1})" : "";
            return (null, Problems.BadRequest($"The request body is not valid JSON{position}."));
        }
        catch (BadHttpRequestException exception)
        {
            return (null, Problems.Result(exception.StatusCode, exception.Message));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Unprocessable("The request body must be a JSON object."));
            }

            var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                return (document.Deserialize<T>(json)!, null);
            }
            catch (JsonException exception)
            {
                var field = exception.Path is { Length: > 2 } path ? path[2..] : "a field";
                return (null, Problems.Unprocessable($"{field} has the wrong type."));
            }
        }
    }
}
