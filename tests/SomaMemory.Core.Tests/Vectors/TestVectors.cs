using System.Collections.Concurrent;

namespace SomaMemory.Core.Tests.Vectors;

/// <summary>
/// Seeded synthetic embeddings. Clustered data (points around a few dozen centres) is what recall is measured on:
/// uniform random vectors in 384-d are all nearly orthogonal, which no real embedding set looks like and which is a
/// pathological case for any HNSW.
/// </summary>
internal static class TestVectors
{
    public const int Dimension = 384;

    // Three implementations run the same tests on the same data: generate each set once. Callers must not mutate it.
    private static readonly ConcurrentDictionary<(int, int, int, int, float), float[][]> Generated = new();

    /// <summary><paramref name="count"/> unit vectors: Gaussian centres plus Gaussian noise, normalised.</summary>
    public static float[][] Clustered(int count, int seed, int clusters = 50, int dimension = Dimension, float noise = 0.7f) =>
        Generated.GetOrAdd((count, seed, clusters, dimension, noise), key => Generate(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5));

    private static float[][] Generate(int count, int seed, int clusters, int dimension, float noise)
    {
        var random = new Random(seed);
        var centres = new float[clusters][];
        for (var c = 0; c < clusters; c++)
        {
            centres[c] = new float[dimension];
            for (var d = 0; d < dimension; d++)
            {
                centres[c][d] = Gaussian(random);
            }
        }

        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var centre = centres[random.Next(clusters)];
            var vector = new float[dimension];
            for (var d = 0; d < dimension; d++)
            {
                vector[d] = centre[d] + (noise * Gaussian(random));
            }

            vectors[i] = Normalise(vector);
        }

        return vectors;
    }

    /// <summary>One random unit vector.</summary>
    public static float[] Random(Random random, int dimension = Dimension)
    {
        var vector = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            vector[d] = Gaussian(random);
        }

        return Normalise(vector);
    }

    /// <summary>Keys 1..n: 0 is a valid key too, but starting at 1 makes a zeroed result buffer visible in a failure.</summary>
    public static ulong[] Keys(int count, ulong first = 1)
    {
        var keys = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = first + (ulong)i;
        }

        return keys;
    }

    private static float[] Normalise(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] /= norm;
        }

        return vector;
    }

    // Box–Muller: System.Random has no normal distribution.
    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
