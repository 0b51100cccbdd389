using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EssayReader.Data;

public static partial class DataExtensions
{
    /// <summary>
    /// Registers the SQLite database (a file in the data folder unless <c>ConnectionStrings:EssayReader</c>
    /// says otherwise), its health check, Data Protection keys kept beside it so that sign-in cookies
    /// and antiforgery tokens survive a restart, and a shutdown that lets requests in flight finish.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        var connectionString = ConnectionString(builder.Configuration, builder.Environment);

        // Pooled: a request's context (and every context Identity's stores and the app's services ask
        // for) is reset and reused instead of built, with its options and EF Core's internal services,
        // for each request. The options are built once, so the interceptor is on every pooled context.
        builder.Services.AddDbContextPool<EssayReaderDb>(db => db.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddHostedService<WalCheckpoints>();
        builder.Services.AddDataProtection()
            .SetApplicationName("EssayReader")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataFolder(builder.Configuration, builder.Environment), "keys")));

        // On SIGTERM (docker stop, Ctrl+C) Kestrel stops taking connections and lets the requests in
        // flight finish before the host stops and the database closes, so a write that has begun is
        // committed and answered. Requests here take milliseconds (a write waits at most busy_timeout,
        // 5 s, for another); the limit keeps the app's orderly exit inside Docker's 10 s grace before
        // SIGKILL. Past it, what still runs is cut off, and SQLite rolls back what was not committed.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        return builder;
    }

    /// <summary>How long a stopping app waits for requests in flight.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Makes the data folder and brings the database schema up to date (unless turned off), before the
    /// app takes requests, and checks that the file is whole and writable. When it is not, logs one line
    /// that says what is wrong and what to do, and returns false: the app then exits (code 1) rather
    /// than answer every write with an error, and a supervisor that restarts it shows that line again,
    /// not a stack trace.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EssayReader.Data");
        var folder = DataFolder(app.Configuration, app.Environment);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCannotStart(logger, $"The data folder {folder} cannot be created ({ex.Message.TrimEnd('.')}). Set Data:Path (environment variable Data__Path) to a folder the app can write.");
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
        var file = db.Database.GetDbConnection().DataSource;
        try
        {
            if (options.MigrateOnStartup)
            {
                await db.Database.MigrateAsync();
            }

            // WAL lets readers go on while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            var problem = await FindProblemAsync(db.Database);
            if (problem is not null)
            {
                LogCannotStart(logger, $"The database {file} {problem}");
                return false;
            }
        }
        catch (SqliteException ex)
        {
            LogCannotStart(logger, $"The database {file} {Explain(ex, file)}");
            return false;
        }

        LogDatabaseReady(logger, file);
        return true;
    }

    /// <summary>
    /// The app's connection string: <c>ConnectionStrings:EssayReader</c>, else the file
    /// <see cref="DataOptions.FileName"/> in the data folder. Shared with the backup command, which must
    /// find the same database as the site.
    /// </summary>
    internal static string ConnectionString(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetConnectionString("EssayReader")
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataFolder(configuration, environment), DataOptions.FileName), Cache = SqliteCacheMode.Default }.ToString();

    // A file that opened may still be damaged where migrations did not read, or open read-only (SQLite
    // falls back to that, silently, when it may not write the file): either way every later write
    // would fail. quick_check reads every page once: 10 ms for 10 000 annotations (9 MB), 0.1 s for
    // 100 000, from the page cache.
    private static async Task<string?> FindProblemAsync(DatabaseFacade database)
    {
        await database.OpenConnectionAsync();
        try
        {
            var connection = (SqliteConnection)database.GetDbConnection();
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                return $"can only be read, not written. Check that the app's user may write the file and its folder {Path.GetDirectoryName(connection.DataSource)}.";
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1);";
            var verdict = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            return verdict == "ok" ? null : $"is damaged (PRAGMA quick_check: {verdict?.ReplaceLineEndings(" ")}). {RestoreAdvice}";
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    private const string RestoreAdvice = "Restore it from a backup (README, \"Backup and restore\"), or move it and its -wal and -shm files aside to start with an empty database.";

    // What SQLite's refusal means for whoever runs the app; its own words stay in the line for a search.
    private static string Explain(SqliteException ex, string file)
    {
        var sqlite = ex.Message.TrimEnd('.');
        return ex.SqliteErrorCode switch
        {
            SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT =>
                $"is not a SQLite database, or is damaged ({sqlite}). {RestoreAdvice}",
            SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_PERM or SQLitePCL.raw.SQLITE_IOERR =>
                $"cannot be opened for writing ({sqlite}). Check that the app's user may write the file and its folder {Path.GetDirectoryName(file)}.",
            _ => $"cannot be opened or upgraded ({sqlite}).",
        };
    }

    private static string DataFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        return Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Path));
    }

    [LoggerMessage(LogLevel.Information, "Database {Database} is ready")]
    private static partial void LogDatabaseReady(ILogger logger, string database);

    [LoggerMessage(LogLevel.Critical, "The app cannot start: {Problem}")]
    private static partial void LogCannotStart(ILogger logger, string problem);
}

/// <summary>Healthy while the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(EssayReaderDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("database cannot be reached");
            }

            // A query on a real table also proves the schema is there.
            _ = await db.Annotations.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("database answers");
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database query failed", ex);
        }
    }
}
