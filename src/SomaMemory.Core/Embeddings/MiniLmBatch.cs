using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace SomaMemory.Embeddings;

/// <summary>One inference over a batch of tokenised texts, padded to the longest of them.</summary>
internal static class MiniLmBatch
{
    public static float[][] Run(
        InferenceSession session,
        string[] inputNames,
        string[] outputNames,
        IReadOnlyList<int>[] tokens,
        ReadOnlySpan<int> batch,
        int dimension,
        CancellationToken cancellationToken)
    {
        var width = 0;
        foreach (var index in batch)
        {
            width = Math.Max(width, tokens[index].Count);
        }

        // Padding is token id 0 ([PAD]) with attention 0; one segment, so every token type is 0.
        var inputIds = new long[batch.Length * width];
        var attentionMask = new long[batch.Length * width];
        var tokenTypeIds = new long[batch.Length * width];
        for (var row = 0; row < batch.Length; row++)
        {
            var ids = tokens[batch[row]];
            for (var column = 0; column < ids.Count; column++)
            {
                inputIds[(row * width) + column] = ids[column];
                attentionMask[(row * width) + column] = 1;
            }
        }

        long[] shape = [batch.Length, width];
        using var inputIdsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var attentionMaskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var tokenTypeIdsValue = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var runOptions = new RunOptions();

        // Terminate stops a run between operators, so a cancelled request frees its thread early.
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = session.Run(runOptions, inputNames, [inputIdsValue, attentionMaskValue, tokenTypeIdsValue], outputNames);
        }
        catch (OnnxRuntimeException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The embedding was cancelled.", exception, cancellationToken);
        }

        using (outputs)
        {
            return Pool(outputs[0].GetTensorDataAsSpan<float>(), tokens, batch, width, dimension);
        }
    }

    /// <summary>
    /// Mean of each text's token vectors over its real tokens, scaled to length 1. The mean's 1/count factor
    /// cancels in the scaling, so the sum is enough.
    /// </summary>
    private static float[][] Pool(ReadOnlySpan<float> hidden, IReadOnlyList<int>[] tokens, ReadOnlySpan<int> batch, int width, int dimension)
    {
        var vectors = new float[batch.Length][];
        for (var row = 0; row < batch.Length; row++)
        {
            var vector = new float[dimension];
            var count = tokens[batch[row]].Count;
            for (var column = 0; column < count; column++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((row * width) + column) * dimension, dimension), vector);
            }

            if (!UnitVector.TryNormalize(vector))
            {
                throw new InvalidOperationException("The model produced a zero or non-finite embedding.");
            }

            vectors[row] = vector;
        }

        return vectors;
    }
}
