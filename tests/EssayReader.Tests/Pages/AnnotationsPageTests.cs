using System.Globalization;
using System.Net;
using EssayReader.Annotations;
using EssayReader.Pages.Essays;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;

namespace EssayReader.Tests.Pages;

/// <summary>
/// <c>/essays/{slug}/annotations</c>: every thread a reader may see, in text order, a page at a time;
/// and the essay page's list for readers without script, which shows the first and links to it.
/// Each test owns a fresh database, since what it checks depends on every row a reader may see.
/// </summary>
public sealed class AnnotationsPageTests
{
    private const string Slug = EssayReaderFactory.EssaySlug;
    private static readonly string ListPath = $"/essays/{Slug}/annotations";

    [Fact]
    public async Task EveryThreadIsListedInTextOrderAPageAtATime()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var rows = await InsertAsync(factory, reader.Reader.Id, AnnotationsModel.PageSize + 50, Visibility.Private);

        var first = await reader.Client.GetPageAsync(ListPath);
        var nextHref = Assert.Single(first.QuerySelectorAll("nav.pager a[rel=next]")).GetAttribute("href")!;
        var second = await reader.Client.GetPageAsync(nextHref);

        Assert.Equal(AnnotationsModel.PageSize, Cards(first).Count);
        Assert.Empty(second.QuerySelectorAll("nav.pager a[rel=next]"));
        Assert.Equal(ListPath, Assert.Single(second.QuerySelectorAll("nav.pager a[rel=prev]")).GetAttribute("href"));
        var listed = Cards(first).Concat(Cards(second)).ToList();
        var inTextOrder = rows.OrderBy(r => r.Target.Start).ThenBy(r => r.Target.End).ToList();
        Assert.Equal(inTextOrder.Select(r => $"comment-{r.Id}"), listed.Select(c => c.Id));
        Assert.Equal(inTextOrder.Select(r => r.Target.Exact), listed.Select(c => c.QuerySelector(".card-quote")!.TextContent));
        Assert.All(listed.Zip(inTextOrder), pair =>
            Assert.Equal($"/essays/{Slug}#annotation-{pair.Second.Id}", pair.First.QuerySelector("a.card-quote")!.GetAttribute("href")));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=2")]
    [InlineData("?page=-1")]
    public async Task APageThatIsNotThereIsNotFound(string query)
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        await InsertAsync(factory, reader.Reader.Id, 3, Visibility.Private);

        using var response = await reader.Client.GetAsync(ListPath + query);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownEssayIsNotFound()
    {
        await using var factory = new EssayReaderFactory();

        using var response = await factory.CreateClient().GetAsync("/essays/no-such-essay/annotations");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnotherReadersPrivateAnnotationsAreNotListedButTheirPublicOnesAre()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var other = await factory.SignInNewReaderAsync();
        var hidden = await InsertAsync(factory, other.Reader.Id, 2, Visibility.Private);
        var shown = await InsertAsync(factory, other.Reader.Id, 2, Visibility.Public);

        var page = await reader.Client.GetPageAsync(ListPath);
        var anonymous = await factory.CreateClient().GetPageAsync(ListPath);

        Assert.Equal(shown.Select(r => $"comment-{r.Id}").Order(), Cards(page).Select(c => c.Id!).Order());
        Assert.Equal(shown.Select(r => $"comment-{r.Id}").Order(), Cards(anonymous).Select(c => c.Id!).Order());
        Assert.DoesNotContain(hidden, r => page.GetElementById($"comment-{r.Id}") is not null);
    }

    [Fact]
    public async Task TheEssayPageListsTheFirstThreadsWithoutScriptAndLinksToTheRest()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var rows = await InsertAsync(factory, reader.Reader.Id, ReadModel.StaticThreadsShown + 10, Visibility.Private);

        var page = await reader.Client.GetPageAsync(HtmlPages.EssayPath(Slug));

        var list = Assert.Single(page.QuerySelectorAll("noscript .annotations-static"));
        Assert.Equal($"Annotations ({rows.Count})", list.QuerySelector("h2")!.TextContent);
        var cards = list.QuerySelectorAll(".annotation-card");
        Assert.Equal(rows.OrderBy(r => r.Target.Start).ThenBy(r => r.Target.End).Take(ReadModel.StaticThreadsShown).Select(r => $"comment-{r.Id}"), cards.Select(c => c.Id));
        var more = Assert.Single(list.QuerySelectorAll($"a[href='{ListPath}']"));
        Assert.Equal($"All {rows.Count} annotations", more.TextContent);
        // The script shows the same count before it has fetched any annotation.
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), page.QuerySelector("[data-essay-root]")!.GetAttribute("data-annotation-count"));
    }

    [Fact]
    public async Task WithoutAnnotationsThePageSaysHowToMakeOne()
    {
        await using var factory = new EssayReaderFactory();

        var page = await factory.CreateClient().GetPageAsync(ListPath);

        Assert.Empty(Cards(page));
        Assert.Contains("No annotations yet", page.QuerySelector(".annotations-page")!.TextContent, StringComparison.Ordinal);
    }

    private static List<AngleSharp.Dom.IElement> Cards(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll(".annotations-page .annotation-card")];

    /// <summary>Highlights of 5 to 40 characters at scattered places, inserted out of text order.</summary>
    private static async Task<List<Annotation>> InsertAsync(EssayReaderFactory factory, string ownerId, int count, Visibility visibility)
    {
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var random = new Random(count);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var start = random.Next(essay.Text.Length - 50);
            return AnnotationRows.Highlight(essay, ownerId, start, start + 5 + random.Next(35), visibility);
        }).ToList();
        await using var scope = factory.CreateDbContext();
        scope.Db.Annotations.AddRange(rows);
        await scope.Db.SaveChangesAsync();
        return rows;
    }
}
