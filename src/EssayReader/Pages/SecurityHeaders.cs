using System.Security.Cryptography;
using System.Text;

namespace EssayReader.Pages;

/// <summary>
/// The headers every response carries (pages, cached pages, static files, the API, errors), which
/// tell the browser to hold the site to what it is: pages that run only the site's own script files.
/// Set as the response starts, so that an error page made after the response was cleared has them
/// too; a policy an endpoint has set itself is left as it is.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// How Markdig writes the alignment of a pipe table's column (<c>|:--|--:|</c>) on each cell: the
    /// only inline styles the site makes. Each is allowed by its hash; no other style attribute is.
    /// </summary>
    public static readonly IReadOnlyList<string> TableAlignmentStyles = ["text-align: left;", "text-align: center;", "text-align: right;"];

    /// <summary>
    /// Script only from the site's own files (the page's modules and theme-init.js; JSON-LD is data,
    /// not script), so that HTML slipped into a page runs nothing: no inline script, no event handler
    /// attributes, no <c>javascript:</c> addresses. Styles from the site's stylesheets, plus the three
    /// table alignments. No plugins, no <c>&lt;base&gt;</c> (the pages use none, and one would move
    /// every relative address), forms post only to the site, and no other site may frame a page
    /// (clickjacking). Everything else (fetches, images, fonts) from the site itself.
    /// </summary>
    public static readonly string ContentSecurityPolicy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        $"style-src-attr 'unsafe-hashes' {string.Join(' ', TableAlignmentStyles.Select(HashSource))}",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'");

    /// <summary>
    /// Notes link to sources on other sites (and their archived copies): those sites learn that a
    /// reader came from here (the origin), never which essay or page (the path), and nothing at all
    /// over plain http. Within the site the full address is kept.
    /// </summary>
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
            // What a response says it is, it is: no script or style sniffed out of a comment's text.
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", ReferrerPolicy);
            // frame-ancestors for browsers that predate it. Antiforgery sets SAMEORIGIN on every response
            // that hands out a token; no page of the site is framed, by itself or anyone.
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    private static string HashSource(string inline) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";
}
