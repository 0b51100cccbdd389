using System.Collections.Concurrent;
using EssayReader.Essays;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EssayReader.Pages.Essays;

/// <summary>
/// Anonymous readers' copies of an essay's pages (the essay, its list of annotations), kept in ASP.NET
/// Core's output cache (<see cref="AnonymousPagePolicy"/> decides who is served from it), the essay's
/// page also as the bytes last sent (<see cref="EssayPageCopies"/>, under the same key), and never
/// served once what they show has changed. A copy is stored under a key that names the essay's file
/// version and the essay's annotation generation; a new file version makes a new key at once, and
/// every annotation write on the essay (<see cref="EvictAsync"/>, after the write is saved) makes a
/// new generation. A page rendered from data read before a change can still be stored after the
/// change, but under the old key, which no later request asks for. Evicting by tag frees the old
/// copies' memory.
/// </summary>
/// <remarks>
/// The generations live in this process: a second instance of the app, or a write to the database
/// from outside it, is not seen until the copies expire (<see cref="Expiration"/>).
/// </remarks>
public sealed partial class EssayPageCache(
    IOutputCacheStore store, EssayPageCopies copies, EssayCatalog catalog, IOptionsMonitor<CookieAuthenticationOptions> cookies,
    ILogger<EssayPageCache> logger)
    : IHostedService, IDisposable
{
    /// <summary>The output cache policy of the essay page, <c>/essays/{slug}</c>.</summary>
    public const string EssayPolicy = "AnonymousEssayPage";

    /// <summary>The output cache policy of the annotations list, <c>/essays/{slug}/annotations?page=n</c>.</summary>
    public const string AnnotationsPolicy = "AnonymousEssayAnnotationsPage";

    /// <summary>
    /// How long a copy is kept without being evicted. Every change the app makes evicts at once; this
    /// only bounds a write made outside the app, and the memory of copies nobody asks for again.
    /// </summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(1);

    private const string AllPagesTag = "essay-pages";

    private readonly ConcurrentDictionary<string, long> _annotationGenerations = new(StringComparer.Ordinal);
    private IDisposable? _subscription;

    /// <summary>The name of the cookie a signed-in reader sends: a request with it is never a cached one.</summary>
    internal string? SignInCookie { get; } = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name;

    /// <summary>The tag of every cached page of the essay <paramref name="slug"/>.</summary>
    public static string Tag(string slug) => "essay:" + slug;

    /// <summary>Registers the policies with the output cache.</summary>
    internal static void AddPolicies(OutputCacheOptions options)
    {
        options.AddPolicy(EssayPolicy, new AnonymousPagePolicy(queryKey: null));
        options.AddPolicy(AnnotationsPolicy, new AnonymousPagePolicy(queryKey: "page"));
    }

    /// <summary>
    /// What the cache key of a page of <paramref name="essay"/> must vary by, read before the page is
    /// made: the file's version and the annotations' generation.
    /// </summary>
    internal string KeyOf(Essay essay) => $"{essay.SourceHash}.{GenerationOf(essay.Slug)}";

    /// <summary>The generation of the annotations on the essay <paramref name="slug"/>: one more with every change.</summary>
    internal long GenerationOf(string slug) => _annotationGenerations.GetValueOrDefault(slug);

    internal static IEnumerable<string> TagsOf(Essay essay) => [Tag(essay.Slug), AllPagesTag];

    internal Essay? Find(string slug) => catalog.Find(slug);

    /// <summary>
    /// Called after an annotation on the essay <paramref name="slug"/> was created, changed or deleted
    /// (and saved): anonymous readers' copies of its pages are not served again.
    /// </summary>
    public async ValueTask EvictAsync(string slug)
    {
        // First the new generation, so no request from now on looks up an old copy; then the memory
        // (whatever became of the write's request: the generation has moved on either way).
        _annotationGenerations.AddOrUpdate(slug, 1, static (_, generation) => generation + 1);
        copies.Forget(slug);
        await store.EvictByTagAsync(Tag(slug), CancellationToken.None);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A new version already has a key of its own; this only frees the old versions' copies.
        _subscription = ChangeToken.OnChange(() => catalog.ChangeToken, () => _ = EvictAllAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task EvictAllAsync()
    {
        copies.ForgetAll();
        try
        {
            await store.EvictByTagAsync(AllPagesTag, CancellationToken.None);
        }
#pragma warning disable CA1031 // Old copies are unreachable anyway (their keys name the old version); this must not crash the watcher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEvictionFailed(ex);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Evicting the cached essay pages after a content change failed; they expire on their own")]
    private partial void LogEvictionFailed(Exception exception);
}
