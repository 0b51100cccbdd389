using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// What "no active content" means for a comment's HTML, checked on the parsed tree as a browser would
/// build it: only the harmless elements Markdown makes, no event handler, style or id attributes, and
/// links only to http, https and mailto, each marked as user content. The HTML must stay so where the
/// pages put it: in an element, inside the essay page's <c>&lt;noscript&gt;</c> (which a browser with
/// script reads as raw text up to the first <c>&lt;/noscript</c>), and after a round trip through a
/// parser and serializer (the panel's <c>innerHTML</c>), where mutation XSS would show.
/// </summary>
internal static class SafeHtml
{
    private static readonly HashSet<string> AllowedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "html", "head", "body",
        "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.OrdinalIgnoreCase) { "href", "title", "rel" };

    private static readonly Regex SafeScheme = new("^(?:https?://|mailto:)", RegexOptions.IgnoreCase);

    private static readonly HtmlParser Parser = new();

    // A browser with script enabled, which is what reads the essay page's <noscript> as raw text.
    private static readonly HtmlParser ScriptingParser = new(new HtmlParserOptions { IsScripting = true });

    public static void AssertNoActiveContent(string html)
    {
        var problems = ProblemsIn(html);
        Assert.True(problems.Count == 0, $"{string.Join("; ", problems)} in {html}");
    }

    /// <summary>Everything active in <paramref name="html"/>, in words; empty when it is safe to show.</summary>
    public static IReadOnlyList<string> ProblemsIn(string html)
    {
        var problems = new List<string>();
        var document = Parser.ParseDocument(html);
        CheckTree(document, problems, string.Empty);

        var reparsed = Parser.ParseDocument(document.Body!.InnerHtml);
        if (reparsed.Body!.InnerHtml != document.Body.InnerHtml)
        {
            problems.Add("the tree changes when serialized and parsed again");
            CheckTree(reparsed, problems, "after a round trip: ");
        }

        var inNoscript = ScriptingParser.ParseDocument($"<body><noscript>{html}</noscript>");
        if (inNoscript.Body!.ChildNodes.Length != 1 || inNoscript.Body.QuerySelectorAll("*").Select(e => e.LocalName).SingleOrDefault() != "noscript")
        {
            problems.Add($"it ends a <noscript> early: {inNoscript.Body.InnerHtml}");
        }

        return problems;
    }

    private static void CheckTree(IDocument document, List<string> problems, string where)
    {
        foreach (var element in document.QuerySelectorAll("*"))
        {
            if (!AllowedElements.Contains(element.LocalName))
            {
                problems.Add($"{where}<{element.LocalName}>");
            }

            foreach (var attribute in element.Attributes)
            {
                if (!AllowedAttributes.Contains(attribute.Name))
                {
                    problems.Add($"{where}attribute {attribute.Name} on <{element.LocalName}>");
                }
            }
        }

        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            if (!SafeScheme.IsMatch(link.GetAttribute("href")!))
            {
                problems.Add($"{where}a link to {link.GetAttribute("href")}");
            }

            var rel = link.RelTokens();
            if (!rel.Contains("nofollow") || !rel.Contains("ugc") || !rel.Contains("noopener"))
            {
                problems.Add($"{where}a link with rel \"{link.GetAttribute("rel")}\"");
            }
        }
    }

    public static void AssertSafeLink(IElement link, string html)
    {
        // The scheme decides what a click does; a link that is merely malformed after it does no harm.
        var href = link.GetAttribute("href")!;
        Assert.Matches(SafeScheme, href);
        var rel = link.RelTokens();
        Assert.Contains("nofollow", rel);
        Assert.Contains("ugc", rel);
        Assert.Contains("noopener", rel);
    }
}
