using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace EssayReader.Pages;

/// <summary>
/// The headers every response carries (pages, cached pages, static files, the API, errors), which
/// tell the browser to hold the site to what it is: pages that run only the site's own script files.
/// Set as the response starts, so that an error page made after the response was cleared has them
/// too; a policy an endpoint has set itself is left as it is.
/// <para>
/// HSTS is here too rather than in ASP.NET Core's middleware, which sets it as the request arrives:
/// the exception handler clears a failed response's headers, and the API's error answer (written by
/// its exception handler, not by running the pipeline again) went out without it. Outside Development
/// only (a developer's browser would otherwise insist on https for localhost), over https only, not
/// for the hosts <see cref="HstsOptions.ExcludedHosts"/> names (localhost), with its max-age.
/// </para>
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

    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app)
    {
        (string Value, IList<string> ExcludedHosts)? hsts = app.Environment.IsDevelopment() ? null : Hsts(app.Services.GetRequiredService<IOptions<HstsOptions>>().Value);
        // One delegate for the app, handed each request's context: nothing allocated per request.
        Func<object, Task> add = state => Add((HttpContext)state, hsts);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(add, context);
            return next(context);
        });
    }

    private static Task Add(HttpContext context, (string Value, IList<string> ExcludedHosts)? hsts)
    {
        var headers = context.Response.Headers;
        headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
        // What a response says it is, it is: no script or style sniffed out of a comment's text.
        headers.TryAdd("X-Content-Type-Options", "nosniff");
        headers.TryAdd("Referrer-Policy", ReferrerPolicy);
        // frame-ancestors for browsers that predate it. Antiforgery sets SAMEORIGIN on every response
        // that hands out a token; no page of the site is framed, by itself or anyone.
        headers.XFrameOptions = "DENY";
        if (hsts is { } strict && context.Request.IsHttps
            && !strict.ExcludedHosts.Contains(context.Request.Host.Host, StringComparer.OrdinalIgnoreCase))
        {
            headers.StrictTransportSecurity = strict.Value;
        }

        return Task.CompletedTask;
    }

    private static (string Value, IList<string> ExcludedHosts) Hsts(HstsOptions options) =>
        ($"max-age={(long)options.MaxAge.TotalSeconds}{(options.IncludeSubDomains ? "; includeSubDomains" : "")}{(options.Preload ? "; preload" : "")}",
            options.ExcludedHosts);

    private static string HashSource(string inline) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";
}
