using System.Security.Cryptography;
using System.Text;
using EssayReader.Rendering;

namespace EssayReader.Essays;

/// <summary>
/// The one definition of an essay's text that annotations point into (see DESIGN.md): the
/// <c>textContent</c> of the <c>data-essay-root</c> element exactly as a browser builds it from the
/// rendered HTML. AngleSharp follows the HTML5 parsing rules, so the server and the page agree on
/// every character and every UTF-16 offset.
/// </summary>
public static class CanonicalText
{
    /// <summary>The text a browser gets from <c>root.textContent</c> when <paramref name="fragmentHtml"/> is the root's inner HTML.</summary>
    public static string FromHtmlFragment(string fragmentHtml)
    {
        var (document, root) = EssayHtml.ParseAsPage(fragmentHtml);
        using var _ = document;
        return root.TextContent;
    }

    /// <summary>A short, stable fingerprint of a canonical text: the first 16 hex digits of its SHA-256.</summary>
    public static string VersionOf(string canonicalText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)))[..16];
}
