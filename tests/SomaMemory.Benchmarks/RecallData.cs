using System.Diagnostics;

namespace SomaMemory.Benchmarks;

/// <summary>
/// Everything the recall scenario sends, generated from the seed before any clock starts, with the exact
/// neighbours of each query. Each set has its own random stream, so changing --queries or --warmup never changes
/// the stored vectors.
/// </summary>
internal sealed class RecallData
{
    /// <summary>Words per text query: a short question, as agents ask them.</summary>
    private const int QueryWordsMinimum = 8;
    private const int QueryWordsMaximum = 12;

    private RecallData(int centres, float[][] memories, float[][] queries, float[][] warmupQueries, string[] textQueries, string[] warmupTexts, int[][] exactTop)
    {
        Centres = centres;
        Memories = memories;
        Queries = queries;
        WarmupQueries = warmupQueries;
        TextQueries = textQueries;
        WarmupTexts = warmupTexts;
        ExactTop = exactTop;
    }

    public int Centres { get; }

    /// <summary>The stored vectors; memory i has vector i.</summary>
    public float[][] Memories { get; }

    /// <summary>Held-out points from the same centres: never stored, as real queries are not.</summary>
    public float[][] Queries { get; }

    /// <summary>One query more than the warm-up count: the first is the search sent right after the ingest.</summary>
    public float[][] WarmupQueries { get; }

    public string[] TextQueries { get; }

    public string[] WarmupTexts { get; }

    /// <summary>For each of <see cref="Queries"/>, the memories of its true top <see cref="RecallBodies.TopK"/>.</summary>
    public int[][] ExactTop { get; }

    public static async Task<RecallData> GenerateAsync(RecallOptions settings, int queries, int warmup, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        var started = Stopwatch.GetTimestamp();
        var space = new ClusteredVectors(settings.Memories, settings.Dimension, settings.Seed);
        var memories = space.Points(settings.Memories, new Random(unchecked(settings.Seed + 1)));
        var queryVectors = space.Points(queries, new Random(unchecked(settings.Seed + 2)));
        var warmupQueries = space.Points(warmup + 1, new Random(unchecked(settings.Seed + 3)));
        var textQueries = WordSentences.Make(queries, QueryWordsMinimum, QueryWordsMaximum, new Random(unchecked(settings.Seed + 4)));
        var warmupTexts = WordSentences.Make(warmup, QueryWordsMinimum, QueryWordsMaximum, new Random(unchecked(settings.Seed + 5)));
        await progress.WriteLineAsync($"generated {settings.Memories} memories and {queries} queries of {settings.Dimension} dimensions around {space.Centres} centres in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        started = Stopwatch.GetTimestamp();
        var exactTop = ExactNeighbours.Top(memories, queryVectors, RecallBodies.TopK);
        await progress.WriteLineAsync($"exact top {RecallBodies.TopK} of each query by brute force in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return new RecallData(space.Centres, memories, queryVectors, warmupQueries, textQueries, warmupTexts, exactTop);
    }
}
