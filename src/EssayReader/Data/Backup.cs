using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EssayReader.Data;

/// <summary>
/// The <c>backup &lt;file&gt; [--overwrite]</c> command (<c>dotnet run --project src/EssayReader -- backup
/// essayreader-backup.db</c>, or <c>dotnet EssayReader.dll backup …</c> where the app is published):
/// copies the database the site uses, found from the same settings (<c>Data:Path</c> or
/// <c>ConnectionStrings:EssayReader</c>, which may follow as <c>--Data:Path=/data</c>), and exits.
/// <para>
/// Safe while the site runs: <c>VACUUM INTO</c> writes the copy from one read transaction, so it holds
/// exactly the commits made before it began, and in WAL mode a reader never blocks the site's writers
/// (nor they it). The copy is written beside the target as <c>&lt;file&gt;.partial</c>, switched to a
/// self-contained rollback journal, checked with <c>PRAGMA integrity_check</c>, flushed to disk, and
/// only then renamed over the target: a backup that stops half-way leaves no half-written file under
/// the name a restore would use.
/// </para>
/// <para>Exit codes: 0 done; 1 refused or failed (the message says why); 2 wrong arguments.</para>
/// </summary>
public static class Backup
{
    public const string Command = "backup";

    private const string OverwriteOption = "--overwrite";

    private const string Usage =
        "Usage: backup <file> [--overwrite] [--Data:Path=<data folder>]\n" +
        "Copies the site's SQLite database to <file>; safe while the site runs. An existing <file> is kept unless --overwrite is given.";

    /// <summary>Runs the command with the arguments after <c>backup</c>; returns the process's exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var target, .. var rest] || target.StartsWith('-'))
        {
            return Fail(2, Usage);
        }

        var overwrite = rest.Contains(OverwriteOption, StringComparer.Ordinal);
        var settings = rest.Where(a => a != OverwriteOption).ToArray();
        if (settings.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } stray)
        {
            return Fail(2, $"Unexpected argument '{stray}'.\n{Usage}");
        }

        // The site's own configuration (appsettings, environment, these arguments), so that the command
        // finds the database the site uses.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings });
        var source = new SqliteConnectionStringBuilder(DataExtensions.ConnectionString(builder.Configuration, builder.Environment))
        {
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var database = Path.GetFullPath(source.DataSource);
        var file = Path.GetFullPath(target);
        var partial = file + ".partial";

        if (!File.Exists(database))
        {
            return Fail(1, $"There is no database at {database}. Set Data:Path (or ConnectionStrings:EssayReader) as the site has it, e.g. --Data:Path=/data.");
        }

        if (file == database || file.StartsWith(database + "-", StringComparison.Ordinal))
        {
            return Fail(1, $"{file} is the site's own database; write the backup to another file.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(file)))
        {
            return Fail(1, $"The folder {Path.GetDirectoryName(file)} does not exist.");
        }

        if (File.Exists(file) && !overwrite)
        {
            return Fail(1, $"{file} already exists; give {OverwriteOption} to replace it.");
        }

        try
        {
            // Left by a backup that was stopped: never the one being made.
            DeleteIfThere(partial);
            await CopyAsync(source.ToString(), partial);
            var (annotations, readers) = await CheckAsync(partial);

            // On the disk before it takes the name, so that no crash leaves an empty file as the backup.
            await using (var stream = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, file, overwrite);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Backed up {database} to {file} (annotations: {annotations}, readers: {readers}, {new FileInfo(file).Length} bytes)."));
            return 0;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            DeleteIfThere(partial);
            return Fail(1, $"The backup of {database} to {file} failed: {ex.Message}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task CopyAsync(string source, string partial)
    {
        await using var connection = new SqliteConnection(source);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // A reader waits rarely in WAL mode (while another connection recovers the WAL, say), but then
        // it should wait as the site's connections do, not fail.
        command.CommandText = "PRAGMA busy_timeout = 5000; VACUUM INTO $file;";
        command.Parameters.AddWithValue("$file", partial);
        await command.ExecuteNonQueryAsync();
    }

    // The copy is one self-contained file (a WAL-mode copy would want -wal and -shm files beside it
    // wherever it is opened), and whole; returns what it holds, for the message.
    private static async Task<(long Annotations, long Readers)> CheckAsync(string partial)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        await command.ExecuteNonQueryAsync();

        command.CommandText = "PRAGMA integrity_check(1);";
        var verdict = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        if (verdict != "ok")
        {
            throw new InvalidDataException($"the copy does not pass PRAGMA integrity_check ({verdict})");
        }

        command.CommandText = "SELECT (SELECT count(*) FROM Annotations), (SELECT count(*) FROM AspNetUsers);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void DeleteIfThere(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine(message);
        return exitCode;
    }
}
