using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using EssayReader.Data;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.Data.Sqlite;

namespace EssayReader.Tests.Data;

/// <summary>
/// <c>backup &lt;file&gt;</c>, run as the README says (the app's own executable, a process of its own)
/// against the database of a site that is running, and the restore the README describes.
/// </summary>
public sealed class BackupCommandTests
{
    private const string Phrase = "Sino-Soviet spilt initiated by Nikita Khrushchev";

    [Fact]
    public async Task ABackupTakenWhileReadersWriteHoldsEveryEarlierWriteAndPassesTheIntegrityCheck()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var acknowledged = new ConcurrentQueue<Guid>();
        var refused = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        async Task WriteAsync(int writer)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var request = AnnotationRequests.Comment(essay, Phrase, $"Written by writer {writer} during a backup, {n}");
                using var response = await reader.Client.PostJsonAsync(AnnotationApi.AnnotationsPath(), request);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Enqueue(AnnotationApi.IdOf(await response.ReadJsonAsync()));
                }
                else
                {
                    refused.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(() => WriteAsync(w))).ToArray();
        Assert.True(await Eventually.TrueAsync(() => acknowledged.Count >= 30));
        var before = acknowledged.ToHashSet();
        using var folder = new TemporaryFolder();
        var file = folder.File("backup.db");

        var (exitCode, lines) = await AppProcess.RunAsync(["backup", file], Settings(factory.DataPath));
        var writtenMeanwhile = acknowledged.Count - before.Count;
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(exitCode == 0, $"Exit code {exitCode}:\n{string.Join('\n', lines)}");
        Assert.StartsWith($"Backed up {Path.Combine(factory.DataPath, DataOptions.FileName)} to {file} (annotations: ", Assert.Single(lines), StringComparison.Ordinal);
        // The site went on writing while the copy was made, and refused nothing.
        Assert.Empty(refused);
        Assert.True(writtenMeanwhile > 0, "No write was answered while the backup ran.");

        var copy = await ReadCopyAsync(file);
        Assert.Equal("ok", copy.IntegrityCheck);
        Assert.Equal("delete", copy.JournalMode);
        Assert.Subset(copy.Annotations, before);
        // One moment of the database: every row the copy holds is a write the site answered.
        Assert.Subset(acknowledged.ToHashSet(), copy.Annotations);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"annotations: {copy.Annotations.Count},"), lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task AnExistingFileIsKeptUnlessOverwriteIsGiven()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        await reader.Client.CreateAsync(AnnotationRequests.Comment(await CanonicalEssay.GetAsync(reader.Client), Phrase));
        using var folder = new TemporaryFolder();
        var file = folder.File("backup.db");
        await File.WriteAllTextAsync(file, "last week's backup");

        var refused = await AppProcess.RunAsync(["backup", file], Settings(factory.DataPath));

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"{file} already exists; give --overwrite to replace it.", Assert.Single(refused.Lines));
        Assert.Equal("last week's backup", await File.ReadAllTextAsync(file));

        var replaced = await AppProcess.RunAsync(["backup", file, "--overwrite"], Settings(factory.DataPath));

        Assert.True(replaced.ExitCode == 0, string.Join('\n', replaced.Lines));
        Assert.Single((await ReadCopyAsync(file)).Annotations);
    }

    [Fact]
    public async Task TheSitesOwnDatabaseIsNeverTheTarget()
    {
        await using var factory = new EssayReaderFactory();
        _ = factory.CreateClient();
        var database = Path.Combine(factory.DataPath, DataOptions.FileName);
        var length = new FileInfo(database).Length;

        var (exitCode, lines) = await AppProcess.RunAsync(["backup", database, "--overwrite"], Settings(factory.DataPath));

        Assert.Equal(1, exitCode);
        Assert.Equal($"{database} is the site's own database; write the backup to another file.", Assert.Single(lines));
        Assert.Equal(length, new FileInfo(database).Length);
        using var response = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NoDatabaseWhereTheSettingsPointIsSaidSo()
    {
        using var folder = new TemporaryFolder();

        var (exitCode, lines) = await AppProcess.RunAsync(["backup", folder.File("backup.db")], Settings(folder.File("data")));

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"There is no database at {Path.Combine(folder.File("data"), DataOptions.FileName)}.", Assert.Single(lines), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("backup.db")));
    }

    [Theory]
    [InlineData]
    [InlineData("--overwrite")]
    [InlineData("backup.db", "and-something-else")]
    public async Task WrongArgumentsShowTheUsage(params string[] args)
    {
        using var folder = new TemporaryFolder();

        var (exitCode, lines) = await AppProcess.RunAsync(["backup", .. args], Settings(folder.Path));

        Assert.Equal(2, exitCode);
        Assert.Contains(lines, line => line.StartsWith("Usage: backup <file> [--overwrite]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARestoredBackupServesWhatItHeldAndNothingWrittenAfter()
    {
        using var folder = new TemporaryFolder();
        var file = folder.File("backup.db");
        Guid kept, lost;
        await using (var site = new EssayReaderFactory())
        {
            var reader = await site.SignInNewReaderAsync();
            var essay = await CanonicalEssay.GetAsync(reader.Client);
            kept = AnnotationApi.IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Before the backup")));
            var backup = await AppProcess.RunAsync(["backup", file], Settings(site.DataPath));
            Assert.True(backup.ExitCode == 0, string.Join('\n', backup.Lines));
            lost = AnnotationApi.IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "After the backup")));
        }

        // README, "Backup and restore": with the site stopped, the backup becomes the data folder's
        // database (and no -wal or -shm file of another database lies beside it).
        var restored = Directory.CreateDirectory(folder.File("restored")).FullName;
        File.Copy(file, Path.Combine(restored, DataOptions.FileName));
        await using var again = new EssayReaderFactory { DataPath = restored };
        var client = again.CreateClient();

        using var found = await client.GetAsync(AnnotationApi.AnnotationPath(kept));
        using var missing = await client.GetAsync(AnnotationApi.AnnotationPath(lost));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("Before the backup", (await found.ReadJsonAsync()).GetProperty("body")[0].GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static Dictionary<string, string> Settings(string dataPath) => new() { ["Data:Path"] = dataPath };

    private sealed record Copy(string? IntegrityCheck, string? JournalMode, HashSet<Guid> Annotations);

    private static async Task<Copy> ReadCopyAsync(string file)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var integrity = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        command.CommandText = "PRAGMA journal_mode;";
        var journal = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        command.CommandText = "SELECT Id FROM Annotations;";
        var ids = new HashSet<Guid>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            ids.Add(Guid.Parse(rows.GetString(0)));
        }

        return new Copy(integrity, journal, ids);
    }
}
