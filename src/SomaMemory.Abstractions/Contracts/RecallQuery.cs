namespace SomaMemory.Contracts;

/// <summary>Which candidates a recall considers.</summary>
[GenerateSerializer]
[Alias("SomaMemory.RecallMode")]
public enum RecallMode
{
    Hybrid = 0,
    Vector = 1,
    Keyword = 2,
}

/// <summary>How the scoring terms are combined.</summary>
[GenerateSerializer]
[Alias("SomaMemory.RecallFusion")]
public enum RecallFusion
{
    /// <summary>score = Σ weight · term, every term in [0, 1].</summary>
    WeightedSum = 0,

    /// <summary>score = Σ weight / (60 + rank of the candidate by that term): robust when term scales differ.</summary>
    ReciprocalRank = 1,
}

/// <summary>The weights of the four scoring terms. Defaults rank by meaning first.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.RecallWeights")]
public sealed record RecallWeights
{
    [Id(0)] public double Similarity { get; init; } = 0.70;
    [Id(1)] public double Keyword { get; init; } = 0.15;
    [Id(2)] public double Importance { get; init; } = 0.10;
    [Id(3)] public double Recency { get; init; } = 0.05;

    public static RecallWeights Default { get; } = new();
}

/// <summary>One recall: what to look for, where, and how many.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.RecallQuery")]
public sealed record RecallQuery
{
    /// <summary>The text to search for; may be null when <see cref="Vector"/> is given (then keyword search is off).</summary>
    [Id(0)] public string? Text { get; init; }

    /// <summary>The query as an embedding of the namespace's dimension; when null, <see cref="Text"/> is embedded.</summary>
    [Id(1)] public float[]? Vector { get; init; }

    [Id(2)] public int TopK { get; init; } = 5;
    [Id(3)] public int Offset { get; init; }
    [Id(4)] public RecallMode Mode { get; init; } = RecallMode.Hybrid;
    [Id(5)] public MemoryType? MemoryType { get; init; }

    /// <summary>A JSON object of fields that must equal a top-level payload or metadata field.</summary>
    [Id(6)] public string? FiltersJson { get; init; }

    [Id(7)] public double? MinScore { get; init; }
    [Id(8)] public RecallWeights Weights { get; init; } = RecallWeights.Default;
    [Id(9)] public RecallFusion Fusion { get; init; } = RecallFusion.WeightedSum;

    /// <summary>Ignore memories created after this time.</summary>
    [Id(10)] public DateTimeOffset? AsOf { get; init; }
}

/// <summary>One recalled memory with its final score and the terms it was made of.</summary>
[GenerateSerializer, Immutable]
[Alias("SomaMemory.RecallHit")]
public sealed record RecallHit
{
    [Id(0)] public required MemoryRecord Memory { get; init; }
    [Id(1)] public double Score { get; init; }
    [Id(2)] public double Similarity { get; init; }
    [Id(3)] public double Keyword { get; init; }
    [Id(4)] public double ImportanceNow { get; init; }
    [Id(5)] public double Recency { get; init; }
}
