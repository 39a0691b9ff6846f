using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SomaMemory.Embeddings;

namespace SomaMemory.Grains.Recall;

/// <summary>
/// Micro-batches query embeddings on a silo: queries that arrive while a batch runs wait for the next one, so a
/// burst of recalls costs a few model runs instead of one each. One per silo; the recall workers share it.
/// </summary>
public sealed class QueryEmbeddingBatcher : IDisposable
{
    private const int MaxBatch = 32;

    private readonly IEmbeddingProvider _embeddings;
    private readonly ILogger<QueryEmbeddingBatcher> _logger;
    private readonly Channel<(string Text, TaskCompletionSource<float[]> Result)> _queue =
        Channel.CreateUnbounded<(string, TaskCompletionSource<float[]>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public QueryEmbeddingBatcher(IEmbeddingProvider embeddings, ILogger<QueryEmbeddingBatcher> logger)
    {
        _embeddings = embeddings;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public IEmbeddingProvider Provider => _embeddings;

    public Task<float[]> EmbedAsync(string text)
    {
        var result = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((text, result)))
        {
            result.SetException(new ObjectDisposedException(nameof(QueryEmbeddingBatcher)));
        }

        return result.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else is pending once the writer is complete.
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<(string Text, TaskCompletionSource<float[]> Result)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    var vectors = await _embeddings.EmbedAsync(batch.Select(item => item.Text).ToArray(), _stopping.Token);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Result.TrySetResult(vectors[i]);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    _logger.LogError(exception, "Embedding a batch of {Count} queries failed", batch.Count);
                    foreach (var item in batch)
                    {
                        item.Result.TrySetException(exception);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var item in batch)
            {
                item.Result.TrySetCanceled();
            }
        }
    }
}
