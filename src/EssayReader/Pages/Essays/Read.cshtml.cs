using System.Globalization;
using System.Text.Json;
using EssayReader.Accounts;
using EssayReader.Annotations;
using EssayReader.Data;
using EssayReader.Essays;
using EssayReader.Rendering;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace EssayReader.Pages.Essays;

/// <summary>
/// An essay, for reading, with the annotations this reader may see drawn into the text by the server
/// (so they show with script off) and listed for readers without script. The ETag covers the essay,
/// the build, the reader and the annotations, so a 304 is never stale. Anonymous readers get it from
/// the output cache (<see cref="EssayPageCache"/>) after the first: their page must carry nothing
/// of one reader (no antiforgery token; script asks GET /api/session for one).
/// </summary>
[OutputCache(PolicyName = EssayPageCache.EssayPolicy)]
public sealed class ReadModel(EssayCatalog catalog, SiteUrls urls, EssayReaderDb db, AnchorResolver anchors, EssayPageRenders renders) : PageModel
{
    // Changes with every build, so a new page template is never hidden behind an old ETag.
    private static readonly string BuildStamp = typeof(ReadModel).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    public Essay Essay { get; private set; } = null!;

    /// <summary>The essay's body HTML with this reader's visible annotations marked.</summary>
    public string BodyHtml { get; private set; } = string.Empty;

    /// <summary>How many threads the page lists for readers without script; the rest are a link away, on the annotations page.</summary>
    public const int StaticThreadsShown = 50;

    /// <summary>The first threads (comments and highlights with their replies) in text order, for readers without script.</summary>
    public IReadOnlyList<StaticThread> Threads { get; private set; } = [];

    /// <summary>How many threads this reader may see on the essay.</summary>
    public int ThreadCount { get; private set; }

    public string CanonicalUrl => urls.Absolute($"/essays/{Essay.Slug}");

    public string PublishedIso => Essay.Meta.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string PublishedDisplay => Essay.Meta.Published.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var essay = catalog.Find(slug);
        if (essay is null)
        {
            return NotFound();
        }

        if (!string.Equals(slug, essay.Slug, StringComparison.Ordinal))
        {
            return RedirectPermanent($"/essays/{essay.Slug}");
        }

        renders.Add("essay");
        Essay = essay;
        var readerId = User.ReaderId();
        var visible = await EssayThreads.VisibleAsync(db, essay.Slug, readerId, cancellationToken);

        // The page shows who is signed in and what they may see, so one reader's copy must never
        // satisfy another's request, nor an old copy outlive an annotation's change.
        var reader = readerId is { } id ? CanonicalText.VersionOf(id)[..8] : "anon";
        var annotationStamp = CanonicalText.VersionOf(string.Join(',', visible.Select(a => $"{a.Id:N}{a.ModifiedUtc.Ticks}")))[..8];
        var etag = new EntityTagHeaderValue($"\"{essay.SourceHash}-{BuildStamp}-{reader}-{annotationStamp}\"");
        var headers = Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        // No Last-Modified: the file's date says nothing of the annotations on the page, and the output
        // cache would answer an If-Modified-Since with it (304) after a new public annotation.
        Response.Headers.Vary = "Cookie";

        // A copy the output cache is about to keep is made whole, and the cache answers revalidations from
        // it. A 304 made here would not be kept: once the copy had expired, readers who only revalidate
        // would miss the cache every time and cost a page's queries each.
        var storing = HttpContext.Features.Get<IOutputCacheFeature>()?.Context is { EnableOutputCaching: true, AllowCacheStorage: true };
        var ifNoneMatch = Request.GetTypedHeaders().IfNoneMatch;
        if (!storing && ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        var threads = await EssayThreads.InTextOrderAsync(anchors, essay, visible, cancellationToken);
        var spans = threads
            .Where(t => t.IsAnchored)
            .Select(t => new MarkSpan(
                t.Annotation.Id,
                t.Anchor.Start!.Value,
                t.Anchor.End!.Value,
                t.Annotation.Color is { } color ? AnnotationInput.Name(color) : "yellow",
                IsComment: t.Annotation.Motivation == Motivation.Commenting,
                Label: Label(t.Annotation, readerId)))
            .ToList();
        BodyHtml = MarkedHtml.Insert(essay.Html, spans);
        ThreadCount = threads.Count;
        Threads = threads.Take(StaticThreadsShown).ToList();

        return Page();
    }

    private static string Label(Annotation annotation, string? readerId)
    {
        var who = annotation.OwnerId == readerId ? "Your" : $"{annotation.Owner?.DisplayName ?? "A reader"}'s";
        var what = annotation.Motivation == Motivation.Commenting ? "comment" : "highlight";
        return $"{who} {what}";
    }

    /// <summary>schema.org Article metadata; System.Text.Json escapes '&lt;' so the text cannot end its script element.</summary>
    public string JsonLd() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "Article",
        ["headline"] = Essay.Meta.Title,
        ["description"] = Essay.Meta.Summary,
        ["author"] = new Dictionary<string, string> { ["@type"] = "Person", ["name"] = Essay.Meta.Author },
        ["datePublished"] = PublishedIso,
        ["inLanguage"] = Essay.Meta.Language,
        ["wordCount"] = Essay.WordCount,
        ["url"] = CanonicalUrl,
        ["mainEntityOfPage"] = CanonicalUrl,
    });
}
