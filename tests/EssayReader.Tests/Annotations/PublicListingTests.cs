using System.Net;
using System.Text.Json;
using EssayReader.Annotations;
using EssayReader.Pages.Essays;
using EssayReader.Tests.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// Listings served from memory (<see cref="PublicAnnotationListing"/>): byte for byte what the database
/// path answers, anonymous or signed in (with the reader's own private annotations merged in), never
/// another reader's private annotation, never older than the last write through the API, and never
/// another site address's links. Each test owns a fresh host, since copies live in the app.
/// </summary>
public sealed class PublicListingTests
{
    [Fact]
    public async Task APageFromMemoryIsByteForByteTheDatabasesAnswer()
    {
        await using var factory = new EssayReaderFactory();
        var author = await factory.SignInNewReaderAsync("An author");
        // A reader with nothing private is served from the database and sees what anonymous readers see.
        var witness = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        // More than two of the chunks a copy is built in (1 000).
        await InsertAsync(factory, essay, author.Id, 2030, Visibility.Public);
        await InsertAsync(factory, essay, author.Id, 40, Visibility.Private);
        var comment = await author.Client.CreateAsync(AnnotationRequests.Comment(essay, "Moscow", "Quoted *emphasis* & <b>tags</b> \"here\"."));
        await witness.Client.ReplyAsync(IdOf(comment), "A reply with a [link](https://example.org/?a=1&b=2).");
        var anonymous = factory.CreateClient();
        using var fromMemory = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.PagesInstrument);

        foreach (var start in new[] { AnnotationsPath(), AnnotationsPath() + "?limit=7", AnnotationsPath() + "?after=0&limit=200", AnnotationsPath() + "?after=99999999" })
        {
            var (anonymousPages, witnessPages) = (await WalkAsync(anonymous, start), await WalkAsync(witness.Client, start));
            Assert.Equal(witnessPages, anonymousPages);
        }

