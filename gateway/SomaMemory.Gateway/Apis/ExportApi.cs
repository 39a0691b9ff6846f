using SomaMemory.Gateway.Auth;
using System.Globalization;
using SomaMemory.Gateway.Http;
using SomaMemory.Portability;

namespace SomaMemory.Gateway.Apis;

/// <summary>
/// Streams a namespace as JSON Lines: its live memories in key order, then its links in (from, to, type) order.
/// Every line carries the cursor that resumes the export after it, so a broken download continues where it stopped.
/// </summary>
public static class ExportApi
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>Rows read and written per round trip to Postgres; the response is flushed after each page.</summary>
    private const int PageSize = 256;

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/memories/export", ExportAsync)
            .WithTags("Portability")
            .RequireAuthorization(SomaPolicies.Read)
            .WithName("ExportMemories")
            .WithSummary("Stream the namespace's memories and links as JSON Lines, resumable by cursor")
            .WithDescription("Lines of kind \"memory\" (every live memory, with its embedding as base64 float32 little-endian) come first in key order, then lines of kind \"link\". Each line's \"cursor\" resumes the export after that line; limit stops after that many lines.")
            .Produces(StatusCodes.Status200OK, contentType: ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, IMemoryTransferRepository transfers, TimeProvider clock, string? cursor, string? limit)
    {
        if (!RequestNamespace.TryResolve(context, out var memoryNamespace, out var problem))
        {
            return problem!;
        }

        ExportCursor? start = null;
        if (!string.IsNullOrEmpty(cursor) && !ExportCursor.TryDecode(cursor, memoryNamespace, out start, out var cursorError))
        {
            return Problems.BadRequest(cursorError);
        }

        long remaining = long.MaxValue;
        if (!string.IsNullOrEmpty(limit))
        {
            if (!long.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out remaining) || remaining < 1)
            {
                return Problems.Unprocessable("limit must be a whole number of lines, at least 1.");
            }
        }

        var response = context.Response;
        response.ContentType = ContentType + "; charset=utf-8";
        using var lines = new ExportLineWriter(response.BodyWriter);
        var aborted = context.RequestAborted;
        var now = clock.GetUtcNow();
        if (start is null || start.Phase == ExportCursor.MemoriesPhase)
        {
            remaining = await WriteMemoryPhaseAsync(lines, response, transfers, memoryNamespace, start?.MemoryKey, remaining, now, aborted);
        }

        if (remaining > 0)
        {
            await WriteLinkPhaseAsync(lines, response, transfers, memoryNamespace, start?.LastLink, remaining, aborted);
        }

        return Results.Empty;
    }

    /// <returns>How many lines the limit still allows: more than zero only when the phase is complete.</returns>
    private static async Task<long> WriteMemoryPhaseAsync(
        ExportLineWriter lines, HttpResponse response, IMemoryTransferRepository transfers, string memoryNamespace, string? afterKey, long remaining, DateTimeOffset now, CancellationToken aborted)
    {
        while (remaining > 0)
        {
            var size = (int)Math.Min(PageSize, remaining);
            var page = await transfers.ReadMemoriesAsync(memoryNamespace, afterKey, size, now, aborted);
            foreach (var memory in page)
            {
                afterKey = memory.Memory.CoordinateKey;
                lines.WriteMemory(memory, ExportCursor.AfterMemory(memoryNamespace, afterKey).Encode());
            }

            remaining -= page.Count;
            await response.BodyWriter.FlushAsync(aborted);
            if (page.Count < size)
            {
                break; // a short page ends the phase, and leaves the limit above zero
            }
        }

        return remaining;
    }

    /// <summary>
    /// The link phase: the links table in (from, to, type) order. Until the graph lands it finds no rows, so an
    /// export ends after its memories.
    /// </summary>
    private static async Task WriteLinkPhaseAsync(
        ExportLineWriter lines, HttpResponse response, IMemoryTransferRepository transfers, string memoryNamespace, LinkKey? after, long remaining, CancellationToken aborted)
    {
        while (remaining > 0)
        {
            var size = (int)Math.Min(PageSize, remaining);
            var page = await transfers.ReadLinksAsync(memoryNamespace, after, size, aborted);
            foreach (var link in page)
            {
                after = new LinkKey(link.FromKey, link.ToKey, link.LinkType);
                lines.WriteLink(link, ExportCursor.AfterLink(memoryNamespace, after).Encode());
            }

            remaining -= page.Count;
            await response.BodyWriter.FlushAsync(aborted);
            if (page.Count < size)
            {
                return;
            }
        }
    }
}
