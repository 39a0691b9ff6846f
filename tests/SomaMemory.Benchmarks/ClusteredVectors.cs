namespace SomaMemory.Benchmarks;

/// <summary>
/// Seeded synthetic embeddings: Gaussian centres plus Gaussian noise, L2-normalised. Uniform random vectors in
/// hundreds of dimensions are all nearly orthogonal, which no real embedding set looks like and which is a
/// pathological case for any HNSW; clustered points have a clear nearest centre yet distinct neighbours.
/// </summary>
internal sealed class ClusteredVectors
{
    /// <summary>
    /// Per-component noise against centres of unit-variance components. A point then keeps a cosine of about 0.82
    /// with its centre, about 0.67 with the other points of its cluster and about 0 with other clusters, so which
    /// cluster is obvious and which neighbours within it are not. The core tests tuned the index defaults on the same.
    /// </summary>
    public const float Noise = 0.7f;

    /// <summary>About a thousand points per centre, but never fewer than twenty centres, even for small runs.</summary>
    private const int PointsPerCentre = 1_000;
    private const int MinimumCentres = 20;

    private readonly float[][] centres;
    private readonly int dimension;

    public ClusteredVectors(int memories, int dimension, int seed)
    {
        this.dimension = dimension;
        var random = new Random(seed);
        centres = new float[Math.Max(MinimumCentres, memories / PointsPerCentre)][];
        for (var centre = 0; centre < centres.Length; centre++)
        {
            centres[centre] = new float[dimension];
            for (var component = 0; component < dimension; component++)
            {
                centres[centre][component] = Gaussian(random);
            }
        }
    }

    public int Centres => centres.Length;

    /// <summary><paramref name="count"/> unit vectors, each around a centre chosen at random.</summary>
    public float[][] Points(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var points = new float[count][];
        for (var index = 0; index < count; index++)
        {
            var centre = centres[random.Next(centres.Length)];
            var point = new float[dimension];
            for (var component = 0; component < dimension; component++)
            {
                point[component] = centre[component] + (Noise * Gaussian(random));
            }

            points[index] = Normalise(point);
        }

        return points;
    }

    private static float[] Normalise(float[] vector)
    {
        var norm = MathF.Sqrt(ExactNeighbours.Dot(vector, vector));
        for (var component = 0; component < vector.Length; component++)
        {
            vector[component] /= norm;
        }

        return vector;
    }

    // Box–Muller: System.Random has no normal distribution.
    private static float Gaussian(Random random)
    {
        var uniform1 = 1.0 - random.NextDouble();
        var uniform2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(uniform1)) * Math.Cos(2.0 * Math.PI * uniform2));
    }
}