        Assert.True(fromMemory.Total > 0, "no anonymous page came from memory");
        var all = await anonymous.ListAllAsync();
        Assert.Equal(2032, all.Count);
        Assert.All(all, a => Assert.Equal("public", a.GetProperty("visibility").GetString()));
    }

    [Fact]
    public async Task ASignedInReadersPagesMergeTheirOwnPrivateAnnotationsExactlyAsTheDatabaseDoes()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync("A reader");
        var other = await factory.SignInNewReaderAsync("Another");
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        // Interleaved in keyset order: runs of public ones between the reader's private ones.
        for (var round = 0; round < 6; round++)
        {
            await InsertAsync(factory, essay, other.Id, 37, Visibility.Public);
            await InsertAsync(factory, essay, reader.Id, 11, Visibility.Private);
            await InsertAsync(factory, essay, other.Id, 13, Visibility.Private);
            await InsertAsync(factory, essay, reader.Id, 5, Visibility.Public);
        }

        await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, "Moscow", "Mine, *private*.", visibility: "private"));
        using var fromMemory = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.PagesInstrument);
        string[] starts = [AnnotationsPath(), AnnotationsPath() + "?limit=9", AnnotationsPath() + "?limit=1", AnnotationsPath() + "?after=99999999"];
        var merged = new List<List<string>>();
        foreach (var start in starts)
        {
            merged.Add(await WalkAsync(reader.Client, start));
        }

        Assert.True(fromMemory.Total > 0, "no page came from memory");
        factory.Services.GetRequiredService<IOptions<PublicListingOptions>>().Value.Enabled = false;
        var served = fromMemory.Total;
        for (var i = 0; i < starts.Length; i++)
        {
            Assert.Equal(await WalkAsync(reader.Client, starts[i]), merged[i]);
        }

        Assert.Equal(served, fromMemory.Total);
        var all = await reader.Client.ListAllAsync();
        Assert.Equal((6 * (37 + 11 + 5)) + 1, all.Count);
        Assert.DoesNotContain(all, a => a.GetProperty("visibility").GetString() == "private" && a.GetProperty("creator").GetProperty("name").GetString() != "A reader");
    }

    [Fact]
    public async Task EveryWriteThroughTheApiIsListedToAnonymousReadersAtOnce()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var anonymous = factory.CreateClient();
        Assert.Empty(await anonymous.ListIdsAsync());

        var comment = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, "Beijing")));
        Assert.Equal([comment], await anonymous.ListIdsAsync());

        var reply = IdOf(await reader.Client.ReplyAsync(comment));
        Assert.Equal([comment, reply], await anonymous.ListIdsAsync());

        using (var edited = await reader.Client.PatchJsonAsync(AnnotationPath(comment), new System.Text.Json.Nodes.JsonObject { ["body"] = AnnotationRequests.Body("Second thoughts.") }))
        {
            await AssertStatusAsync(HttpStatusCode.OK, edited);
        }

        var listed = await anonymous.ListAllAsync();
        Assert.Equal("Second thoughts.", listed[0].GetProperty("body")[0].GetProperty("value").GetString());

        using (var hidden = await reader.Client.PatchJsonAsync(AnnotationPath(comment), new System.Text.Json.Nodes.JsonObject { ["visibility"] = "private" }))
        {
            await AssertStatusAsync(HttpStatusCode.OK, hidden);
        }

        Assert.Empty(await anonymous.ListIdsAsync());
    }

    [Fact]
    public async Task WhileWritesComeFasterThanRebuildsAnonymousReadersAreServedFromTheDatabase()
    {
        await using var factory = new EssayReaderFactory { Settings = { ["Listing:RebuildInterval"] = "01:00:00" } };
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var anonymous = factory.CreateClient();
        using var fromMemory = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.PagesInstrument);
        using var builds = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.BuildsInstrument);
        var first = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, "Moscow", visibility: "public")));
        Assert.Equal([first], await anonymous.ListIdsAsync());
        Assert.Equal((1, 1), (builds.Total, fromMemory.Total));

        var second = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, "Beijing", visibility: "public")));

        Assert.Equal([first, second], await anonymous.ListIdsAsync());
        Assert.Equal((1, 1), (builds.Total, fromMemory.Total));
    }

    [Fact]
    public async Task AnOutOfDateCopyIsRebuiltOnceItsIntervalHasPassed()
    {
        await using var factory = new EssayReaderFactory { Settings = { ["Listing:RebuildInterval"] = "00:00:00" } };
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var anonymous = factory.CreateClient();
        using var fromMemory = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.PagesInstrument);
        using var builds = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.BuildsInstrument);
        var first = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, "Moscow", visibility: "public")));
        Assert.Equal([first], await anonymous.ListIdsAsync());
        Assert.Equal([first], await anonymous.ListIdsAsync());
        Assert.Equal((1, 2), (builds.Total, fromMemory.Total));

        var second = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, "Beijing", visibility: "public")));

        Assert.Equal([first, second], await anonymous.ListIdsAsync());
        Assert.Equal((2, 3), (builds.Total, fromMemory.Total));
    }

    [Fact]
    public async Task AnExpiredCopyAnswersWhileItsSuccessorIsBuilt()
    {
        var clock = new ManualClock();
        await using var factory = new EssayReaderFactory { Clock = clock };
        var anonymous = factory.CreateClient();
        using var builds = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.BuildsInstrument);
        var (before, outside) = await CopyThenWritesOutsideTheApiAsync(factory, anonymous);

        clock.Advance(EssayPageCache.Expiration);

        // The request that finds the copy expired starts the rebuild and does not wait for it.
        Assert.Equal(before, await anonymous.ListIdsAsync());
        Assert.True(await Eventually.TrueAsync(async () => (await anonymous.ListIdsAsync()).SequenceEqual([.. before, .. outside])));
        Assert.Equal(2, builds.Total);
    }

    [Fact]
    public async Task ACopyTwiceTheExpiryOldIsRebuiltBeforeItAnswers()
    {
        var clock = new ManualClock();
        await using var factory = new EssayReaderFactory { Clock = clock };
        var anonymous = factory.CreateClient();
        using var builds = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.BuildsInstrument);
        var (before, outside) = await CopyThenWritesOutsideTheApiAsync(factory, anonymous);

        clock.Advance(2 * EssayPageCache.Expiration);

        Assert.Equal([.. before, .. outside], await anonymous.ListIdsAsync());
        Assert.Equal(2, builds.Total);
    }

    [Fact]
    public async Task ACopyAnswersOnlyTheSiteAddressItWasBuiltFor()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        await InsertAsync(factory, essay, reader.Id, 3, Visibility.Public);
        var anonymous = factory.CreateClient();

        foreach (var host in new[] { "first.example", "second.example", "first.example" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, AnnotationsPath() + "?limit=2");
            request.Headers.Host = host;
            using var response = await anonymous.SendAsync(request);
            await AssertStatusAsync(HttpStatusCode.OK, response);
            var page = await response.ReadJsonAsync();

            var addresses = page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Append(page.GetProperty("next").GetString()!);
            Assert.All(addresses, address => Assert.StartsWith($"http://{host}/api/", address, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TurnedOffEveryListingComesFromTheDatabase()
    {
        await using var factory = new EssayReaderFactory { Settings = { ["Listing:Enabled"] = "false" } };
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var inserted = await InsertAsync(factory, essay, reader.Id, 5, Visibility.Public);
        using var fromMemory = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.PagesInstrument);

        Assert.Equal(inserted, await factory.CreateClient().ListIdsAsync());
        Assert.Equal(0, fromMemory.Total);
    }

    [Fact]
    public async Task AnEssayWithMorePublicAnnotationsThanTheCapIsListedFromTheDatabase()
    {
        await using var factory = new EssayReaderFactory { Settings = { ["Listing:MaxAnnotations"] = "6", ["Listing:RebuildInterval"] = "00:00:00" } };
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var inserted = await InsertAsync(factory, essay, reader.Id, 6, Visibility.Public);
        using var fromMemory = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.PagesInstrument);
        using var built = new InstrumentCount(factory, PublicAnnotationListing.MeterName, PublicAnnotationListing.BuildsInstrument);
        var anonymous = factory.CreateClient();
        Assert.Equal(inserted, await anonymous.ListIdsAsync());
        Assert.Equal((1, 1), (fromMemory.Total, built.Total));

        var seventh = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, "Beijing", visibility: "public")));

        Assert.Equal([.. inserted, seventh], await anonymous.ListIdsAsync());
        Assert.Equal([.. inserted, seventh], await anonymous.ListIdsAsync());
        Assert.Equal((1, 1), (fromMemory.Total, built.Total));
    }

    // A copy of public annotations (`before`, listed once), then more written outside the API (`outside`),
    // which only the copy's expiry brings in: until then the listing still shows `before` alone.
    private static async Task<(List<Guid> Before, List<Guid> Outside)> CopyThenWritesOutsideTheApiAsync(EssayReaderFactory factory, HttpClient anonymous)
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var before = await InsertAsync(factory, essay, reader.Id, 3, Visibility.Public);
        Assert.Equal(before, await anonymous.ListIdsAsync());
        var outside = await InsertAsync(factory, essay, reader.Id, 2, Visibility.Public);
        Assert.Equal(before, await anonymous.ListIdsAsync());
        return (before, outside);
    }

    // Every page's raw bytes from `start`, following `next`.
    private static async Task<List<string>> WalkAsync(HttpClient client, string start)
    {
        var pages = new List<string>();
        string? next = start;
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            await AssertStatusAsync(HttpStatusCode.OK, response);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            var body = await response.Content.ReadAsStringAsync();
            pages.Add(body);
            using var page = JsonDocument.Parse(body);
            next = page.RootElement.GetProperty("next").GetString();
        }

        return pages;
    }

    private static async Task<List<Guid>> InsertAsync(EssayReaderFactory factory, CanonicalEssay essay, string ownerId, int count, Visibility visibility)
    {
        var rows = Enumerable.Range(0, count)
            .Select(i => AnnotationRows.Highlight(essay, ownerId, i * 7 % (essay.Text.Length - 20), (i * 7 % (essay.Text.Length - 20)) + 5 + (i % 11), visibility))
            .ToList();
        await using var scope = factory.CreateDbContext();
        scope.Db.Annotations.AddRange(rows);
        await scope.Db.SaveChangesAsync();
        return [.. rows.Select(r => r.Id)];
    }
}
