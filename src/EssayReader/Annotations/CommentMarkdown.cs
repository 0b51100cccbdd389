using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace EssayReader.Annotations;

/// <summary>
/// Turns a reader's Markdown into HTML that is safe to show to every other reader, once, on save.
/// Markdig is not a sanitizer: raw HTML is disabled in the pipeline and the output still goes
/// through an allow-list sanitizer, links keep only http, https and mailto, and every link is
/// marked as user content (rel "nofollow ugc noopener noreferrer"). Images are shown as links to them.
/// </summary>
public sealed class CommentMarkdown
{
    private const string LinkRel = "nofollow ugc noopener noreferrer";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public CommentMarkdown()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        _sanitizer.KeepChildNodes = true;

        // AllowedSchemes only judges absolute addresses: a relative one ("/account/sign-out",
        // "//elsewhere.example", "#x") would pass, and resolve against whichever page shows the comment.
        _sanitizer.FilterUrl += (_, e) =>
        {
            if (!IsAbsoluteWithAllowedScheme(e.SanitizedUrl))
            {
                e.SanitizedUrl = null;
            }
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IHtmlAnchorElement link)
            {
                link.SetAttribute("rel", LinkRel);
            }
        };
    }

    // A web address with a user name before its host ("https://bank.example@evil.example/") reads as
    // one site and leads to another: it is a phishing trick, never needed in a comment, so it leads nowhere.
    private static bool IsAbsoluteWithAllowedScheme(string? url) =>
        url is not null
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeMailto || (uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0));

    public string ToSafeHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        // The site shows no pictures from elsewhere (its CSP loads images from the site only, and a
        // remote image would tell its host who read the comment, and when): an image becomes a link to
        // it, named by its alt text or, without one, by its address, rather than vanishing.
        foreach (var image in document.Descendants<LinkInline>().Where(link => link.IsImage).ToList())
        {
            image.IsImage = false;
            if (image.FirstChild is null)
            {
                image.AppendChild(new LiteralInline(image.Url ?? string.Empty));
            }
        }

        return _sanitizer.Sanitize(document.ToHtml(Pipeline)).Trim();
    }
}
