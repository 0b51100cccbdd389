using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using EssayReader.Annotations;
using EssayReader.Pages.Essays;
using EssayReader.Tests.Accounts;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Pages;

/// <summary>
/// Anonymous readers get the essay page and its annotations list from the output cache, and never a
/// copy older than what it shows: every change to the annotations or to the essay's file is on the
/// next anonymous request. Whether a request was answered from the cache is told by the app's count
/// of page handler runs (<see cref="PageRenderCount"/>). Each test owns its host, since the cache is
/// the host's.
/// </summary>
public sealed class AnonymousPageCacheTests
{
    private const string Slug = EssayReaderFactory.EssaySlug;
    private const string Phrase = "Russo-Sino relations have long been difficult.";
    private const string OtherPhrase = "the Sino-Soviet spilt initiated by Nikita Khrushchev and Mao Zedong";
    private static readonly string EssayPath = HtmlPages.EssayPath(Slug);
    private static readonly string ListPath = $"/essays/{Slug}/annotations";

    [Fact]
    public async Task TheSecondAnonymousReaderOfAnEssayIsAnsweredFromTheCache()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);

        using var first = await factory.CreateClient().GetAsync(EssayPath);
        using var second = await factory.CreateClient().GetAsync(EssayPath);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, renders.Essay);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("text/html", second.Content.Headers.ContentType?.MediaType);
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
    }

    [Fact]
    public async Task TheAnnotationsListIsAnsweredFromTheCachePageByPage()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var owner = await factory.CreateReaderAsync();
        await InsertPublicHighlightsAsync(factory, owner.Id, AnnotationsModel.PageSize + 5);
        var client = factory.CreateClient();

        var first = await client.GetPageAsync(ListPath);
        var second = await client.GetPageAsync(ListPath + "?page=2");
        var firstAgain = await client.GetPageAsync(ListPath);
        var secondAgain = await client.GetPageAsync(ListPath + "?page=2");

        Assert.Equal(2, renders.Annotations);
        Assert.Equal(AnnotationsModel.PageSize, Cards(first).Count);
        Assert.Equal(5, Cards(second).Count);
        Assert.Equal(Cards(first), Cards(firstAgain));
        Assert.Equal(Cards(second), Cards(secondAgain));
    }

    [Theory]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely?utm_source=feed")]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely/annotations?page=one")]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely/annotations?page=01")]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely/annotations?page=1&sort=new")]
    public async Task AnAddressWithAQueryThePageDoesNotTakeIsMadeEveryTimeSoItCannotFillTheCache(string path)
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);

        await factory.CreateClient().GetPageAsync(path);
        await factory.CreateClient().GetPageAsync(path);

        Assert.Equal(2, renders.Essay + renders.Annotations);
    }

    [Fact]
    public async Task ANewPublicCommentIsOnTheNextAnonymousRequestOfBothPages()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        await CacheBothPagesAsync(factory, renders);

        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Worth a second look.", visibility: "public")));

        var page = await factory.CreateClient().GetPageAsync(EssayPath);
        Assert.Equal(Phrase, MarkedText(page, id));
        Assert.Equal("Worth a second look.", CardBody(page, id));
        Assert.Equal("Worth a second look.", CardBody(await factory.CreateClient().GetPageAsync(ListPath), id));
    }

    [Fact]
    public async Task AnEditedPublicCommentShowsItsNewWordsToTheNextAnonymousReader()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "First thought.", visibility: "public")));
        await CacheBothPagesAsync(factory, renders);

        await PatchAsync(ada, id, new JsonObject { ["body"] = AnnotationRequests.Body("Second thought.") });

        Assert.Equal("Second thought.", CardBody(await factory.CreateClient().GetPageAsync(EssayPath), id));
        Assert.Equal("Second thought.", CardBody(await factory.CreateClient().GetPageAsync(ListPath), id));
    }

    [Fact]
    public async Task AReattachedPublicCommentMovesForTheNextAnonymousReader()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        await CacheBothPagesAsync(factory, renders);

        var elsewhere = essay.IndexOf(OtherPhrase);
        await PatchAsync(ada, id, new JsonObject { ["target"] = AnnotationRequests.Target(essay, elsewhere, elsewhere + OtherPhrase.Length) });

        Assert.Equal(OtherPhrase, MarkedText(await factory.CreateClient().GetPageAsync(EssayPath), id));
        var card = (await factory.CreateClient().GetPageAsync(ListPath)).GetElementById($"comment-{id}");
        Assert.Equal(OtherPhrase, card?.QuerySelector(".card-quote")?.TextContent);
    }

    [Fact]
    public async Task AReplyToAPublicCommentIsOnTheNextAnonymousRequest()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var bob = await factory.SignInNewReaderAsync();
        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        await CacheBothPagesAsync(factory, renders);

        await bob.Client.ReplyAsync(id, "I read it otherwise.");

        foreach (var path in new[] { EssayPath, ListPath })
        {
            var card = (await factory.CreateClient().GetPageAsync(path)).GetElementById($"comment-{id}");
            Assert.Equal(["I read it otherwise."], card!.QuerySelectorAll(".card-replies .card-body").Select(b => b.TextContent.Trim()));
        }
    }

    [Fact]
    public async Task ACommentMadePrivateLeavesTheNextAnonymousRequest()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        await CacheBothPagesAsync(factory, renders);
        Assert.True(await IsSeenAnonymouslyAsync(factory, id));

        await PatchAsync(ada, id, new JsonObject { ["visibility"] = "private" });

        Assert.False(await IsSeenAnonymouslyAsync(factory, id));
    }

    [Fact]
    public async Task AHighlightMadePublicIsOnTheNextAnonymousRequest()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private")));
        await CacheBothPagesAsync(factory, renders);
        Assert.False(await IsSeenAnonymouslyAsync(factory, id));

        await PatchAsync(ada, id, new JsonObject { ["visibility"] = "public" });

        Assert.True(await IsSeenAnonymouslyAsync(factory, id));
    }

    [Fact]
    public async Task ADeletedPublicCommentLeavesTheNextAnonymousRequest()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var id = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        await CacheBothPagesAsync(factory, renders);

        using var deleted = await ada.Client.DeleteAsync(AnnotationPath(id));
        await AssertStatusAsync(HttpStatusCode.NoContent, deleted);

        Assert.False(await IsSeenAnonymouslyAsync(factory, id));
    }

    [Fact]
    public async Task PrivateAnnotationsMadeChangedAndDeletedLeaveAnonymousReadersCopiesInPlace()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var shared = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Shared.", visibility: "public")));
        await CacheBothPagesAsync(factory, renders);

        var highlight = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Highlight(essay, OtherPhrase, visibility: "private")));
        var note = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Mine.", visibility: "private")));
        var reply = IdOf(await ada.Client.ReplyAsync(note));
        await PatchAsync(ada, note, new JsonObject { ["body"] = AnnotationRequests.Body("Still mine.") });
        await PatchAsync(ada, highlight, new JsonObject { ["color"] = "green" });
        using (var deleted = await ada.Client.DeleteAsync(AnnotationPath(reply)))
        {
            await AssertStatusAsync(HttpStatusCode.NoContent, deleted);
        }

        var (essayRenders, listRenders) = (renders.Essay, renders.Annotations);
        Assert.True(await IsSeenAnonymouslyAsync(factory, shared));
        Assert.False(await IsSeenAnonymouslyAsync(factory, note));
        Assert.Equal((essayRenders, listRenders), (renders.Essay, renders.Annotations));
        // The owner's own page is made for them, and shows what they did.
        var own = await ada.Client.GetPageAsync(EssayPath);
        Assert.NotNull(MarkedText(own, highlight));
        Assert.NotNull(own.GetElementById($"comment-{note}"));
    }

    [Fact]
    public async Task AnEditedEssayFileShowsItsNewTextToTheNextAnonymousReader()
    {
        const string Added = "A sentence the author added after the page was cached.";
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var client = factory.CreateClient();
        var before = await CanonicalEssay.GetAsync(client);
        await CacheBothPagesAsync(factory, renders);

        var file = factory.EssayFile(Slug);
        var markdown = await File.ReadAllTextAsync(file);
        await EssayReaderFactory.SaveEssayFileAsync(file, markdown.Replace("Many experts have claimed", Added + " Many experts have claimed", StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(async () => (await CanonicalEssay.GetAsync(client)).Version != before.Version), "the edit is served");
        var after = await CanonicalEssay.GetAsync(client);

        // No waiting for the page: once the catalogue serves the new version, so does the very next page.
        var root = (await factory.CreateClient().GetPageAsync(EssayPath)).EssayRoot();
        Assert.Equal(after.Version, root.GetAttribute("data-essay-version"));
        Assert.Contains(Added, root.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedInReaderIsNeverServedTheAnonymousCopyAndHerPrivateHighlightNeverReachesIt()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var ada = await factory.SignInNewReaderAsync("Ada Lovelace");
        var essay = await CanonicalEssay.GetAsync(ada.Client);
        var mine = IdOf(await ada.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private")));
        var anonymous = factory.CreateClient();
        await anonymous.GetPageAsync(EssayPath);
        await anonymous.GetPageAsync(EssayPath);
        var cached = renders.Essay;
        Assert.Equal(1, cached);

        var first = await ada.Client.GetPageAsync(EssayPath);
        var second = await ada.Client.GetPageAsync(EssayPath);
        var anonymousAfter = await anonymous.GetPageAsync(EssayPath);

        // Made for her both times, with her name and her highlight; never stored for anyone else.
        Assert.Equal(cached + 2, renders.Essay);
        Assert.Equal("Ada Lovelace", first.SignedInName());
        Assert.Equal("Ada Lovelace", second.SignedInName());
        Assert.Equal(Phrase, MarkedText(second, mine));
        Assert.True(anonymousAfter.ShowsSignedOut());
        Assert.Null(MarkedText(anonymousAfter, mine));
        Assert.Null(anonymousAfter.GetElementById($"comment-{mine}"));
    }

    [Fact]
    public async Task TheAnonymousPageCarriesNoAntiforgeryTokenAndSetsNoCookieFromTheCacheEither()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var ada = await factory.SignInNewReaderAsync();

        using var made = await factory.CreateClient().GetAsync(EssayPath);
        using var cached = await factory.CreateClient().GetAsync(EssayPath);
        Assert.Equal(1, renders.Essay);
        var hers = await ada.Client.GetPageAsync(EssayPath);

        foreach (var response in new[] { made, cached })
        {
            Assert.False(response.Headers.Contains("Set-Cookie"));
            Assert.False(response.Headers.CacheControl?.NoStore);
            var page = await response.ParseHtmlAsync();
            Assert.Empty(page.Forms);
            Assert.Empty(page.QuerySelectorAll($"input[name='{AccountPages.AntiforgeryField}']"));
        }

        // The signed-in page does carry one (its sign-out form): the check above can see a token.
        Assert.Single(hers.QuerySelectorAll($"input[name='{AccountPages.AntiforgeryField}']"));
    }

    [Fact]
    public async Task TheCachedPagesEtagIsAnsweredNotModifiedFromTheCacheUntilThePageChanges()
    {
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var (ada, essay) = await ReaderAndEssayAsync(factory);
        var client = factory.CreateClient();
        using var first = await client.GetAsync(EssayPath);
        var etag = first.Headers.ETag!;

        using var revalidated = await GetIfNoneMatchAsync(client, etag);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, revalidated.Headers.ETag);
        Assert.Equal("no-cache", revalidated.Headers.CacheControl?.ToString());
        Assert.Equal(1, renders.Essay);

        await ada.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public"));
        using var changed = await GetIfNoneMatchAsync(client, etag);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        using var revalidatedAgain = await GetIfNoneMatchAsync(client, changed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, revalidatedAgain.StatusCode);
        Assert.Equal(2, renders.Essay);
    }

    [Fact]
    public async Task AfterTheCopyIsGoneTheNextRevalidationMakesAWholePageThatTheCacheKeeps()
    {
        var clock = new ManualClock();
        await using var factory = new EssayReaderFactory { Clock = clock };
        using var renders = new PageRenderCount(factory);
        var client = factory.CreateClient();
        using var first = await client.GetAsync(EssayPath);
        var etag = first.Headers.ETag!;
        // As when the copies expire, nothing on the page changed: the output cache's gone from its store
        // (it keeps its own time), the bytes copy past its age (EssayPageCopies).
        await factory.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(EssayPageCache.Tag(EssayReaderFactory.EssaySlug), CancellationToken.None);
        clock.Advance(EssayPageCache.Expiration);

        using var remade = await GetIfNoneMatchAsync(client, etag);
        using var revalidated = await GetIfNoneMatchAsync(client, etag);

        Assert.Equal(HttpStatusCode.OK, remade.StatusCode);
        Assert.Equal(etag, remade.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(2, renders.Essay);
    }

    [Fact]
    public async Task ADateAloneNeverRevalidatesThePageFromTheCacheOrOtherwise()
    {
        // The page's one validator is its ETag: it sends no Last-Modified (the file's date says nothing of
        // the annotations). The cache would compare a date with the second its copy was made, which can
        // hold a copy from before a change made within that second: asked by date alone, the whole page.
        await using var factory = new EssayReaderFactory();
        using var renders = new PageRenderCount(factory);
        var client = factory.CreateClient();
        using var first = await client.GetAsync(EssayPath);
        using var cached = await client.GetAsync(EssayPath);
        Assert.Equal(1, renders.Essay);

        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.IfModifiedSince = DateTimeOffset.UtcNow.AddDays(1);
        using var response = await client.SendAsync(request);

        Assert.Null(first.Content.Headers.LastModified);
        Assert.Null(cached.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherSpellingOfACachedEssaysSlugIsStillRedirected()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClientWithoutRedirects();
        await client.GetPageAsync(EssayPath);
        await client.GetPageAsync(EssayPath);

        using var response = await client.GetAsync(EssayPath.Replace("moscow-beijing", "Moscow-Beijing", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(EssayPath, response.Headers.Location?.OriginalString);
    }

    private static async Task<(SignedInReader Reader, CanonicalEssay Essay)> ReaderAndEssayAsync(EssayReaderFactory factory)
    {
        var reader = await factory.SignInNewReaderAsync();
        return (reader, await CanonicalEssay.GetAsync(reader.Client));
    }

    // Both pages fetched twice by anonymous readers, and the second time from the cache: a change after
    // this must evict them to be seen.
    private static async Task CacheBothPagesAsync(EssayReaderFactory factory, PageRenderCount renders)
    {
        var (essay, annotations) = (renders.Essay, renders.Annotations);
        foreach (var path in new[] { EssayPath, EssayPath, ListPath, ListPath })
        {
            await factory.CreateClient().GetPageAsync(path);
        }

        Assert.Equal(essay + 1, renders.Essay);
        Assert.Equal(annotations + 1, renders.Annotations);
    }

    // Whether a fresh anonymous reader sees the annotation, checked on both pages (which must agree).
    private static async Task<bool> IsSeenAnonymouslyAsync(EssayReaderFactory factory, Guid id)
    {
        var page = await factory.CreateClient().GetPageAsync(EssayPath);
        var list = await factory.CreateClient().GetPageAsync(ListPath);
        var onPage = MarkedText(page, id) is not null;
        Assert.Equal(onPage, page.GetElementById($"comment-{id}") is not null);
        Assert.Equal(onPage, list.GetElementById($"comment-{id}") is not null);
        return onPage;
    }

    // The text the page marks for the annotation, or null when it marks none.
    private static string? MarkedText(IHtmlDocument page, Guid id)
    {
        var marks = page.EssayRoot().QuerySelectorAll($"mark[data-annotation-id='{id}']");
        return marks.Length == 0 ? null : string.Concat(marks.Select(m => m.TextContent));
    }

    private static string? CardBody(IHtmlDocument page, Guid id) =>
        page.GetElementById($"comment-{id}")?.QuerySelector(":scope > .card-body")?.TextContent.Trim();

    private static List<string> Cards(IHtmlDocument page) =>
        [.. page.QuerySelectorAll(".annotations-page .annotation-card").Select(c => c.Id!)];

    private static async Task PatchAsync(SignedInReader reader, Guid id, JsonObject change)
    {
        using var response = await reader.Client.PatchJsonAsync(AnnotationPath(id), change);
        await AssertStatusAsync(HttpStatusCode.OK, response);
    }

    private static async Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EssayPath);
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }

    private static async Task InsertPublicHighlightsAsync(EssayReaderFactory factory, string ownerId, int count)
    {
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var random = new Random(count);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var start = random.Next(essay.Text.Length - 50);
            return AnnotationRows.Highlight(essay, ownerId, start, start + 5 + random.Next(35), Visibility.Public);
        }).ToList();
        await using var scope = factory.CreateDbContext();
        scope.Db.Annotations.AddRange(rows);
        await scope.Db.SaveChangesAsync();
    }
}
