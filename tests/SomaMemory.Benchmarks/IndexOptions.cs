using SomaMemory.Vectors;

namespace SomaMemory.Benchmarks;

/// <summary>What only the <c>index</c> scenario asks for; its query count is <see cref="BenchmarkOptions.Requests"/>.</summary>
/// <param name="Vectors">Clustered vectors inserted; with the quantization, also names the report section.</param>
/// <param name="Batch">Vectors per <see cref="UsearchVectorIndex.Upsert"/> call, as the index grain applies them.</param>
internal sealed record IndexOptions(int Vectors, int Dimension, int Batch, int Seed, VectorIndexOptions Index);
