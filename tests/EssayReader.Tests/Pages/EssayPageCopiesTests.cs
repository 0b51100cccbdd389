using System.Net;
using System.Net.Http.Headers;
using EssayReader.Pages.Essays;
using EssayReader.Tests.Accounts;
using EssayReader.Tests.Annotations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;

namespace EssayReader.Tests.Pages;

/// <summary>
/// The anonymous essay page sent from the bytes last sent (<see cref="EssayPageCopies"/>), before the
/// output cache. That a response came from such a copy is told by taking the output cache's own copy
/// away (evicting its store) after the copy was taken: a request answered while the page's handler
/// did not run (<see cref="PageRenderCount"/>) was then answered from the copy. Everything the copy
/// must not change (a fresh page after a change, nothing for a signed-in reader) is also checked through
/// it by <see cref="AnonymousPageCacheTests"/>, whose requests go through it as every request does.
/// </summary>
public sealed class EssayPageCopiesTests
{
    private const string Slug = EssayReaderFactory.EssaySlug;
    private static readonly string EssayPath = HtmlPages.EssayPath(Slug);

    [Fact]
    public async Task ThePageIsSentFromItsCopyByteForByteWithTheSameHeaders()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        using var made = await factory.CreateClient().GetAsync(EssayPath);
        await EvictOutputCacheAsync(factory);

        using var copied = await factory.CreateClient().GetAsync(EssayPath);

