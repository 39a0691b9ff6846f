using System.Threading.Channels;
using Npgsql;

namespace SomaMemory.Postgres;

/// <summary>
/// Group commit for single-row writes. Writes that arrive while others are in flight are sent together as one
/// <see cref="NpgsqlBatch"/> in one transaction: one round trip and one WAL flush for the lot, where each would
/// otherwise wait for its own flush. A lone write goes out at once, so nothing waits for company. When a batch
/// fails, its writes are retried one by one, so one bad row fails only its own caller.
/// </summary>
internal sealed class CommitBatcher : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly Lazy<Task[]> _writers;

    public CommitBatcher(NpgsqlDataSource dataSource, int writers, int maxBatch)
    {
        _dataSource = dataSource;
        _maxBatch = maxBatch;
        // Several writers keep batches overlapping: one fills while another waits on its commit.
        _writers = new Lazy<Task[]>(() => [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync))]);
    }

    /// <summary>Runs one statement in the next batch and reads its result with <paramref name="read"/> once committed.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlBatchCommand> statement, Func<NpgsqlDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(statement, read);
        _ = _writers.Value;
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Completion.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writers.IsValueCreated)
        {
            await Task.WhenAll(_writers.Value);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var pending in batch)
                {
                    await CommitAloneAsync(pending);
                }
            }
            catch (Exception exception)
            {
                batch[0].Fail(exception);
            }
        }
    }

    private async Task CommitAloneAsync(PendingWrite pending)
    {
        try
        {
            await CommitAsync([pending]);
        }
        catch (Exception exception)
        {
            pending.Fail(exception);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlBatch(connection, transaction);
        foreach (var pending in batch)
        {
            command.BatchCommands.Add(pending.Statement());
        }

        var results = new List<Action>(batch.Count);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            for (var index = 0; index < batch.Count; index++)
            {
                if (index > 0)
                {
                    await reader.NextResultAsync();
                }

                results.Add(await batch[index].ReadAsync(reader));
            }
        }

        await transaction.CommitAsync();
        // Only now is every write durable, so only now may any caller be answered.
        foreach (var complete in results)
        {
            complete();
        }
    }

    private abstract class PendingWrite(Func<NpgsqlBatchCommand> statement)
    {
        public Func<NpgsqlBatchCommand> Statement { get; } = statement;

        /// <summary>Reads the statement's result and returns what completes its caller after the commit.</summary>
        public abstract Task<Action> ReadAsync(NpgsqlDataReader reader);

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<NpgsqlBatchCommand> statement, Func<NpgsqlDataReader, Task<T>> read) : PendingWrite(statement)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Completion => _completion.Task;

        public override async Task<Action> ReadAsync(NpgsqlDataReader reader)
        {
            var result = await read(reader);
            return () => _completion.TrySetResult(result);
        }

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
