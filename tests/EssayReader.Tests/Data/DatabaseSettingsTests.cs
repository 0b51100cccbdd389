using Microsoft.EntityFrameworkCore;

namespace EssayReader.Tests.Data;

/// <summary>The durability settings the app chooses for SQLite, as a connection it opens reports them.</summary>
public sealed class DatabaseSettingsTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Fact]
    public async Task TheFileIsInWalModeAndEveryConnectionCommitsWithSynchronousNormal()
    {
        _ = factory.CreateClient();
        await using var scope = factory.CreateDbContext();
        await scope.Db.Database.OpenConnectionAsync();

        Assert.Equal("wal", await PragmaAsync(scope.Db, "journal_mode"));
        // 1 = NORMAL (0 OFF, 2 FULL, 3 EXTRA).
        Assert.Equal("1", await PragmaAsync(scope.Db, "synchronous"));
    }

    [Fact]
    public async Task EveryContextFromThePoolWaitsForAnotherWriterAndCheckpointsInLargeSteps()
    {
        _ = factory.CreateClient();
        for (var lease = 0; lease < 3; lease++)
        {
            await using var scope = factory.CreateDbContext();
            await scope.Db.Database.OpenConnectionAsync();

            // Milliseconds SQLite retries a write while another connection commits (0 = refuse at once).
            Assert.Equal("5000", await PragmaAsync(scope.Db, "busy_timeout"));
            Assert.Equal("1", await PragmaAsync(scope.Db, "synchronous"));
            // WAL pages a commit may leave before it checkpoints them into the file itself: only a
            // backstop, the app checkpoints from the background (WalCheckpointTests).
            Assert.Equal("50000", await PragmaAsync(scope.Db, "wal_autocheckpoint"));
        }
    }

    private static async Task<string?> PragmaAsync(DbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
