using System.Collections.Concurrent;
using EssayReader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace EssayReader.Essays;

/// <summary>
/// Records each version of each essay's canonical text in the database: at start-up, whenever the
/// content folder changes, and (to be sure) before an annotation is made on a version.
/// </summary>
public sealed partial class EssayVersionRecorder(
    EssayCatalog catalog, IServiceScopeFactory scopes, TimeProvider clock, ILogger<EssayVersionRecorder> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<(string Slug, string Version), bool> _recorded = new();
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RecordAllAsync(cancellationToken);
        _subscription = ChangeToken.OnChange(() => catalog.ChangeToken, () => _ = RecordAllInBackgroundAsync());
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Makes sure <paramref name="essay"/>'s current version is in the database.</summary>
    public async Task EnsureRecordedAsync(Essay essay, CancellationToken cancellationToken)
    {
        if (_recorded.ContainsKey((essay.Slug, essay.Version)))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
        if (!await db.EssayVersions.AnyAsync(v => v.Slug == essay.Slug && v.Version == essay.Version, cancellationToken))
        {
            db.EssayVersions.Add(new EssayVersion
            {
                Slug = essay.Slug,
                Version = essay.Version,
                Text = essay.Text,
                FirstSeenUtc = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogRecorded(essay.Slug, essay.Version);
            }
            catch (DbUpdateException)
            {
                // Another request may have recorded the same version first: that is the outcome we wanted.
                db.ChangeTracker.Clear();
                if (!await db.EssayVersions.AnyAsync(v => v.Slug == essay.Slug && v.Version == essay.Version, cancellationToken))
                {
                    throw;
                }
            }
        }

        _recorded[(essay.Slug, essay.Version)] = true;
    }

    private async Task RecordAllAsync(CancellationToken cancellationToken)
    {
        foreach (var essay in catalog.Essays)
        {
            await EnsureRecordedAsync(essay, cancellationToken);
        }
    }

    private async Task RecordAllInBackgroundAsync()
    {
        try
        {
            await RecordAllAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // A failed recording is retried before the next annotation on that version; it must not crash the watcher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(LogLevel.Information, "Recorded version {Version} of essay {Slug}")]
    private partial void LogRecorded(string slug, string version);

    [LoggerMessage(LogLevel.Error, "Recording essay versions failed; they will be recorded when annotated")]
    private partial void LogFailed(Exception exception);
}
