using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;

namespace EssayReader.Annotations;

/// <summary>
/// Turns a reader's Markdown into HTML that is safe to show to every other reader, once, on save.
/// Markdig is not a sanitizer: raw HTML is disabled in the pipeline and the output still goes
/// through an allow-list sanitizer, links keep only http, https and mailto, and every link is
/// marked as user content (rel "nofollow ugc noopener noreferrer").
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

    private static bool IsAbsoluteWithAllowedScheme(string? url) =>
        url is not null
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" or "mailto";

    public string ToSafeHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)).Trim();
}
