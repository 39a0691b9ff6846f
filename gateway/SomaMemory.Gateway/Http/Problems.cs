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
