using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace EssayReader.Rendering;

/// <summary>A section heading of an essay, for its table of contents.</summary>
public sealed record EssayHeading(int Level, string Id, string Text);

/// <summary>The essay body as served: links made safe, sources archived, notes made navigable.</summary>
public sealed record EnhancedHtml(string Html, IReadOnlyList<EssayHeading> Headings, int BodyWordCount, int NoteCount);

/// <summary>
/// Finishes Markdig's HTML for reading, once per essay version: external links open safely and each
/// offers an archived copy, footnote references and notes get their ARIA roles and labels, and the
/// notes become a titled section. Only whole elements are added, so the author's words are untouched.
/// </summary>
public static class EssayHtml
{
    public const string NotesHeadingId = "notes";
    private const string ExternalRel = "noopener noreferrer";

    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// Parses <paramref name="fragmentHtml"/> in place, inside a div in a body, as the page delivers it:
    /// any quirk of the fragment (a stray end tag, say) then shapes this tree exactly as it shapes the
    /// browser's. Returns the document (to dispose) and that div.
    /// </summary>
    public static (IDocument Document, IElement Root) ParseAsPage(string fragmentHtml)
    {
        var document = Parser.ParseDocument($"<!DOCTYPE html><html><head></head><body><div id=\"essay-root\">{fragmentHtml}</div></body></html>");
        return (document, document.GetElementById("essay-root")!);
    }

    public static EnhancedHtml Enhance(string bodyHtml)
    {
        var (document, root) = ParseAsPage(bodyHtml);
        using var _ = document;

        var notes = ShapeNotes(document, root);
        LabelNoteReferences(root);
        foreach (var link in root.QuerySelectorAll("a[href]").OfType<IHtmlAnchorElement>().ToList())
        {
            SecureAndArchive(document, link);
        }

        var headings = root.QuerySelectorAll("h2[id], h3[id]")
            .Select(h => new EssayHeading(h.LocalName == "h2" ? 2 : 3, h.Id!, h.TextContent.Trim()))
            .ToList();

        var bodyText = string.Concat(root.ChildNodes.Where(n => n is not IElement { ClassName: "footnotes" }).Select(n => n.TextContent));
        var words = bodyText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

        return new EnhancedHtml(root.InnerHtml, headings, words, notes);
    }

    // Markdig writes <div class="footnotes"><hr /><ol><li id="fn:1">…; a reader (and a screen reader)
    // is better served by a titled section that the table of contents can name.
    private static int ShapeNotes(IDocument document, IElement root)
    {
        var container = root.QuerySelector("div.footnotes");
        if (container is null)
        {
            return 0;
        }

        // An author's own "## Notes" heading already has the id "notes": ids must stay unique for the
        // table of contents and aria-labelledby to point at the right heading.
        var headingId = NotesHeadingId;
        for (var n = 1; document.GetElementById(headingId) is not null; n++)
        {
            headingId = $"{NotesHeadingId}-{n}";
        }

        var section = document.CreateElement("section");
        section.ClassName = "footnotes";
        section.SetAttribute("role", "doc-endnotes");
        section.SetAttribute("aria-labelledby", headingId);
        var heading = document.CreateElement("h2");
        heading.Id = headingId;
        heading.TextContent = "Notes";
        section.AppendChild(heading);

        foreach (var child in container.ChildNodes.ToList())
        {
            if (child is IElement { LocalName: "hr" })
            {
                continue;
            }

            section.AppendChild(child);
        }

        container.Replace(section);

        var count = 0;
        foreach (var back in section.QuerySelectorAll("a.footnote-back-ref"))
        {
            var number = back.GetAttribute("href")?.Split(':').LastOrDefault() ?? string.Empty;
            back.SetAttribute("role", "doc-backlink");
            back.SetAttribute("aria-label", $"Back to reference {number}");
        }

        foreach (var note in section.QuerySelectorAll("li[id^='fn:']"))
        {
            note.ClassName = "footnote";
            count++;
        }

        return count;
    }

    private static void LabelNoteReferences(IElement root)
    {
        foreach (var reference in root.QuerySelectorAll("a.footnote-ref"))
        {
            reference.SetAttribute("role", "doc-noteref");
            reference.SetAttribute("aria-label", $"Note {reference.TextContent.Trim()}");
        }
    }

    private static void SecureAndArchive(IDocument document, IHtmlAnchorElement link)
    {
        var href = link.GetAttribute("href");
        if (href is null || !Uri.TryCreate(href, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return;
        }

        MarkExternal(link);
        if (SourceArchive.IsPersistent(uri))
        {
            return;
        }

        // The date the citation says the page was read picks the capture nearest to what the author saw.
        var citation = link.Closest("li, p")?.TextContent ?? string.Empty;
        var accessed = SourceArchive.FindAccessDate(citation);

        var archive = (IHtmlAnchorElement)document.CreateElement("a");
        archive.Href = SourceArchive.ArchiveUrl(href, accessed);
        archive.ClassName = "archive-link";
        archive.TextContent = "archived copy";
        archive.Title = accessed is { } date
            ? $"Wayback Machine copy from about {date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}"
            : "All Wayback Machine copies of this page";
        MarkExternal(archive);

        var wrapper = document.CreateElement("span");
        wrapper.ClassName = "source-archive";
        wrapper.Append(document.CreateTextNode(" ("), archive, document.CreateTextNode(")"));
        link.After(wrapper);
    }

    private static void MarkExternal(IElement link)
    {
        link.SetAttribute("rel", ExternalRel);
        link.SetAttribute("target", "_blank");
        link.ClassList.Add("external");
    }
}
