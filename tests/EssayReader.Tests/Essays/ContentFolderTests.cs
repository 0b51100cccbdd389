using System.Net;

namespace EssayReader.Tests.Essays;

/// <summary>The running site follows its content folder: edits, new files and broken files. Each test has its own host and folder.</summary>
public sealed class ContentFolderTests
{
    private static readonly string EssayPath = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

    [Fact]
    public async Task AnEditedEssayShowsOnALaterRequestWithoutARestart()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();
        var before = await client.GetPageAsync(EssayPath);
        const string Added = "A paragraph added while the site runs.";
        Assert.DoesNotContain(before.EssayRoot().QuerySelectorAll("p"), p => p.TextContent == Added);

        var file = factory.EssayFile(EssayReaderFactory.EssaySlug);
        var markdown = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, markdown.Replace("\n## Russia’s Eastern Intrigue", $"\n{Added}\n\n## Russia’s Eastern Intrigue", StringComparison.Ordinal));

        // An editor's write is not atomic: a request may meet the file half written, so only a whole page counts.
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(EssayPath);
            return response.StatusCode == HttpStatusCode.OK
                && (await response.ParseHtmlAsync()).EssayRoot().QuerySelectorAll("p").Any(p => p.TextContent == Added);
        }), "the edit did not show within the timeout");
    }

    [Fact]
    public async Task AChangedFileGetsANewEtag()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();
        using var first = await client.GetAsync(EssayPath);
        var oldEtag = first.Headers.ETag;
        Assert.NotNull(oldEtag);

        var file = factory.EssayFile(EssayReaderFactory.EssaySlug);
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("Hedging but not Colluding", "Hedging, not Colluding", StringComparison.Ordinal));

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
            request.Headers.IfNoneMatch.Add(oldEtag);
            using var response = await client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK
                && response.Headers.ETag is { } newEtag
                && newEtag.Tag != oldEtag.Tag;
        }), "the old ETag still matched after the file changed");
    }

    [Fact]
    public async Task AnAddedEssayAppearsOnTheHomePageNewestFirst()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();
        await client.GetPageAsync("/");

        TestEssay.Write(factory.ContentPath, "an-added-essay", TestEssay.Markdown(title: "An Added Essay", published: "2099-01-01"));

        Assert.True(await Eventually.TrueAsync(async () =>
            (await client.GetPageAsync("/")).QuerySelector("main a[href='/essays/an-added-essay']") is not null),
            "the new essay did not appear on the home page within the timeout");
        var home = await client.GetPageAsync("/");
        var links = home.QuerySelectorAll("main a[href^='/essays/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.True(links.IndexOf("/essays/an-added-essay") < links.IndexOf(EssayPath), "the newer essay is not listed first");
        var page = await client.GetPageAsync("/essays/an-added-essay");
        Assert.Equal("An Added Essay", page.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task ARemovedEssayIsNoLongerServed()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();
        TestEssay.Write(factory.ContentPath, "short-lived", TestEssay.Markdown());
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/essays/short-lived")).StatusCode == HttpStatusCode.OK));

        File.Delete(factory.EssayFile("short-lived"));

        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/essays/short-lived")).StatusCode == HttpStatusCode.NotFound),
            "the removed essay was still served after the timeout");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(EssayPath)).StatusCode);
    }
}
