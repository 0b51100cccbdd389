using System.Globalization;
using System.Text.Json;
using EssayReader.Accounts;
using EssayReader.Essays;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace EssayReader.Pages.Essays;

/// <summary>An essay, for reading. The page holds nothing per reader, so one ETag serves everyone.</summary>
public sealed class ReadModel(EssayCatalog catalog, SiteUrls urls) : PageModel
{
    // Changes with every build, so a new page template is never hidden behind an old ETag.
    private static readonly string BuildStamp = typeof(ReadModel).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    public Essay Essay { get; private set; } = null!;

    public string CanonicalUrl => urls.Absolute($"/essays/{Essay.Slug}");

    public string PublishedIso => Essay.Meta.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string PublishedDisplay => Essay.Meta.Published.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public IActionResult OnGet(string slug)
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

        Essay = essay;
        // The page shows who is signed in, so one reader's copy must never satisfy another's request.
        var reader = User.ReaderId() is { } id ? CanonicalText.VersionOf(id)[..8] : "anon";
        var etag = new EntityTagHeaderValue($"\"{essay.SourceHash}-{BuildStamp}-{reader}\"");
        var headers = Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        headers.LastModified = essay.LastModified;
        Response.Headers.Vary = "Cookie";

        var ifNoneMatch = Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return Page();
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
