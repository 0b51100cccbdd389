using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using EssayReader.Essays;
using EssayReader.Tests.Fixtures;

namespace EssayReader.Tests.Pages;

/// <summary>
/// The essay page, checked against the original text it was transcribed from. These tests only read,
/// so they share one host.
/// </summary>
public sealed partial class EssayPageTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string ArchivePrefixForAccessDate = "https://web.archive.org/web/20140628/";
    private static readonly string EssayPath = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);
    private readonly OriginalEssay _original = OriginalEssay.Load();

    [Fact]
    public async Task EveryFootnoteReferenceLinksToItsNoteAndTheNoteLinksBack()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);
        var root = page.EssayRoot();

        var references = root.QuerySelectorAll("a.footnote-ref");
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"fnref:{n}"), references.Select(r => r.Id));
        foreach (var reference in references)
        {
            var number = reference.Id!["fnref:".Length..];
            Assert.Equal(number, reference.TextContent.Trim());
            Assert.Equal($"#fn:{number}", reference.GetAttribute("href"));

            var note = page.GetElementById($"fn:{number}");
            Assert.NotNull(note);
            Assert.Equal("li", note.LocalName);
            Assert.True(root.Contains(note), $"note {number} is outside the essay root");

            var back = Assert.Single(note.QuerySelectorAll("a.footnote-back-ref"));
            Assert.Equal($"#{reference.Id}", back.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task NotesAreNumberedOneToTenInOrder()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var notes = page.EssayRoot().QuerySelectorAll("li[id^='fn:']");
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"fn:{n}"), notes.Select(n => n.Id));

        // One ordered list holds them all and counts from 1, so the list numbers are the note numbers.
        var list = Assert.IsAssignableFrom<IHtmlOrderedListElement>(Assert.Single(notes.Select(n => n.ParentElement).Distinct()));
        Assert.Equal(1, list.Start);
        Assert.False(list.IsReversed);
        Assert.Equal(notes, list.Children);
    }

    [Fact]
    public async Task EveryParagraphAndHeadingOfTheOriginalIsRenderedVerbatimAndInOrder()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var rendered = BodyBlocks(page.EssayRoot()).ToList();

        Assert.Equal(_original.Body.Count, rendered.Count);
        for (var i = 0; i < rendered.Count; i++)
        {
            Assert.Equal(_original.Body[i].IsHeading ? "h2" : "p", rendered[i].LocalName);
            Assert.Equal(_original.Body[i].Text, rendered[i].TextContent.TrimEnd());
        }
    }

    [Fact]
    public async Task TheOriginalHasFourSectionHeadingsAndTheyAreH2s()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var headings = BodyBlocks(page.EssayRoot()).Where(b => b.LocalName == "h2").Select(h => h.TextContent).ToList();

        Assert.Equal(4, _original.Headings.Count());
        Assert.Equal(_original.Headings.Select(h => h.Text), headings);
    }

    [Fact]
    public async Task EachBracketedMarkerOfTheOriginalIsAFootnoteReferenceInItsParagraph()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var rendered = BodyBlocks(page.EssayRoot()).ToList();
        Assert.Equal(_original.Body.Count, rendered.Count);
        Assert.Equal(Enumerable.Range(1, 10), _original.Body.SelectMany(b => b.References));
        for (var i = 0; i < rendered.Count; i++)
        {
            var references = rendered[i].QuerySelectorAll("a.footnote-ref")
                .Select(r => int.Parse(r.TextContent.Trim(), CultureInfo.InvariantCulture));
            Assert.Equal(_original.Body[i].References, references);
        }
    }

    [Fact]
    public async Task TheTitleIsTheOriginalTitle()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var h1 = Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(_original.Title, h1.TextContent.Trim());
    }

    [Fact]
    public async Task EachNoteReadsExactlyAsTheOriginalNote()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        Assert.Equal(Enumerable.Range(1, 10), _original.Notes.Select(n => n.Number));
        foreach (var note in _original.Notes)
        {
            var rendered = page.GetElementById($"fn:{note.Number}");
            Assert.NotNull(rendered);
            Assert.Equal(note.Text, NoteText(rendered));
        }
    }

    [Fact]
    public async Task NotesSplitByAPageBreakAreWholeAgain()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        // The original's page break falls inside notes 6 and 9: each must be one paragraph again.
        foreach (var number in new[] { 6, 9 })
        {
            var note = page.GetElementById($"fn:{number}");
            Assert.NotNull(note);
            Assert.Single(note.QuerySelectorAll("p"));
        }

        Assert.EndsWith("Compromises in Territorial Disputes’ International Security, 30 (2): 46-83.", NoteText(page.GetElementById("fn:6")!), StringComparison.Ordinal);
        Assert.EndsWith("Russia in Global Affairs, 2 July. Available at http://goo.gl/ePSeG0 (Accessed 28.06.2014).", NoteText(page.GetElementById("fn:9")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryWebAddressInTheNotesIsASafeLinkToThatAddress()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var addresses = _original.Notes
            .SelectMany(note => WebAddress().Matches(note.Text).Select(m => (note.Number, Url: m.Value.TrimEnd('.', ','))))
            .ToList();
        Assert.Equal(3, addresses.Count);
        foreach (var (number, url) in addresses)
        {
            var note = page.GetElementById($"fn:{number}")!;
            var link = Assert.Single(note.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == url);
            Assert.Equal(url, link.TextContent);
            Assert.Contains("noopener", link.RelTokens());
            Assert.Contains("noreferrer", link.RelTokens());
        }
    }

    [Fact]
    public async Task EveryNonPersistentWebLinkInTheNotesOffersTheWaybackCopyFromItsAccessDate()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var links = page.QuerySelectorAll("li[id^='fn:'] a[href^='http']")
            .Where(a => a.Closest(".source-archive") is null && !IsDoi(a))
            .ToList();
        Assert.Equal(3, links.Count);
        foreach (var link in links)
        {
            // Every note with a web link says "(Accessed 28.06.2014)".
            var next = link.NextElementSibling;
            Assert.NotNull(next);
            var archive = Assert.Single(next.QuerySelectorAll("a[href]"));
            Assert.Equal(ArchivePrefixForAccessDate + link.GetAttribute("href"), archive.GetAttribute("href"));
            Assert.Contains("noopener", archive.RelTokens());
            Assert.Contains("noreferrer", archive.RelTokens());
        }
    }

    [Fact]
    public async Task NoteSixLinksItsArticleByDoiWithoutAnArchivedCopy()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var note = page.GetElementById("fn:6")!;
        var doi = Assert.Single(note.QuerySelectorAll("a[href]"), IsDoi);
        Assert.Equal("https://doi.org/10.1162/016228805775124534", doi.GetAttribute("href"));
        Assert.Contains("noopener", doi.RelTokens());
        Assert.Contains("noreferrer", doi.RelTokens());
        Assert.DoesNotContain(note.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.StartsWith("https://web.archive.org/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheHeadDescribesTheEssayForSearchEnginesAndSharing()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        Assert.StartsWith(_original.Title, page.Title, StringComparison.Ordinal);
        var description = Meta(page, "name", "description");
        Assert.False(string.IsNullOrWhiteSpace(description));

        var canonical = Assert.Single(page.Head!.QuerySelectorAll("link[rel='canonical']")).GetAttribute("href");
        Assert.True(Uri.TryCreate(canonical, UriKind.Absolute, out var canonicalUri), $"canonical link '{canonical}' is not absolute");
        Assert.Equal(EssayPath, canonicalUri.AbsolutePath);

        Assert.Equal(_original.Title, Meta(page, "property", "og:title"));
        Assert.Equal("article", Meta(page, "property", "og:type"));
        Assert.Equal(canonical, Meta(page, "property", "og:url"));
    }

    [Fact]
    public async Task TheHeadCarriesASchemaOrgArticle()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var script = Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(script.TextContent);
        var article = json.RootElement;
        Assert.Equal("https://schema.org", article.GetProperty("@context").GetString());
        Assert.Equal("Article", article.GetProperty("@type").GetString());
        Assert.Equal(_original.Title, article.GetProperty("headline").GetString());
        Assert.Equal("Eoin Micheál Mcnamara", _original.Author);
        Assert.Equal(_original.Author, article.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("2014-06-30", _original.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal("2014-06-30", article.GetProperty("datePublished").GetString());
        Assert.Equal(Meta(page, "name", "description"), article.GetProperty("description").GetString());
    }

    [Fact]
    public async Task TheBylineNamesTheAuthorWithAMachineReadableDateAndTheReadingTime()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var article = Assert.Single(page.QuerySelectorAll("article"));
        var date = Assert.Single(article.QuerySelectorAll("time[datetime]"), t => !page.EssayRoot().Contains(t));
        Assert.Equal("2014-06-30", date.GetAttribute("datetime"));
        Assert.Contains(article.QuerySelectorAll("*"), e => e.TextContent.Trim() == _original.Author);

        // 230 words a minute over the body, as counted from the original.
        var words = _original.Body.Sum(b => b.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        var minutes = (int)Math.Ceiling(words / 230.0);
        Assert.Equal(8, minutes);
        Assert.Contains(article.QuerySelectorAll("*"), e => ReadingTime().Match(e.TextContent.Trim()) is { Success: true } m && m.Groups["n"].Value == minutes.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheTableOfContentsLinksToEverySectionHeading()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var targets = page.QuerySelectorAll("nav a[href^='#']").Select(a => a.GetAttribute("href")![1..]).ToList();
        var sections = page.EssayRoot().QuerySelectorAll("h2").ToList();
        Assert.Equal(5, sections.Count); // the original's four, and the notes
        foreach (var heading in sections)
        {
            Assert.False(string.IsNullOrEmpty(heading.Id), $"heading '{heading.TextContent}' has no id to link to");
            Assert.Contains(heading.Id, targets);
        }

        foreach (var target in targets)
        {
            Assert.NotNull(page.GetElementById(target));
        }
    }

    [Fact]
    public async Task ASkipLinkLeadsToTheMainLandmark()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var firstLink = page.Body!.QuerySelector("a[href]");
        Assert.Equal("#main", firstLink?.GetAttribute("href"));
        var main = Assert.Single(page.QuerySelectorAll("main"));
        Assert.Equal("main", main.Id);
        Assert.True(main.Contains(page.EssayRoot()));
    }

    [Fact]
    public async Task ThePageDeclaresTheEssayLanguage()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task TheEssayRootCarriesTheVersionOfItsServedText()
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);

        var root = page.EssayRoot();
        var version = root.GetAttribute("data-essay-version");
        Assert.Matches("^[0-9a-f]{16}$", version);
        Assert.Equal(CanonicalText.VersionOf(root.TextContent), version);
    }

    [Fact]
    public async Task ARepeatRequestWithTheEtagIsNotModifiedAndHasNoBody()
    {
        var client = factory.CreateClient();
        using var first = await client.GetAsync(EssayPath);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Fact]
    public async Task IfNoneMatchAnyIsNotModified()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.IfNoneMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task ARequestWithAnotherEtagGetsThePage()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"not-this-version\""));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_original.Title, (await response.ParseHtmlAsync()).QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task ASlugInOtherCaseRedirectsPermanentlyToTheCanonicalAddress()
    {
        using var response = await factory.CreateClientWithoutRedirects().GetAsync(EssayPath.ToUpperInvariant().Replace("/ESSAYS/", "/essays/", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(EssayPath, response.Headers.Location?.OriginalString);
    }

    // The paragraphs and headings of the body, without the notes section.
    private static IEnumerable<IElement> BodyBlocks(IElement root) =>
        root.Children.Where(e => e.LocalName is "p" or "h2" or "h3");

    // A note as the author wrote it: without our back-link and without the archived-copy link we add.
    private static string NoteText(IElement note)
    {
        var copy = (IElement)note.Clone(deep: true);
        foreach (var added in copy.QuerySelectorAll("a.footnote-back-ref, .source-archive").ToList())
        {
            added.Remove();
        }

        return copy.TextContent.Trim();
    }

    private static bool IsDoi(IElement link) =>
        Uri.TryCreate(link.GetAttribute("href"), UriKind.Absolute, out var uri) && uri.Host == "doi.org";

    private static string? Meta(IDocument page, string attribute, string name) =>
        Assert.Single(page.Head!.QuerySelectorAll($"meta[{attribute}='{name}']")).GetAttribute("content");

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex WebAddress();

    [GeneratedRegex(@"^(?<n>\d+)\s+min(?:ute)?s?\s+read$")]
    private static partial Regex ReadingTime();
}
