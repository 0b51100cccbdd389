using System.Globalization;
using AngleSharp.Dom;
using EssayReader.Tests.Fixtures;

namespace EssayReader.Tests.Pages;

public sealed class HomePageTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private readonly OriginalEssay _original = OriginalEssay.Load();

    [Fact]
    public async Task HomePageListsTheEssayWithItsTitleAuthorDateSummaryAndReadingTime()
    {
        var client = factory.CreateClient();
        var essayPath = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);
        var essayPage = await client.GetPageAsync(essayPath);
        var summary = essayPage.Head!.QuerySelector("meta[name='description']")?.GetAttribute("content");
        Assert.False(string.IsNullOrWhiteSpace(summary));

        var home = await client.GetPageAsync("/");

        var link = Assert.Single(home.QuerySelectorAll($"main a[href='{essayPath}']"));
        Assert.Equal(_original.Title, link.TextContent.Trim());
        var card = link.Closest("li, article");
        Assert.NotNull(card);
        Assert.Contains(card.QuerySelectorAll("*"), e => e.TextContent.Trim() == _original.Author);
        Assert.Contains(card.QuerySelectorAll("*"), e => e.TextContent.Trim() == summary);
        var date = Assert.Single(card.QuerySelectorAll("time[datetime]"));
        Assert.Equal(_original.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), date.GetAttribute("datetime"));
        Assert.Equal(ReadingTime(essayPage.QuerySelector("article")!), ReadingTime(card));
    }

    [Fact]
    public async Task HomePageHasACanonicalLinkAndAMainLandmark()
    {
        var home = await factory.CreateClient().GetPageAsync("/");

        Assert.Single(home.Head!.QuerySelectorAll("link[rel='canonical']"));
        Assert.Single(home.QuerySelectorAll("main#main"));
        Assert.Equal("#main", home.Body!.QuerySelector("a[href]")?.GetAttribute("href"));
    }

    // The text of the one element that reads like "8 min read".
    private static string ReadingTime(IElement container) =>
        Assert.Single(container.QuerySelectorAll("*"), e => e.Children.Length == 0 && e.TextContent.Trim().EndsWith("min read", StringComparison.Ordinal))
            .TextContent.Trim();
}
