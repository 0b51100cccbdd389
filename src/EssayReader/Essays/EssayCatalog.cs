using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EssayReader.Essays;

/// <summary>
/// The essays under the content folder. Each file is parsed once per version of its bytes; the
/// catalogue is rebuilt only after the folder's watcher reports a change, so a request normally
/// costs a dictionary look-up. A file that cannot be read is logged by name and left out; the
/// other essays keep working.
/// </summary>
public sealed partial class EssayCatalog : IDisposable
{
    private const string Pattern = "*.md";

    private readonly ILogger<EssayCatalog> _logger;
    private readonly PhysicalFileProvider? _files;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LoadedFile> _loaded = new(StringComparer.Ordinal);
    private Snapshot? _snapshot;

    public EssayCatalog(IOptions<EssayOptions> options, IHostEnvironment environment, ILogger<EssayCatalog> logger)
    {
        _logger = logger;
        Root = System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, options.Value.Path));
        if (Directory.Exists(Root))
        {
            _files = new PhysicalFileProvider(Root) { UsePollingFileWatcher = options.Value.UsePollingWatcher };
        }
        else
        {
            LogMissingFolder(Root);
        }
    }

    /// <summary>The full path of the content folder.</summary>
    public string Root { get; }

    /// <summary>Every readable essay, newest first.</summary>
    public IReadOnlyList<Essay> Essays => Current.Essays;

    /// <summary>A token that fires when any essay file changes; the catalogue itself has reloaded by the next read.</summary>
    public IChangeToken ChangeToken => Current.ChangeToken;

    public bool IsContentFolderReadable => _files is not null && Directory.Exists(Root);

    public Essay? Find(string slug) => Current.BySlug.GetValueOrDefault(slug);

    public void Dispose() => _files?.Dispose();

    private Snapshot Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            return snapshot is not null && !snapshot.ChangeToken.HasChanged ? snapshot : Rebuild();
        }
    }

    private Snapshot Rebuild()
    {
        lock (_gate)
        {
            if (_snapshot is { ChangeToken.HasChanged: false } fresh)
            {
                return fresh;
            }

            if (_files is null)
            {
                return _snapshot = new Snapshot([], NullChangeToken.Singleton);
            }

            // Watch before reading, so that an edit made while we read still fires the token.
            var token = _files.Watch("**/" + Pattern);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var essays = new List<Essay>();
            var slugs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in ListEssayFiles())
            {
                seen.Add(path);
                var essay = LoadIfChanged(path);
                if (essay is null)
                {
                    continue;
                }

                if (slugs.TryGetValue(essay.Slug, out var other))
                {
                    LogDuplicateSlug(path, essay.Slug, other);
                    continue;
                }

                slugs.Add(essay.Slug, path);
                essays.Add(essay);
            }

            foreach (var gone in _loaded.Keys.Where(p => !seen.Contains(p)).ToList())
            {
                _loaded.Remove(gone);
                LogRemoved(gone);
            }

            essays.Sort((a, b) => b.Meta.Published.CompareTo(a.Meta.Published) is var byDate and not 0
                ? byDate
                : string.CompareOrdinal(a.Slug, b.Slug));
            var snapshot = new Snapshot(essays, token);
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }

    // A folder removed while the site runs serves no essays (and /healthz says so) rather than failing every page.
    private List<string> ListEssayFiles()
    {
        try
        {
            return Directory.EnumerateFiles(Root, Pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFolderUnreadable(ex, Root);
            return [];
        }
    }

    private Essay? LoadIfChanged(string path)
    {
        byte[] bytes;
        DateTimeOffset modified;
        try
        {
            bytes = File.ReadAllBytes(path);
            modified = File.GetLastWriteTimeUtc(path);
        }
        catch (IOException ex)
        {
            LogUnreadable(ex, path);
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            LogUnreadable(ex, path);
            return null;
        }

        // Same bytes, same essay: an editor touching a file (or another file changing) costs no re-render,
        // and a broken file is reported once, not on every rebuild.
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        if (_loaded.TryGetValue(path, out var known) && known.Hash == hash)
        {
            return known.Essay;
        }

        var slug = System.IO.Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        Essay? essay = null;
        if (!SlugRules.IsValid(slug))
        {
            LogBadSlug(path, slug);
        }
        else
        {
            try
            {
                var markdown = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
                essay = EssayLoader.Load(slug, markdown, path, modified);
                LogLoaded(essay.Slug, essay.Version, path);
            }
            catch (EssayFormatException ex)
            {
                LogBroken(path, ex.Message);
            }
            catch (System.Text.DecoderFallbackException)
            {
                LogBroken(path, "the file is not valid UTF-8 text");
            }
#pragma warning disable CA1031 // One file's unforeseen failure must not take the other essays down with it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(ex, path);
            }
        }

        _loaded[path] = new LoadedFile(hash, essay);
        return essay;
    }

    private sealed record LoadedFile(string Hash, Essay? Essay);

    private sealed class Snapshot(List<Essay> essays, IChangeToken changeToken)
    {
        public IReadOnlyList<Essay> Essays { get; } = essays;
        public Dictionary<string, Essay> BySlug { get; } = essays.ToDictionary(e => e.Slug, StringComparer.OrdinalIgnoreCase);
        public IChangeToken ChangeToken { get; } = changeToken;
    }

    [LoggerMessage(LogLevel.Error, "Content folder {Folder} does not exist; no essays can be served")]
    private partial void LogMissingFolder(string folder);

    [LoggerMessage(LogLevel.Information, "Loaded essay {Slug} version {Version} from {File}")]
    private partial void LogLoaded(string slug, string version, string file);

    [LoggerMessage(LogLevel.Error, "Essay file {File} was skipped: {Problem}")]
    private partial void LogBroken(string file, string problem);

    [LoggerMessage(LogLevel.Error, "Essay file {File} was skipped: it could not be read")]
    private partial void LogUnreadable(Exception exception, string file);

    [LoggerMessage(LogLevel.Error, "Essay file {File} was skipped: its name gives the slug '{Slug}', which may only hold letters a-z, digits and single hyphens")]
    private partial void LogBadSlug(string file, string slug);

    [LoggerMessage(LogLevel.Error, "Essay file {File} was skipped: slug '{Slug}' is already used by {Other}")]
    private partial void LogDuplicateSlug(string file, string slug, string other);

    [LoggerMessage(LogLevel.Error, "Essay file {File} was skipped: rendering it failed unexpectedly")]
    private partial void LogFailed(Exception exception, string file);

    [LoggerMessage(LogLevel.Error, "Content folder {Folder} could not be listed; no essays can be served")]
    private partial void LogFolderUnreadable(Exception exception, string folder);

    [LoggerMessage(LogLevel.Information, "Essay file {File} was removed")]
    private partial void LogRemoved(string file);
}
