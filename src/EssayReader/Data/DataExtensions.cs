using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EssayReader.Data;

public static partial class DataExtensions
{
    /// <summary>
    /// Registers the SQLite database (a file in the data folder unless <c>ConnectionStrings:EssayReader</c>
    /// says otherwise), its health check, and Data Protection keys kept beside it so that sign-in
    /// cookies and antiforgery tokens survive a restart.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        var options = builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        var folder = DataFolder(builder.Environment, options);
        var connectionString = builder.Configuration.GetConnectionString("EssayReader")
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, DataOptions.FileName), Cache = SqliteCacheMode.Default }.ToString();

        // Pooled: a request's context (and every context Identity's stores and the app's services ask
        // for) is reset and reused instead of built, with its options and EF Core's internal services,
        // for each request. The options are built once, so the interceptor is on every pooled context.
        builder.Services.AddDbContextPool<EssayReaderDb>(db => db.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSettings.Instance));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddDataProtection()
            .SetApplicationName("EssayReader")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        return builder;
    }

    /// <summary>
    /// Makes the data folder and brings the database schema up to date (unless turned off), before the
    /// app takes requests. Failure stops start-up with a message that says what to fix.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DataOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EssayReader.Data");
        var folder = DataFolder(app.Environment, options);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The data folder {folder} cannot be created. Set Data:Path (environment variable Data__Path) to a writable folder.", ex);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
        try
        {
            if (options.MigrateOnStartup)
            {
                await db.Database.MigrateAsync();
            }

            // WAL lets readers go on while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"The database {db.Database.GetDbConnection().DataSource} cannot be opened or upgraded: {ex.Message}. Check that the file is a SQLite database and that the data folder is writable.", ex);
        }

        LogDatabaseReady(logger, db.Database.GetDbConnection().DataSource);
    }

    private static string DataFolder(IHostEnvironment environment, DataOptions options) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Path));

    [LoggerMessage(LogLevel.Information, "Database {Database} is ready")]
    private static partial void LogDatabaseReady(ILogger logger, string database);
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
