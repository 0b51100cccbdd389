using AngleSharp.Dom;
using EssayReader.Essays;
using EssayReader.Rendering;

namespace EssayReader.Tests.Rendering;

public sealed class EssayHtmlTests
{
    [Fact]
    public void NotesBecomeATitledSectionInPlaceOfMarkdigsDiv()
    {
        var (html, result) = Enhance("Text.[^1] More.[^2]\n\n[^1]: A note.\n\n[^2]: Another note.\n");

        Assert.Empty(html.QuerySelectorAll("div.footnotes, hr"));
        var section = Assert.Single(html.QuerySelectorAll("section.footnotes"));
        Assert.Equal("doc-endnotes", section.GetAttribute("role"));
        Assert.Equal(EssayHtml.NotesHeadingId, section.GetAttribute("aria-labelledby"));
        var heading = section.FirstElementChild;
        Assert.Equal("h2", heading?.LocalName);
        Assert.Equal(EssayHtml.NotesHeadingId, heading?.Id);
        Assert.Equal("Notes", heading?.TextContent);
        var notes = section.QuerySelectorAll("ol > li.footnote");
        Assert.Equal(["fn:1", "fn:2"], notes.Select(n => n.Id));
        Assert.Equal(2, result.NoteCount);
    }

    [Fact]
    public void ReferencesAndBackLinksGetTheirRolesAndLabels()
    {
        var (html, _) = Enhance("Text.[^1]\n\n[^1]: A note.\n");

        var reference = Assert.Single(html.QuerySelectorAll("a.footnote-ref"));
        Assert.Equal("doc-noteref", reference.GetAttribute("role"));
        Assert.Equal("Note 1", reference.GetAttribute("aria-label"));
        var back = Assert.Single(html.QuerySelectorAll("a.footnote-back-ref"));
        Assert.Equal("doc-backlink", back.GetAttribute("role"));
        Assert.Equal("Back to reference 1", back.GetAttribute("aria-label"));
    }

    [Fact]
    public void AnEssayWithoutNotesHasNoNotesSection()
    {
        var (html, result) = Enhance("Just text.\n");

        Assert.Empty(html.QuerySelectorAll("section, .footnotes"));
        Assert.Equal(0, result.NoteCount);
    }

    [Fact]
    public void AnAuthorsOwnNotesHeadingKeepsTheIdsUnique()
    {
        var (html, result) = Enhance("## Notes\n\nText.[^1]\n\n[^1]: A note.\n");

        var ids = html.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.Equal(ids.Distinct(StringComparer.Ordinal).Count(), ids.Count);
        var section = Assert.Single(html.QuerySelectorAll("section.footnotes"));
        Assert.Equal(section.FirstElementChild?.Id, section.GetAttribute("aria-labelledby"));
        Assert.Equal(result.Headings.Select(h => h.Id).Distinct(StringComparer.Ordinal).Count(), result.Headings.Count);
    }

    [Theory]
    [InlineData("http://goo.gl/XG6SQ5")]
    [InlineData("https://doi.org/10.1162/016228805775124534")]
    [InlineData("https://example.org/a?b=c#d")]
    public void ExternalLinksOpenSafelyInANewTab(string url)
    {
        var (html, _) = Enhance($"See [the source]({url}).\n");

        var link = Assert.Single(html.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == url);
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Contains("external", link.ClassList);
    }

    [Theory]
    [InlineData("http://goo.gl/XG6SQ5", true)]
    [InlineData("https://example.org/page", true)]
    [InlineData("https://doi.org/10.1162/016228805775124534", false)]
    [InlineData("https://web.archive.org/web/20140628/http://goo.gl/XG6SQ5", false)]
    [InlineData("mailto:someone@example.org", false)]
    [InlineData("ftp://example.org/file.txt", false)]
    [InlineData("/essays/another-essay", false)]
    [InlineData("#a-section", false)]
    public void OnlyNonPersistentWebLinksGetAnArchivedCopy(string url, bool archived)
    {
        var (html, _) = Enhance($"See [the source]({url}).\n");

        var archives = html.QuerySelectorAll("a.archive-link");
        if (archived)
        {
            var archive = Assert.Single(archives);
            Assert.Equal($"https://web.archive.org/web/*/{url}", archive.GetAttribute("href"));
            Assert.Equal("noopener noreferrer", archive.GetAttribute("rel"));
        }
        else
        {
            Assert.Empty(archives);
        }
    }

