using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Http;

/// <summary>
/// Turns exceptions into ProblemDetails. Validation that only the grid can do (payload size, values Postgres
/// refuses) arrives as <see cref="ArgumentException"/> and becomes 422; an unreachable grid is 503; anything
/// else is a 500 that shows a trace id and no internals.
/// </summary>
public sealed class GridExceptionHandler(IProblemDetailsService problems, ILogger<GridExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, detail) = exception switch
        {
            ArgumentException argument => (StatusCodes.Status422UnprocessableEntity, ValidationMessages.Describe(argument)),
            BadHttpRequestException badRequest => (badRequest.StatusCode, badRequest.Message),
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, "The memory grid is not reachable right now; retry shortly."),
            // An exhausted connection pool or a dropped connection under overload: nothing was lost, try again.
            Npgsql.NpgsqlException { IsTransient: true } =>
                (StatusCodes.Status503ServiceUnavailable, "The database is busy or unreachable right now; retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred. Quote the trace id when reporting it."),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
            Exception = exception,
        });
    }
}
