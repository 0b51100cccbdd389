using System.Security.Cryptography;
using EssayReader.Data;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Tests.Data;

/// <summary>
/// A database the app cannot use stops it at start-up, once: one log line that says what is wrong and
/// what to do, exit code 1, no stack trace, nothing served, and the file left as it was. Each test runs
/// the app as a process of its own, because that is what its supervisor (Docker, systemd) and whoever
/// reads its log see.
/// </summary>
public sealed class StartUpFailureTests
{
    [Fact]
    public async Task AFileOfGarbageIsNamedAsNoDatabaseAndLeftAlone()
    {
        using var folder = new TemporaryFolder();
        var file = folder.File(DataOptions.FileName);
        var garbage = RandomNumberGenerator.GetBytes(8192);
        await File.WriteAllBytesAsync(file, garbage);

        var (exitCode, lines) = await AppProcess.RunAsync([], Settings(folder.Path));

        AssertStoppedWithOneLine(exitCode, lines, $"The database {file} is not a SQLite database, or is damaged");
        Assert.Contains("Restore it from a backup", lines.Single(IsFatal), StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task ADatabaseDamagedWhereMigrationsDoNotReadIsFoundByTheStartUpCheck()
    {
        using var folder = new TemporaryFolder();
        var file = folder.File(DataOptions.FileName);
        await using (var factory = new EssayReaderFactory { DataPath = folder.Path })
        {
            // Enough annotations for the file's last pages to be theirs (the table's and its indexes').
            var reader = await factory.CreateReaderAsync();
            var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
            await using var scope = factory.CreateDbContext();
            scope.Db.Annotations.AddRange(Enumerable.Range(0, 1500).Select(i => AnnotationRows.Highlight(essay, reader.Id, i, i + 40)));
            await scope.Db.SaveChangesAsync();
            await scope.Db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        const int pageSize = 4096;
        var pages = new FileInfo(file).Length / pageSize;
        Assert.True(pages > 50, $"only {pages} pages");
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Position = (pages - 4) * pageSize;
            await stream.WriteAsync(RandomNumberGenerator.GetBytes(4 * pageSize));
        }

        var (exitCode, lines) = await AppProcess.RunAsync([], Settings(folder.Path));

        AssertStoppedWithOneLine(exitCode, lines, $"The database {file} is damaged (PRAGMA quick_check: ");
    }

    [Fact]
    public async Task ADataFolderThatCannotBeMadeIsNamedWithTheSettingToChange()
    {
        using var folder = new TemporaryFolder();
        await File.WriteAllTextAsync(folder.File("a-file"), "in the way");
        var data = Path.Combine(folder.File("a-file"), "data");

        var (exitCode, lines) = await AppProcess.RunAsync([], Settings(data));

        AssertStoppedWithOneLine(exitCode, lines, $"The data folder {data} cannot be created");
        Assert.Contains("Data__Path", lines.Single(IsFatal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseThatCannotBeOpenedIsNamedWithWhatToCheck()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File(DataOptions.FileName));

        var (exitCode, lines) = await AppProcess.RunAsync([], Settings(folder.Path));

        AssertStoppedWithOneLine(exitCode, lines, $"The database {folder.File(DataOptions.FileName)} cannot be opened for writing");
    }

    [Fact]
    public async Task ADataFolderTheAppMayNotWriteIsNamedWithWhatToCheck()
    {
        using var folder = new TemporaryFolder();
        var data = Directory.CreateDirectory(folder.File("data")).FullName;
        var settings = Settings(data);
        IReadOnlyList<string>? runAs = null;
        if (Environment.UserName == "root")
        {
            // Root writes anywhere, so the app runs as nobody, as the image runs it as its own user over
            // a volume it may not own: the folder (root's, 755) is then as unwritable as it gets.
            runAs = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
            settings["HOME"] = Path.GetTempPath();
        }
        else if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var (exitCode, lines) = await AppProcess.RunAsync([], settings, runAs);

        AssertStoppedWithOneLine(exitCode, lines, $"The database {Path.Combine(data, DataOptions.FileName)} cannot be opened for writing");
        Assert.Contains($"may write the file and its folder {data}", lines.Single(IsFatal), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(string dataPath) => new() { ["Data:Path"] = dataPath };

    private static bool IsFatal(string line) => line.Contains(" FTL] ", StringComparison.Ordinal);

    private static void AssertStoppedWithOneLine(int exitCode, IReadOnlyList<string> lines, string expected)
    {
        var output = string.Join('\n', lines);
        Assert.True(exitCode == 1, $"Exit code {exitCode}, not 1. Output:\n{output}");
        var fatal = Assert.Single(lines, IsFatal);
        Assert.Contains("The app cannot start: " + expected, fatal, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Now listening", StringComparison.Ordinal));
    }
}
