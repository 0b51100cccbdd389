using EssayReader.Data;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.Data.Sqlite;

namespace EssayReader.Tests.Data;

/// <summary>
/// The write-ahead log is copied into the database file by the app's background checkpoint
/// (<see cref="WalCheckpoints"/>), not by whichever reader's commit crosses SQLite's mark. What is
/// in the file itself is read with SQLite's <c>immutable</c> flag, which ignores the WAL: rows there
/// have been checkpointed. SQLite's own mark (50 000 pages) is far beyond the few writes made here.
/// </summary>
public sealed class WalCheckpointTests
{
    private const int Writes = 20;

    [Fact]
    public async Task WritesReachTheDatabaseFileWithinACheckpointInterval()
    {
        await using var factory = new EssayReaderFactory { Settings = { ["Data:CheckpointInterval"] = "00:00:00.100" } };
        await WriteAsync(factory);

        Assert.True(await Eventually.TrueAsync(async () => await RowsInTheFileAsync(factory) == Writes));
    }

    [Fact]
    public async Task WithTheCheckpointTurnedOffTheyStayInTheLog()
    {
        await using var factory = new EssayReaderFactory { Settings = { ["Data:CheckpointInterval"] = "00:00:00" } };
        await WriteAsync(factory);

        // The writes are saved (the API answered them) and read back through the WAL ...
        await using (var scope = factory.CreateDbContext())
        {
            Assert.Equal(Writes, scope.Db.Annotations.Count());
        }

        // ... and, with nothing to copy them, none is in the file itself.
        Assert.Equal(0, await RowsInTheFileAsync(factory));
    }

    private static async Task WriteAsync(EssayReaderFactory factory)
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        for (var i = 0; i < Writes; i++)
        {
            await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, "Russo-Sino relations have long been difficult."));
        }
    }

    // Counts annotations in the database file alone, as if the WAL were not there.
    private static async Task<long> RowsInTheFileAsync(EssayReaderFactory factory)
    {
        var file = Path.Combine(factory.DataPath, DataOptions.FileName);
        await using var connection = new SqliteConnection($"Data Source=file:{file}?immutable=1;Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Not even the schema is in the file until something checkpoints it.
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'Annotations';";
        if ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM Annotations;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
