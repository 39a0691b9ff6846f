using System.Numerics;
using System.Runtime.InteropServices;

namespace SomaMemory.Benchmarks;

/// <summary>
/// The true nearest neighbours, by brute force, that recall@k is measured against. The vectors are unit length, so
/// the dot product is the cosine that the gateway ranks by.
/// </summary>
internal static class ExactNeighbours
{
    /// <summary>For each query, the indexes of the <paramref name="k"/> points with the largest dot product, best first.</summary>
    public static int[][] Top(float[][] points, float[][] queries, int k)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(queries);
        var results = new int[queries.Length][];
        var bestScores = new float[k];
        var bestIndexes = new int[k];
        for (var query = 0; query < queries.Length; query++)
        {
            Array.Fill(bestScores, float.NegativeInfinity);
            Array.Fill(bestIndexes, -1);
            for (var point = 0; point < points.Length; point++)
            {
                var score = Dot(queries[query], points[point]);
                if (score <= bestScores[k - 1])
                {
                    continue;
                }

                // Insertion into a sorted list of k: k is 10, so this beats any heap.
                var slot = k - 1;
                while (slot > 0 && bestScores[slot - 1] < score)
                {
                    bestScores[slot] = bestScores[slot - 1];
                    bestIndexes[slot] = bestIndexes[slot - 1];
                    slot--;
                }

                bestScores[slot] = score;
                bestIndexes[slot] = point;
            }

            results[query] = bestIndexes.Where(index => index >= 0).ToArray();
        }

        return results;
    }

    /// <summary>The share of <paramref name="exact"/> that <paramref name="returned"/> holds; missing results count as misses.</summary>
    public static double Recall(IReadOnlyList<int> exact, IReadOnlyCollection<int> returned)
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(returned);
        return exact.Count == 0 ? 1 : (double)exact.Count(returned.Contains) / exact.Count;
    }

    /// <summary>A SIMD dot product: brute force over 100,000 × 384 floats per query must take milliseconds, not seconds.</summary>
    public static float Dot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        var leftVectors = MemoryMarshal.Cast<float, Vector<float>>(left);
        var rightVectors = MemoryMarshal.Cast<float, Vector<float>>(right);
        var sums = Vector<float>.Zero;
        for (var index = 0; index < leftVectors.Length; index++)
        {
            sums += leftVectors[index] * rightVectors[index];
        }

        var total = Vector.Sum(sums);
        for (var index = leftVectors.Length * Vector<float>.Count; index < left.Length; index++)
        {
            total += left[index] * right[index];
        }

        return total;
    }
}
