using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SomaMemory.Contracts;
using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Security;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;
using SomaMemory.Memories;

namespace SomaMemory.Gateway.Apis;

/// <summary>
/// Takes an export back, line by line as the body streams in. Each memory is written by its node grain and only
/// when newer than what the namespace holds, so importing a file twice changes nothing the second time.
/// </summary>
public static class ImportApi
{
    /// <summary>Room for the largest payload a node accepts (16 MiB) with its metadata and embedding.</summary>
    public const int MaxLineBytes = 20 * 1024 * 1024;

    /// <summary>Line errors listed in the answer; the rest are only counted in <c>failed</c>.</summary>
    public const int MaxReportedErrors = 1_000;

    /// <summary>Lines in flight at a time: a batch ends at this many lines or <see cref="BatchBytes"/>, whichever is first.</summary>
    private const int BatchLines = 64;
    private const int BatchBytes = 8 * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/memories/import", ImportAsync)
            .WithTags("Portability")
            .RequireAuthorization(SomaPolicies.Write).AllowsLargeBody()
            // An export is as large as its namespace; the body streams, so the server's default limit does not apply.
            .WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithName("ImportMemories")
            .WithSummary("Import JSON Lines in the format of GET /memories/export (idempotent)")
            // No Accepts metadata: routing would answer a wrong content type with the generic "send application/json"
            // 415; the handler's own 415 names the format this route takes.
            .WithDescription("The body is application/x-ndjson. Each line is written only when its updated_at is later than the namespace's copy, so a second import of the same lines changes nothing. Invalid lines are reported by line number and the valid ones are still imported.")
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, IGrainFactory grains)
    {
        if (!RequestNamespace.TryResolve(request.HttpContext, out var memoryNamespace, out var problem))
        {
            return problem!;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals(ExportApi.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, $"Send the lines as {ExportApi.ContentType}, one JSON object per line.");
        }

        var tally = new ImportTally();
        var batch = new List<(long Line, object Item)>(BatchLines);
        var batchBytes = 0L;
        await foreach (var line in JsonLinesReader.ReadAsync(request.BodyReader, MaxLineBytes, request.HttpContext.RequestAborted))
        {
            if (line.Bytes is null)
            {
                tally.Fail(line.Number, line.Error ?? "The line could not be read.");
                continue;
            }

            if (!ImportLineParser.TryParse(line.Bytes, out var item, out var error))
            {
                tally.Fail(line.Number, error);
                continue;
            }

            batch.Add((line.Number, item!));
            batchBytes += line.Bytes.Length;
            if (batch.Count == BatchLines || batchBytes >= BatchBytes)
            {
                await RunAsync(grains, memoryNamespace, batch, tally);
                batch.Clear();
                batchBytes = 0;
            }
        }

        await RunAsync(grains, memoryNamespace, batch, tally);
        return TypedResults.Ok(tally.ToResponse());
    }

    private static Task RunAsync(IGrainFactory grains, string memoryNamespace, List<(long Line, object Item)> batch, ImportTally tally) =>
        Task.WhenAll(batch.Select(async entry =>
        {
            try
            {
                switch (entry.Item)
                {
                    case MemoryLine memory:
                        tally.Count(await grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, memory.CoordinateKey)).ImportAsync(memory.Memory));
                        break;
                    case LinkLine link:
                        await ImportLinkAsync(grains, memoryNamespace, link);
                        tally.CountLink();
                        break;
                }
            }
            catch (ArgumentException exception)
            {
                tally.Fail(entry.Line, ValidationMessages.Describe(exception));
            }
            catch (NotSupportedException exception)
            {
                tally.Fail(entry.Line, exception.Message);
            }
        }));

    /// <summary>
    /// The link phase of an import: an upsert through the source memory's node grain, like POST /graph/link.
    /// Until the graph lands the node grain refuses links, and each link line is reported as an error.
    /// </summary>
    private static Task<MemoryLink> ImportLinkAsync(IGrainFactory grains, string memoryNamespace, LinkLine link) =>
        grains.GetGrain<IMemoryNodeGrain>(GrainKeys.ForMemory(memoryNamespace, link.FromKey)).LinkAsync(link.Command);

    /// <summary>The counts of one import; updated from concurrent grain calls, hence the lock.</summary>
    private sealed class ImportTally
    {
        private readonly Lock _gate = new();
        private readonly List<ImportLineError> _errors = [];
        private long _imported;
        private long _unchanged;
        private long _expired;
        private long _links;
        private long _failed;

        public void Count(ImportOutcome outcome)
        {
            lock (_gate)
            {
                _ = outcome switch
                {
                    ImportOutcome.Imported => ++_imported,
                    ImportOutcome.Unchanged => ++_unchanged,
                    _ => ++_expired,
                };
            }
        }

        public void CountLink()
        {
            lock (_gate)
            {
                _links++;
            }
        }

        public void Fail(long line, string detail)
        {
            lock (_gate)
            {
                _failed++;
                if (_errors.Count < MaxReportedErrors)
                {
                    _errors.Add(new ImportLineError(line, detail));
                }
            }
        }

        public ImportResponse ToResponse()
        {
            lock (_gate)
            {
                // Errors were found in batches that ran concurrently; the answer lists them in line order.
                var errors = _errors.OrderBy(error => error.Line).ToArray();
                return new ImportResponse(_imported, _unchanged, _expired, _links, _failed, errors, _failed > errors.Length);
            }
        }
    }
}