        Assert.Equal(1, renders.Essay);
        Assert.Equal(1, factory.Services.GetRequiredService<EssayPageCopies>().Count);
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
        var body = await made.Content.ReadAsByteArrayAsync();
        Assert.Equal(body, await copied.Content.ReadAsByteArrayAsync());
        Assert.Equal(body.Length, copied.Content.Headers.ContentLength);
        Assert.Equal(HeadersOf(made), HeadersOf(copied));
        Assert.NotNull(copied.Headers.Age);
        Assert.True(copied.Headers.Age < EssayPageCache.Expiration);
    }

    [Fact]
    public async Task AHeadRequestGetsTheCopysHeadersAndNoBody()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        using var made = await factory.CreateClient().GetAsync(EssayPath);
        await EvictOutputCacheAsync(factory);

        using var head = await factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, EssayPath));

        Assert.Equal(1, renders.Essay);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal((await made.Content.ReadAsByteArrayAsync()).Length, head.Content.Headers.ContentLength);
        Assert.Equal(made.Headers.ETag, head.Headers.ETag);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("*")]
    public async Task TheCopysETagIsAnsweredNotModified(string ifNoneMatch)
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        using var made = await factory.CreateClient().GetAsync(EssayPath);
        await EvictOutputCacheAsync(factory);

        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, made.Headers.ETag));
        using var revalidated = await factory.CreateClient().SendAsync(request);

        Assert.Equal(1, renders.Essay);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Equal(made.Headers.ETag, revalidated.Headers.ETag);
        Assert.Equal("no-cache", revalidated.Headers.CacheControl?.ToString());
        Assert.Equal(Header(made, "Content-Security-Policy"), Header(revalidated, "Content-Security-Policy"));
        Assert.Null(revalidated.Content.Headers.ContentType);
    }

    [Fact]
    public async Task AnotherETagGetsTheWholePageFromTheCopy()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        using var made = await factory.CreateClient().GetAsync(EssayPath);
        await EvictOutputCacheAsync(factory);

        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-page\""));
        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(1, renders.Essay);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await made.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task EachHostGetsItsOwnCopyWithItsOwnCanonicalAddress()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var client = factory.CreateClient();

        foreach (var host in new[] { "one.example", "two.example", "one.example", "two.example" })
        {
            var page = await GetPageForHostAsync(client, host);
            Assert.Equal($"http://{host}{EssayPath}", page.QuerySelector("link[rel='canonical']")?.GetAttribute("href"));
        }

        Assert.Equal(2, renders.Essay);
        Assert.Equal(2, factory.Services.GetRequiredService<EssayPageCopies>().Count);
    }

    [Fact]
    public async Task MadeUpHostsCannotGrowTheCopiesPastTheirLimitAndEachStillGetsItsOwnPage()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();

        for (var i = 0; i < EssayPageCopies.MaxCopies + 10; i++)
        {
            var host = $"host{i}.example";
            var page = await GetPageForHostAsync(client, host);
            Assert.Equal($"http://{host}{EssayPath}", page.QuerySelector("link[rel='canonical']")?.GetAttribute("href"));
        }

        Assert.Equal(EssayPageCopies.MaxCopies, factory.Services.GetRequiredService<EssayPageCopies>().Count);
        var last = await GetPageForHostAsync(client, $"host{EssayPageCopies.MaxCopies + 9}.example");
        Assert.Equal($"http://host{EssayPageCopies.MaxCopies + 9}.example{EssayPath}", last.QuerySelector("link[rel='canonical']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task ACopyIsNotSentOnceItHasExpired()
    {
        var clock = new ManualClock();
        await using var factory = new EssayReaderFactory { Clock = clock };
        using var renders = new PageRenderCount(factory);
        await factory.CreateClient().GetPageAsync(EssayPath);
        await EvictOutputCacheAsync(factory);
        await factory.CreateClient().GetPageAsync(EssayPath);
        Assert.Equal(1, renders.Essay);

        clock.Advance(EssayPageCache.Expiration);
        await factory.CreateClient().GetPageAsync(EssayPath);

        Assert.Equal(2, renders.Essay);
    }

    [Fact]
    public async Task ASignedInReadersPageIsNeverCopiedNorAnsweredFromACopy()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var ada = await factory.SignInNewReaderAsync("Ada Lovelace");
        var copies = factory.Services.GetRequiredService<EssayPageCopies>();

        var first = await ada.Client.GetPageAsync(EssayPath);
        Assert.Equal(0, copies.Count);
        await factory.CreateClient().GetPageAsync(EssayPath);
        await EvictOutputCacheAsync(factory);
        var second = await ada.Client.GetPageAsync(EssayPath);

        Assert.Equal(3, renders.Essay);
        Assert.Equal("Ada Lovelace", first.SignedInName());
        Assert.Equal("Ada Lovelace", second.SignedInName());
    }

    [Theory]
    [InlineData("/essays/no-such-essay", HttpStatusCode.NotFound)]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely?utm_source=feed", HttpStatusCode.OK)]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely/", HttpStatusCode.OK)]
    [InlineData("/essays/Why-A-Moscow-Beijing-Axis-Is-Unlikely", HttpStatusCode.MovedPermanently)]
    public async Task OnlyTheEssaysOwnAddressIsCopied(string path, HttpStatusCode status)
    {
        await using var factory = new EssayReaderFactory();

        using var response = await factory.CreateClientWithoutRedirects().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(0, factory.Services.GetRequiredService<EssayPageCopies>().Count);
    }

    [Fact]
    public async Task ARangeRequestIsLeftToThePipeline()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        await factory.CreateClient().GetPageAsync(EssayPath);
        await EvictOutputCacheAsync(factory);

        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(2, renders.Essay);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // The output cache's copies gone from its store; the bytes copies stay (only EssayPageCache evicts them).
    private static async Task EvictOutputCacheAsync(EssayReaderFactory factory) =>
        await factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(EssayPageCache.Tag(Slug), CancellationToken.None);

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> GetPageForHostAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseHtmlAsync();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    // Every header but those that belong to one response: its date, its age, and its length (a page made
    // afresh is sent in chunks; a copy says its length, checked on its own).
    private static List<string> HeadersOf(HttpResponseMessage response) =>
    [
        .. response.Headers.Concat(response.Content.Headers)
            .Where(header => header.Key is not ("Date" or "Age" or "Content-Length"))
            .Select(header => $"{header.Key}: {string.Join(", ", header.Value)}")
            .Order(StringComparer.Ordinal),
    ];
}
