using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// What "no active content" means for a comment's HTML, checked on the parsed tree as a browser would
/// build it: only the harmless elements Markdown makes, no event handler or style attributes, and
/// links only to http, https and mailto, each marked as user content.
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

    public static void AssertNoActiveContent(string html)
    {
        var document = HtmlPages.Parse(html);
        foreach (var element in document.QuerySelectorAll("*"))
        {
            Assert.True(AllowedElements.Contains(element.LocalName), $"<{element.LocalName}> in {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} in {html}");
                Assert.True(AllowedAttributes.Contains(attribute.Name), $"attribute {attribute.Name} in {html}");
            }
        }

        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, svg, math, style, form, input, base, link, meta"));
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            AssertSafeLink(link, html);
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
