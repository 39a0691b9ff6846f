using System.Globalization;
using System.Security.Cryptography;

namespace SomaMemory.Benchmarks;

/// <summary>Parses <c>SCENARIO --name value ...</c>; every problem becomes a message, never an exception.</summary>
internal static class CommandLine
{
    public const string TokenVariable = "SOMA_API_TOKEN";

    /// <summary>Large enough for any sensible run, small enough that the latency arrays stay modest.</summary>
    private const int MaxRequests = 10_000_000;
    private const int MaxConcurrency = 4_096;

    public const string Usage = """
        SomaMemory HTTP benchmark: drives the gateway's SFM routes and prints a Markdown latency table.

        Usage:
          dotnet run --project tests/SomaMemory.Benchmarks -c Release -- memory [options]

        Scenarios:
          memory          N stores (POST /memories), then N gets, then N deletes of the same coordinates.

        Options:
          --url URL           Gateway base address (default http://127.0.0.1:10101).
          --token TOKEN       Bearer token (default: the SOMA_API_TOKEN environment variable).
          --requests N        Measured requests per operation (default 1000).
          --concurrency N     Parallel workers sharing one request counter (default 1).
          --warmup N          Unmeasured requests per operation before measuring (default 50).
          --namespace NAME    X-Soma-Namespace to write into (default bench-<random>).
          --output FILE       Also write the report into FILE, between <!-- bench:SCENARIO:start/end --> markers.
          --help              Show this text.

        Exit codes: 0 all requests succeeded, 1 some request failed or the gateway is unreachable,
        2 bad arguments.
        """;

    public static ParseResult Parse(IReadOnlyList<string> args, string? environmentToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(argument => argument is "--help" or "-h" or "-?"))
        {
            return ParseResult.Help();
        }

        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            return ParseResult.Fail("Name a scenario first, for example: memory --url http://127.0.0.1:10101 --token TOKEN");
        }

        var scenario = args[0];
        if (scenario != "memory")
        {
            return ParseResult.Fail($"Unknown scenario '{scenario}'. Known scenarios: memory.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 1; index < args.Count; index += 2)
        {
            var name = args[index];
            if (name is not ("--url" or "--token" or "--requests" or "--concurrency" or "--warmup" or "--namespace" or "--output"))
            {
                return ParseResult.Fail($"Unknown option '{name}'.");
            }

            if (index + 1 >= args.Count)
            {
                return ParseResult.Fail($"{name} needs a value.");
            }

            if (!values.TryAdd(name, args[index + 1]))
            {
                return ParseResult.Fail($"{name} is given twice.");
            }
        }

        var urlText = values.GetValueOrDefault("--url", "http://127.0.0.1:10101");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return ParseResult.Fail($"--url '{urlText}' is not an http:// or https:// address.");
        }

        var token = values.GetValueOrDefault("--token") ?? environmentToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            return ParseResult.Fail($"No token: pass --token or set {TokenVariable}.");
        }

        if (!TryCount(values, "--requests", 1000, 1, MaxRequests, out var requests, out var error)
            || !TryCount(values, "--concurrency", 1, 1, MaxConcurrency, out var concurrency, out error)
            || !TryCount(values, "--warmup", 50, 0, MaxRequests, out var warmup, out error))
        {
            return ParseResult.Fail(error);
        }

        var memoryNamespace = values.GetValueOrDefault("--namespace") ?? "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        if (string.IsNullOrWhiteSpace(memoryNamespace))
        {
            return ParseResult.Fail("--namespace is empty.");
        }

        var output = values.GetValueOrDefault("--output");
        if (output is not null && string.IsNullOrWhiteSpace(output))
        {
            return ParseResult.Fail("--output is empty.");
        }

        return ParseResult.Success(new BenchmarkOptions(scenario, url, token, requests, concurrency, warmup, memoryNamespace, output, [.. args]));
    }

    private static bool TryCount(Dictionary<string, string> values, string name, int fallback, int minimum, int maximum, out int count, out string error)
    {
        error = "";
        if (!values.TryGetValue(name, out var text))
        {
            count = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= minimum && count <= maximum)
        {
            return true;
        }

        error = $"{name} '{text}' must be a whole number from {minimum} to {maximum}.";
        return false;
    }
}
