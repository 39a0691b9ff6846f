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

    /// <summary>The gateway's own limits: items per bulk call and the largest namespace dimension.</summary>
    private const int MaxBatch = 10_000;
    private const int MaxDimension = 4_096;

    private static readonly string[] CommonOptions = ["--url", "--token", "--concurrency", "--warmup", "--namespace", "--output"];
    private static readonly string[] MemoryOptions = [.. CommonOptions, "--requests"];
    private static readonly string[] RecallOptionNames =
        [.. CommonOptions, "--memories", "--dimension", "--queries", "--batch", "--onnx-memories", "--seed", "--gateway-pid", "--vector-encoding", "--settle"];
    private static readonly string[] IndexOptionNames =
        ["--output", "--vectors", "--dimension", "--queries", "--batch", "--quantization", "--connectivity", "--expansion-add", "--expansion-search", "--seed"];
    private static readonly string[] GraphOptionNames =
        [.. CommonOptions, "--nodes", "--degree", "--queries", "--batch", "--weighted-queries", "--seed"];

    /// <summary>Out-links per node: far more than any memory graph has, and the walks' reads grow with its powers.</summary>
    private const int MaxDegree = 1_000;

    public const string Usage = """
        SomaMemory HTTP benchmark: drives the gateway's SFM routes and prints a Markdown report.

        Usage:
          dotnet run --project tests/SomaMemory.Benchmarks -c Release -- memory [options]
          dotnet run --project tests/SomaMemory.Benchmarks -c Release -- recall --memories N [options]
          dotnet run --project tests/SomaMemory.Benchmarks -c Release -- graph [options]
          dotnet run --project tests/SomaMemory.Benchmarks -c Release -- index [options]

        Scenarios:
          memory          N stores (POST /memories), then N gets, then N deletes of the same coordinates.
          recall          Bulk ingest of N clustered client vectors, index catch-up (GET /health), recall latency
                          and recall@10 with query vectors, recall latency with text queries embedded by the
                          gateway, bulk ingest embedded by the gateway, and the gateway's resident memory.
          graph           Bulk link ingest of a random directed graph (POST /graph/links), then the latency of
                          neighbours at 1 and 3 hops, shortest paths of at most 6 links between random pairs,
                          and weighted shortest paths.

        Options (all scenarios):
          --url URL           Gateway base address (default http://127.0.0.1:10101).
          --token TOKEN       Bearer token (default: the SOMA_API_TOKEN environment variable).
          --concurrency N     Parallel workers sharing one request counter (default 1).
          --warmup N          Unmeasured requests per operation before measuring (default 50; recall: 20
                              searches of each kind; graph: 20 queries of each kind).
          --namespace NAME    X-Soma-Namespace to write into (default bench-<random>; recall also writes
                              NAME-onnx).
          --output FILE       Also write the report into FILE, between <!-- bench:SECTION:start/end --> markers;
                              SECTION is the scenario, recall:N for the recall scenario, or graph:NODESxDEGREE.
          --help              Show this text.

        Options (memory):
          --requests N        Measured requests per operation (default 1000).

        Options (recall):
          --memories N        Memories stored with client vectors (required).
          --dimension N       Vector dimension; must be the namespace's (default 384, the gateway's default).
          --queries N         Measured searches of each kind (default 500).
          --batch N           Items per bulk request, at most 10000 (default 1000). Two bulk requests run at
                              a time. A 384-d item is about 4.5 KB of JSON, so batches past about 6000 exceed
                              the gateway's default 30 MB request body limit.
          --onnx-memories N   Memories stored without vectors, in NAME-onnx, embedded by the gateway
                              (default 500; 0 skips).
          --seed N            Seed of the generated vectors and sentences (default 42).
          --gateway-pid PID   The gateway's process on this machine: its VmRSS is read before the ingest and
                              after the index catches up. Without it that row is skipped.
          --vector-encoding E How vectors are sent: json (arrays of numbers, the default) or base64 (strings
                              of little-endian float32 values). The report section becomes recall:N:base64.
          --settle S          Seconds to wait after the index catches up, before the searches (default 0).
                              Right after a large ingest, Postgres' autovacuum of the new rows runs beside
                              the searches and slows them.

        Options (graph):
          --nodes N           Nodes of the random graph, at coordinates "i,0" (default 100000).
          --degree N          Outgoing links of every node, to distinct random other nodes (default 10), each
                              with a random type of four and a random strength from 0.1 to 1.
          --queries N         Measured queries of each kind (default 500).
          --batch N           Links per bulk request, at most 10000 (default 5000). Two bulk requests run at a
                              time.
          --weighted-queries N  Measured weighted shortest paths (default 20; 0 skips). They read far more of
                              the graph than the unweighted ones.
          --seed N            Seed of the graph and of the queried nodes (default 42).

        Options (index; no gateway, so no --url or --token):
          --vectors N         Clustered vectors inserted into the embedded HNSW index (default 100000).
          --dimension N       Vector dimension (default 384).
          --queries N         Held-out queries searched one at a time (default 500).
          --batch N           Vectors per insert call, as the index grain applies them (default 1000).
          --quantization Q    BF16, F16 or F32 (default: the grid's, BF16).
          --connectivity N, --expansion-add N, --expansion-search N
                              HNSW M, ef_add and ef (defaults: the grid's, 32, 64 and 256).
          --seed N            Seed of the vectors (default 42).

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
        var known = scenario switch
        {
            "memory" => MemoryOptions,
            "recall" => RecallOptionNames,
            "graph" => GraphOptionNames,
            "index" => IndexOptionNames,
            _ => null,
        };
        if (known is null)
        {
            return ParseResult.Fail($"Unknown scenario '{scenario}'. Known scenarios: memory, recall, graph, index.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 1; index < args.Count; index += 2)
        {
            var name = args[index];
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                return ParseResult.Fail($"Unknown option '{name}' for the {scenario} scenario.");
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

        // The index scenario runs in this process: no gateway, no token.
        var token = values.GetValueOrDefault("--token") ?? environmentToken ?? "";
        if (scenario != "index" && string.IsNullOrWhiteSpace(token))
        {
            return ParseResult.Fail($"No token: pass --token or set {TokenVariable}.");
        }

        // Recall and graph count queries of each kind; memory counts requests of each operation.
        var queries = scenario is "recall" or "graph" or "index";
        if (!TryCount(values, queries ? "--queries" : "--requests", queries ? 500 : 1000, 1, MaxRequests, out var requests, out var error)
            || !TryCount(values, "--concurrency", 1, 1, MaxConcurrency, out var concurrency, out error)
            || !TryCount(values, "--warmup", queries ? 20 : 50, 0, MaxRequests, out var warmup, out error))
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

        RecallOptions? recall = null;
        if (scenario == "recall" && !TryRecall(values, out recall, out error))
        {
            return ParseResult.Fail(error);
        }

        GraphOptions? graph = null;
        if (scenario == "graph" && !TryGraph(values, out graph, out error))
        {
            return ParseResult.Fail(error);
        }

        IndexOptions? vectorIndex = null;
        if (scenario == "index" && !TryIndex(values, out vectorIndex, out error))
        {
            return ParseResult.Fail(error);
        }

        return ParseResult.Success(new BenchmarkOptions(scenario, url, token, requests, concurrency, warmup, memoryNamespace, output, [.. args], recall, graph, vectorIndex));
    }

    private static bool TryIndex(Dictionary<string, string> values, out IndexOptions? index, out string error)
    {
        index = null;
        var defaults = new SomaMemory.Vectors.VectorIndexOptions();
        if (!TryCount(values, "--vectors", 100_000, 1, MaxRequests, out var vectors, out error)
            || !TryCount(values, "--dimension", 384, 1, MaxDimension, out var dimension, out error)
            || !TryCount(values, "--batch", 1000, 1, MaxBatch, out var batch, out error)
            || !TryCount(values, "--connectivity", defaults.Connectivity, 4, 256, out var connectivity, out error)
            || !TryCount(values, "--expansion-add", defaults.ExpansionAdd, 8, 4096, out var expansionAdd, out error)
            || !TryCount(values, "--expansion-search", defaults.ExpansionSearch, 8, 4096, out var expansionSearch, out error)
            || !TryCount(values, "--seed", 42, 0, int.MaxValue, out var seed, out error))
        {
            return false;
        }

        var quantizationText = values.GetValueOrDefault("--quantization", defaults.Quantization.ToString());
        if (!Enum.TryParse<SomaMemory.Vectors.VectorQuantization>(quantizationText, ignoreCase: true, out var quantization)
            || !Enum.IsDefined(quantization) || int.TryParse(quantizationText, CultureInfo.InvariantCulture, out _))
        {
            error = $"--quantization '{quantizationText}' must be one of {string.Join(", ", Enum.GetNames<SomaMemory.Vectors.VectorQuantization>())}.";
            return false;
        }

        index = new IndexOptions(vectors, dimension, batch, seed, new SomaMemory.Vectors.VectorIndexOptions
        {
            Connectivity = connectivity,
            ExpansionAdd = expansionAdd,
            ExpansionSearch = expansionSearch,
            Quantization = quantization,
        });
        return true;
    }

    private static bool TryGraph(Dictionary<string, string> values, out GraphOptions? graph, out string error)
    {
        graph = null;
        if (!TryCount(values, "--nodes", 100_000, 2, MaxRequests, out var nodes, out error)
            || !TryCount(values, "--degree", 10, 1, Math.Min(MaxDegree, nodes - 1), out var degree, out error)
            || !TryCount(values, "--batch", 5000, 1, MaxBatch, out var batch, out error)
            || !TryCount(values, "--weighted-queries", 20, 0, MaxRequests, out var weightedQueries, out error)
            || !TryCount(values, "--seed", 42, 0, int.MaxValue, out var seed, out error))
        {
            return false;
        }

        // The link arrays and the ingest's counters are indexed by int.
        if ((long)nodes * degree > MaxRequests)
        {
            error = $"--nodes {nodes} × --degree {degree} is more than {MaxRequests} links.";
            return false;
        }

        graph = new GraphOptions(nodes, degree, batch, seed, weightedQueries);
        return true;
    }

    private static bool TryRecall(Dictionary<string, string> values, out RecallOptions? recall, out string error)
    {
        recall = null;
        if (!values.ContainsKey("--memories"))
        {
            error = "--memories is required: how many memories to store, for example --memories 100000.";
            return false;
        }

        if (!TryCount(values, "--memories", 0, 1, MaxRequests, out var memories, out error)
            || !TryCount(values, "--dimension", 384, 1, MaxDimension, out var dimension, out error)
            || !TryCount(values, "--batch", 1000, 1, MaxBatch, out var batch, out error)
            || !TryCount(values, "--onnx-memories", 500, 0, MaxRequests, out var onnxMemories, out error)
            || !TryCount(values, "--seed", 42, 0, int.MaxValue, out var seed, out error)
            || !TryCount(values, "--settle", 0, 0, 3_600, out var settle, out error))
        {
            return false;
        }

        int? processId = null;
        if (values.ContainsKey("--gateway-pid"))
        {
            if (!TryCount(values, "--gateway-pid", 0, 1, int.MaxValue, out var pid, out error))
            {
                return false;
            }

            // Checked now so that a wrong pid costs a message before the run, not an empty row after it.
            if (ResidentMemory.Read(pid) is null)
            {
                error = $"--gateway-pid {pid}: cannot read VmRSS from /proc/{pid}/status (no such process, or not Linux).";
                return false;
            }

            processId = pid;
        }

        var encoding = values.GetValueOrDefault("--vector-encoding", "json");
        if (encoding is not ("json" or "base64"))
        {
            error = $"--vector-encoding '{encoding}' must be json or base64.";
            return false;
        }

        recall = new RecallOptions(memories, dimension, batch, onnxMemories, seed, processId, encoding == "base64", settle);
        return true;
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
