using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EssayReader.Data;

/// <summary>
/// Copies the write-ahead log back into the database file from the background, so that no reader's
/// write waits for it. Left to SQLite, the commit that takes the WAL past <c>wal_autocheckpoint</c>
/// pages does the copy and its syncs inside itself, and with writes batched (group commit) every
/// request in that batch waits: that was the tail of issue 5's creates (p99 46-48 ms of a 50 ms bar).
/// Here a PASSIVE checkpoint runs every <see cref="DataOptions.CheckpointInterval"/>: it never
/// blocks a writer or a reader, copies what no reader still needs, and lets the next writer start the
/// WAL over. <see cref="SqliteConnectionSettings"/> keeps SQLite's own checkpoint as a backstop at a
/// far higher mark, for when this one falls behind or is turned off.
/// </summary>
public sealed partial class WalCheckpoints(IServiceScopeFactory scopes, IOptions<DataOptions> options, ILogger<WalCheckpoints> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await using var result = await command.ExecuteReaderAsync(cancellationToken);
            if (await result.ReadAsync(cancellationToken))
            {
                LogCheckpointed(result.GetInt64(1), result.GetInt64(2));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DbException ex)
        {
            // The next tick tries again; meanwhile SQLite's own checkpoint is the backstop.
            LogFailed(ex);
        }
    }

    [LoggerMessage(LogLevel.Debug, "WAL checkpoint: {WalPages} pages in the log, {CopiedPages} copied to the database")]
    private partial void LogCheckpointed(long walPages, long copiedPages);

    [LoggerMessage(LogLevel.Warning, "WAL checkpoint failed; trying again at the next interval")]
    private partial void LogFailed(Exception exception);
}
