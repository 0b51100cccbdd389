using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EssayReader.Data;

/// <summary>
/// The SQLite settings that live on each connection rather than in the file, applied whenever EF Core
/// opens one. With the file in WAL mode (set at start-up), <c>synchronous = NORMAL</c> is SQLite's
/// recommended pairing: a commit is written to the WAL before it is acknowledged, so it survives the
/// app being killed at any moment, and the file is never corrupted; only a crash of the operating
/// system or a power cut can lose the last commits (FULL would fsync every commit and make the many
/// small writes of readers' annotations wait on the disk).
/// <para>
/// <c>busy_timeout</c>: SQLite takes one writer at a time. Without a timeout a writer that finds another
/// committing is refused at once, and Microsoft.Data.Sqlite retries after blocking its thread for
/// 150 ms, again and again: under many concurrent writers a few percent of them stalled for 150 to
/// 450 ms each. With it, SQLite itself retries within a millisecond or two of the other commit; only
/// after 5 s does it hand the busy back, and Microsoft.Data.Sqlite then retries as before until the
/// command's timeout (30 s) before it reports "database is locked".
/// </para>
/// <para>
/// <c>wal_autocheckpoint</c>: the connection whose commit takes the WAL past this many pages copies
/// it back into the database file and syncs both, inside that commit, and every write batched with it
/// waits. <see cref="WalCheckpoints"/> does that copy from the background instead (every <see cref="DataOptions.CheckpointInterval"/>); this
/// is only the backstop, at 50 000 pages (a WAL of about 200 MB), for when that one falls behind.
/// (Each annotation writes six or seven pages, its row and five indexes: SQLite's default of 1 000
/// pages checkpointed every 150 or so creates, inside a request.)
/// </para>
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 50000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
