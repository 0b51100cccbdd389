using System.Threading.Channels;
using EssayReader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EssayReader.Annotations;

/// <summary>
/// The one path by which new annotations (highlights, comments, replies) reach the database: requests
/// queue them here, and a single writer saves whatever has queued up in one transaction, then answers
/// each request. This is group commit.
/// <para>
/// SQLite takes one writer at a time. When every request saved its own row, 32 concurrent writers
/// queued on the file's lock inside SQLite, whose busy handler sleeps 1, 2, 5, 10… ms between tries;
/// each waiting thread held its request, and each commit wrote the row and its five index pages to the
/// WAL by itself. One writer never waits on the lock, and a batch of rows shares its index pages and its
/// commit. A request is answered only after the transaction holding its row has committed, so an
/// acknowledged annotation is a saved one (with <c>synchronous = NORMAL</c>, see
/// <see cref="SqliteConnectionSettings"/>).
/// </para>
/// <para>
/// A batch that fails is saved again row by row, so that one bad row (a constraint, say) fails its own
/// request only. On shutdown the queue is closed and what is in it is saved before the host stops.
/// </para>
/// </summary>
public sealed partial class AnnotationInserts(IServiceScopeFactory scopes, ILogger<AnnotationInserts> logger) : IHostedService
{
    // More than any batch concurrent requests make in practice; it bounds one transaction's length.
    internal const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(4 * MaxBatch)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private Task _writer = Task.CompletedTask;
    // Made from the model on the first batch; used by the writer only.
    private InsertCommand? _insert;

    /// <summary>
    /// Saves the annotation and returns once it is committed, with its <see cref="Annotation.Seq"/> set.
    /// There is no cancellation: once queued, the row is saved whether or not its request still waits,
    /// and the request's caller (which evicts cached pages after it) must not move on before that.
    /// </summary>
    public async Task InsertAsync(Annotation annotation)
    {
        var pending = new Pending(annotation);
        if (!_queue.Writer.TryWrite(pending))
        {
            try
            {
                await _queue.Writer.WriteAsync(pending);
            }
            catch (ChannelClosedException ex)
            {
                throw new InvalidOperationException("The site is shutting down; the annotation was not saved.", ex);
            }
        }

        await pending.Saved.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    // Requests have drained (the server stops before the app's hosted services); close the queue and let
    // the writer save whatever is left.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _writer.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await SaveAsync(batch);
            batch.Clear();
        }
    }

    private async Task SaveAsync(List<Pending> batch)
    {
        try
        {
            await SaveTogetherAsync(batch);
            foreach (var pending in batch)
            {
                pending.Saved.TrySetResult();
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            LogBatchFailed(logger, ex, batch.Count);
            foreach (var pending in batch)
            {
                await SaveAloneAsync(pending);
            }
        }
        catch (Exception ex)
        {
            batch[0].Saved.TrySetException(ex);
        }
    }

    private async Task SaveAloneAsync(Pending pending)
    {
        try
        {
            await SaveTogetherAsync([pending]);
            pending.Saved.TrySetResult();
        }
        catch (Exception ex)
        {
            pending.Saved.TrySetException(ex);
        }
    }

    // One context (from the pool, for its connection and its model) and one transaction for the rows,
    // each written by the same prepared INSERT (see InsertCommand).
    private async Task SaveTogetherAsync(IReadOnlyList<Pending> rows)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
        var insert = _insert ??= InsertCommand.For(db);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await using (var command = insert.Create(db.Database.GetDbConnection(), transaction.GetDbTransaction()))
        {
            foreach (var pending in rows)
            {
                pending.Annotation.Seq = await insert.ExecuteAsync(command, pending.Annotation);
            }
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    // Continuations run on the thread pool, not inline on the writer, which goes straight on to the next batch.
    private sealed record Pending(Annotation Annotation)
    {
        public TaskCompletionSource Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(LogLevel.Warning, "Saving {Count} annotations together failed; saving them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
