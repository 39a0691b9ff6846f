using System.Diagnostics;
using SomaMemory.Vectors;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The <c>index</c> scenario: the embedded HNSW index alone, in this process, with no gateway, Postgres or grains. It
/// inserts clustered vectors in batches as the index grain does, then searches held-out queries one at a time. It
/// tells how fast the index itself can catch up, apart from what the grid around it costs.
/// </summary>
internal static class IndexScenario
{
    /// <summary>Insert rates are reported per tenth of the run (at least a batch): an insert costs more as the graph grows.</summary>
    private const int Segments = 10;

    public static IndexRun Run(BenchmarkOptions options, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var settings = options.Index ?? throw new ArgumentException("The index scenario needs its settings.", nameof(options));
        var generator = new ClusteredVectors(settings.Vectors, settings.Dimension, settings.Seed);
        var points = generator.Points(settings.Vectors, new Random(unchecked(settings.Seed + 1)));
        var queries = generator.Points(options.Requests, new Random(unchecked(settings.Seed + 2)));
        var started = Stopwatch.GetTimestamp();
        var exact = ExactNeighbours.Top(points, queries, RecallBodies.TopK);
        progress.WriteLine($"generated {settings.Vectors} vectors and {queries.Length} queries; exact top {RecallBodies.TopK} by brute force in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        using var index = UsearchVectorIndex.Create(settings.Dimension, settings.Index);
        var segmentRates = new List<double>(Segments);
        var segmentSize = Math.Max(1, settings.Vectors / Segments);
        var insertStarted = Stopwatch.GetTimestamp();
        var segmentStarted = insertStarted;
        var segmentInserted = 0;
        for (var start = 0; start < settings.Vectors; start += settings.Batch)
        {
            var count = Math.Min(settings.Batch, settings.Vectors - start);
            var keys = new ulong[count];
            for (var i = 0; i < count; i++)
            {
                keys[i] = (ulong)(start + i);
            }

            index.Upsert(keys, new ArraySegment<float[]>(points, start, count));
            segmentInserted += count;
            if (segmentInserted >= segmentSize || start + count == settings.Vectors)
            {
                segmentRates.Add(segmentInserted / Stopwatch.GetElapsedTime(segmentStarted).TotalSeconds);
                progress.WriteLine($"  inserted {start + count} vectors, {segmentRates[^1]:0}/s over the last {segmentInserted}");
                segmentStarted = Stopwatch.GetTimestamp();
                segmentInserted = 0;
            }
        }

        var insertSeconds = Stopwatch.GetElapsedTime(insertStarted).TotalSeconds;
        var latencies = new double[queries.Length];
        var recalls = new double[queries.Length];
        for (var query = 0; query < queries.Length; query++)
        {
            var searchStarted = Stopwatch.GetTimestamp();
            var matches = index.Search(queries[query], RecallBodies.TopK);
            latencies[query] = Stopwatch.GetElapsedTime(searchStarted).TotalMilliseconds;
            recalls[query] = ExactNeighbours.Recall(exact[query], matches.Select(match => (int)match.Key).ToArray());
        }

        Array.Sort(latencies);
        return new IndexRun(generator.Centres, settings.Vectors / insertSeconds, segmentRates, recalls.Average(), latencies);
    }
}

/// <param name="InsertsPerSecond">All vectors over the whole insert time.</param>
/// <param name="SegmentRates">Inserts per second in each part of about a tenth of the run, first to last.</param>
/// <param name="SearchLatencies">Milliseconds per search, sorted.</param>
internal sealed record IndexRun(int Centres, double InsertsPerSecond, IReadOnlyList<double> SegmentRates, double Recall, double[] SearchLatencies);
