using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace EssayReader.Tests;

/// <summary>Fetches pages and parses them with an HTML5 parser, as a browser would; tests never grep HTML as text.</summary>
internal static class HtmlPages
{
    public static string EssayPath(string slug) => $"/essays/{slug}";

    /// <summary>GETs <paramref name="path"/>, checks it answered 200 with HTML, and parses it.</summary>
    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseHtmlAsync();
    }

    public static async Task<IHtmlDocument> ParseHtmlAsync(this HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The one <c>data-essay-root</c> element of an essay page.</summary>
    public static IElement EssayRoot(this IDocument document) => Assert.Single(document.QuerySelectorAll("[data-essay-root]"));

    /// <summary>The tokens of an element's <c>rel</c> attribute.</summary>
    public static IReadOnlyList<string> RelTokens(this IElement element) =>
        (element.GetAttribute("rel") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
