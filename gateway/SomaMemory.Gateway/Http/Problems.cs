using Microsoft.AspNetCore.Mvc;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// RFC 7807 answers. Every error carries <c>detail</c>, the one field SFM clients read, and a trace id that
/// correlates it with the logs; none carries internals.
/// </summary>
public static class Problems
{
    public static IResult Result(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    public static IResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, detail);

    public static IResult Unprocessable(string detail) => Result(StatusCodes.Status422UnprocessableEntity, detail);

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, detail);

    /// <summary>The detail of problems the framework raises without one.</summary>
    public static string DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status404NotFound => "Not Found: no route matches this path.",
        StatusCodes.Status405MethodNotAllowed => "Method Not Allowed on this route.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
        _ => "The request could not be processed.",
    };

    /// <summary>Writes a problem outside the endpoint pipeline (authentication, middleware).</summary>
    public static async Task Write(HttpContext context, int status, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
