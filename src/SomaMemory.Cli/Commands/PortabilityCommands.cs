using System.CommandLine;
using System.Text;
using SomaMemory.Cli.Output;
using SomaMemory.Client;
using SomaMemory.Client.Http;

namespace SomaMemory.Cli.Commands;

/// <summary>bulk (a JSONL file of stores), export and import (JSON Lines of memories and links).</summary>
internal static class PortabilityCommands
{
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Subcommands.Add(Bulk(runner));
        root.Subcommands.Add(Export(runner));
        root.Subcommands.Add(Import(runner));
    }

    private static Command Bulk(CommandRunner runner)
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON Lines file: one POST /memories body per line." };
        var batch = new Option<int>("--batch-size") { Description = "Memories per request (1 to 10000; default 500).", DefaultValueFactory = _ => 500 };
        var command = new Command("bulk", "Store every memory of a JSONL file, in batches. Exit 1 when any line was refused.") { file, batch };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var batchSize = context.Value(batch);
            if (batchSize is < 1 or > 10_000)
            {
                throw new UsageException("--batch-size must be between 1 and 10000.");
            }

            var source = context.Value(file)!;
            var errors = new List<ImportLineError>();
            var stored = 0L;
            var lines = 0L;
            using var progress = new ProgressBar(context.Printer.Error, context.Environment.ErrorIsTerminal, "bulk", source.Exists ? source.Length : null);
            using var reader = source.OpenText();
            var pending = new List<BulkLine>(batchSize);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lines++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (BulkLine.TryParse(line, lines, out var error) is not { } parsed)
                {
                    errors.Add(new ImportLineError(lines, error!));
                    continue;
                }

                try
                {
                    _ = parsed.ToMemory();
                    pending.Add(parsed);
                }
                catch (UsageException invalid)
                {
                    errors.Add(new ImportLineError(lines, invalid.Message));
                }

                if (pending.Count == batchSize)
                {
                    stored += await SendAsync(context.Client, pending, errors, cancellationToken);
                    progress.Report(reader.BaseStream.Position);
                }
            }

            stored += await SendAsync(context.Client, pending, errors, cancellationToken);
            progress.Report(reader.BaseStream.Position);
            errors.Sort((left, right) => left.Line.CompareTo(right.Line));
            var summary = new { stored, errors };
            context.Printer.Result(summary, output =>
            {
                output.WriteLine($"stored {stored} memories from {source.Name}; {errors.Count} line(s) refused.");
                foreach (var error in errors)
                {
                    output.WriteLine($"  line {error.Line}: {error.Detail}");
                }
            });
            return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Usage;
        });
        return command;
    }

    private static async Task<int> SendAsync(SomaMemoryHttpClient client, List<BulkLine> pending, List<ImportLineError> errors, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return 0;
        }

        var result = await client.StoreManyAsync(pending.Select(line => line.ToMemory()).ToArray(), cancellationToken);
        errors.AddRange(result.Errors.Select(error => new ImportLineError(pending[error.Index].LineNumber, error.Detail)));
        pending.Clear();
        return result.Stored;
    }

    private static Command Export(CommandRunner runner)
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The file to write (default: stdout)." };
        var cursor = new Option<string?>("--cursor") { Description = "Resume after this cursor (printed when an export is interrupted)." };
        var command = new Command("export", "Export the namespace's memories and links as JSON Lines.") { output, cursor };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var target = context.Value(output);
            var resumed = context.Value(cursor);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            string? lastCursor = resumed;
            long written = 0;
            var stream = target is null ? null : new StreamWriter(target.FullName, append: resumed is not null, new UTF8Encoding(false));
            var writer = stream ?? context.Printer.Out;
            try
            {
                using var progress = new ProgressBar(context.Printer.Error, context.Environment.ErrorIsTerminal, "exported lines:", null);
                try
                {
                    await foreach (var line in context.Client.ExportAsync(resumed, cancellationToken))
                    {
                        await writer.WriteLineAsync(line.Json.AsMemory(), cancellationToken);
                        written++;
                        counts[line.Kind ?? "other"] = counts.GetValueOrDefault(line.Kind ?? "other") + 1;
                        lastCursor = line.Cursor ?? lastCursor;
                        progress.Report(written);
                    }
                }
                catch (SomaMemoryException) when (written > 0 && lastCursor is not null)
                {
                    context.Printer.Note($"export interrupted after {written} line(s); resume with --cursor {lastCursor}" + (target is null ? "" : " (the file is appended to)"));
                    throw;
                }
            }
            finally
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }
                else
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }

            var summary = new { lines = written, memories = counts.GetValueOrDefault("memory"), links = counts.GetValueOrDefault("link"), cursor = lastCursor, file = target?.FullName };
            if (target is not null)
            {
                context.Printer.Result(summary, console => console.WriteLine($"exported {summary.memories} memories and {summary.links} links to {target.FullName}"));
            }
            else
            {
                // stdout is the data: the summary goes to stderr.
                context.Printer.Note($"exported {summary.memories} memories and {summary.links} links");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CommandRunner runner)
    {
        var file = new Argument<string>("file") { Description = "A JSON Lines file as export writes it; '-' reads stdin." };
        var command = new Command("import", "Import JSON Lines of memories and links (idempotent). Exit 1 when any line was refused.") { file };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var path = context.Value(file)!;
            Stream source = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            long? total = source.CanSeek ? source.Length : null;
            ImportSummary summary;
            using (var progress = new ProgressBar(context.Printer.Error, context.Environment.ErrorIsTerminal, "import", total))
            {
                await using var counted = new ProgressStream(source, progress.Report);
                summary = await context.Client.ImportAsync(counted, cancellationToken);
            }

            context.Printer.Result(summary.Raw, output =>
            {
                output.WriteLine($"imported {summary.Imported} record(s); {summary.Errors.Count} line(s) refused.");
                foreach (var error in summary.Errors)
                {
                    output.WriteLine($"  line {error.Line}: {error.Detail}");
                }
            });
            return summary.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Usage;
        });
        return command;
    }
}