    [Theory]
    [InlineData("mailto:someone@example.org")]
    [InlineData("/essays/another-essay")]
    [InlineData("#a-section")]
    public void LinksThatStayOnTheSiteOrAreNotWebLinksAreLeftAlone(string url)
    {
        var (html, _) = Enhance($"See [here]({url}).\n");

        var link = Assert.Single(html.QuerySelectorAll("a"));
        Assert.Null(link.GetAttribute("rel"));
        Assert.Null(link.GetAttribute("target"));
    }

    [Fact]
    public void TheArchivedCopySitsRightAfterItsLinkAndUsesItsNotesAccessDate()
    {
        var (html, _) = Enhance(
            "One.[^1] Two.[^2]\n\n" +
            "[^1]: Available at <http://goo.gl/XG6SQ5> (Accessed 28.06.2014).\n\n" +
            "[^2]: Available at <http://example.org/undated>.\n");

        var dated = Assert.Single(html.QuerySelectorAll("a[href='http://goo.gl/XG6SQ5']"));
        var wrapper = dated.NextElementSibling;
        Assert.NotNull(wrapper);
        Assert.Contains("source-archive", wrapper.ClassList);
        Assert.Equal(" (archived copy)", wrapper.TextContent);
        var archive = Assert.Single(wrapper.QuerySelectorAll("a.archive-link"));
        Assert.Equal("https://web.archive.org/web/20140628/http://goo.gl/XG6SQ5", archive.GetAttribute("href"));
        Assert.Contains("28 June 2014", archive.GetAttribute("title"), StringComparison.Ordinal);

        var undated = Assert.Single(html.QuerySelectorAll("a[href='http://example.org/undated']"));
        Assert.Equal("https://web.archive.org/web/*/http://example.org/undated", undated.NextElementSibling?.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public void HeadingsAreCollectedForTheTableOfContents()
    {
        var (_, result) = Enhance("## Russia’s Eastern Intrigue\n\nText.[^1]\n\n### A Smaller Part\n\nMore.\n\n[^1]: A note.\n");

        Assert.Equal(
            [
                new EssayHeading(2, "russias-eastern-intrigue", "Russia’s Eastern Intrigue"),
                new EssayHeading(3, "a-smaller-part", "A Smaller Part"),
                new EssayHeading(2, EssayHtml.NotesHeadingId, "Notes"),
            ],
            result.Headings);
    }

    [Fact]
    public void TheWordCountLeavesOutTheNotes()
    {
        var (_, result) = Enhance("## Two Words\n\nOne two three.[^1]\n\n[^1]: Four five six seven eight.\n");

        Assert.Equal(5, result.BodyWordCount);
    }

    [Fact]
    public void TheAuthorsWordsAreUntouched()
    {
        const string Paragraph = "The “spilt” was ‘exploited’ — twice.  Tibet.\u00a0 On… $400 billion";

        var (html, _) = Enhance(Paragraph + "\n");

        Assert.Equal(Paragraph, Assert.Single(html.QuerySelectorAll("p")).TextContent);
    }

    [Fact]
    public void EnhancingAddsOnlyWholeElements()
    {
        var markdown = "Text.[^1]\n\n[^1]: Available at <http://goo.gl/XG6SQ5> (Accessed 28.06.2014).\n";
        var (_, plainHtml) = EssayMarkdown.Render(markdown);

        var (html, _) = Enhance(markdown);

        // Without what we added, the text is Markdig's text, character for character.
        foreach (var added in html.QuerySelectorAll(".source-archive, section.footnotes > h2").ToList())
        {
            added.Remove();
        }

        Assert.Equal(CanonicalText.FromHtmlFragment(plainHtml), html.TextContent);
    }

    private static (IElement Root, EnhancedHtml Result) Enhance(string markdownBody)
    {
        var (_, bodyHtml) = EssayMarkdown.Render(markdownBody);
        var result = EssayHtml.Enhance(bodyHtml);
        var document = HtmlPages.Parse($"<!DOCTYPE html><html><body><div id=\"root\">{result.Html}</div></body></html>");
        return (document.GetElementById("root")!, result);
    }
}
