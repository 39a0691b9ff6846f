using System.Numerics.Tensors;

namespace SomaMemory.Core.Tests.Embeddings;

internal static class VectorAssert
{
    public static float Cosine(float[] left, float[] right) => TensorPrimitives.CosineSimilarity(left, right);

    public static void UnitLength(float[] vector, int dimension)
    {
        Assert.Equal(dimension, vector.Length);
        Assert.All(vector, value => Assert.True(float.IsFinite(value)));
        Assert.Equal(1.0, TensorPrimitives.Norm(vector), 4);
    }

    public static void Close(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var difference = new float[expected.Length];
        TensorPrimitives.Subtract(expected, actual, difference);
        var worst = Math.Abs(TensorPrimitives.MaxMagnitude(difference));
        Assert.True(worst <= tolerance, $"The vectors differ by up to {worst}, more than {tolerance}.");
    }
}
