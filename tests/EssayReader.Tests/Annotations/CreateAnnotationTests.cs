using System.Net;
using System.Text.Json;
using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary><c>POST /api/essays/{slug}/annotations</c>: what a new highlight or comment looks like, and where it can be read back.</summary>
public sealed class CreateAnnotationTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "the sharp incompatibility of the international strategies";

    [Fact]
    public async Task CreatingAHighlightAnswers201WithItsAddress()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        using var response = await reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase));

        await AssertStatusAsync(HttpStatusCode.Created, response);
        var created = await response.ReadJsonAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.Location);
        Assert.True(response.Headers.Location.IsAbsoluteUri);
        Assert.Equal(created.GetProperty("id").GetString(), response.Headers.Location.ToString());
    }

    [Fact]
    public async Task ANewHighlightIsAW3CAnnotationWithOurExtensions()
    {
        var reader = await factory.SignInNewReaderAsync("Ada Lovelace");
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var start = essay.IndexOf(Phrase);
        var before = DateTime.UtcNow;

        var created = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, color: "green", visibility: "private"));

        Assert.Equal("http://www.w3.org/ns/anno.jsonld", created.GetProperty("@context").GetString());
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("http://localhost/api/annotations/", id, StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, IdOf(id));
        Assert.Equal("Annotation", created.GetProperty("type").GetString());
        Assert.Equal("highlighting", created.GetProperty("motivation").GetString());

        var createdAt = created.GetProperty("created").GetDateTime();
        Assert.Equal(DateTimeKind.Utc, createdAt.Kind);
        Assert.InRange(createdAt, before, DateTime.UtcNow);
        Assert.Equal(createdAt, created.GetProperty("modified").GetDateTime());

        var creator = created.GetProperty("creator");
        Assert.Equal("Person", creator.GetProperty("type").GetString());
        Assert.Equal("Ada Lovelace", creator.GetProperty("name").GetString());
        Assert.EndsWith(reader.Id, creator.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(Uri.IsWellFormedUriString(creator.GetProperty("id").GetString(), UriKind.Absolute));

        var target = created.GetProperty("target");
        Assert.Equal($"http://localhost/essays/{EssayReaderFactory.EssaySlug}", target.GetProperty("source").GetString());
        var selectors = target.GetProperty("selector").EnumerateArray().ToDictionary(s => s.GetProperty("type").GetString()!);
        Assert.Equal(2, selectors.Count);
        var quote = selectors["TextQuoteSelector"];
        Assert.Equal(Phrase, quote.GetProperty("exact").GetString());
        Assert.Equal(essay.Text[(start - 32)..start], quote.GetProperty("prefix").GetString());
        Assert.Equal(essay.Text[(start + Phrase.Length)..(start + Phrase.Length + 32)], quote.GetProperty("suffix").GetString());
        var position = selectors["TextPositionSelector"];
        Assert.Equal(start, position.GetProperty("start").GetInt32());
        Assert.Equal(start + Phrase.Length, position.GetProperty("end").GetInt32());

        Assert.Equal(essay.Version, created.GetProperty("essayVersion").GetString());
        Assert.Equal("private", created.GetProperty("visibility").GetString());
        Assert.Equal("green", created.GetProperty("color").GetString());
        var anchor = created.GetProperty("anchor");
        Assert.Equal("exact", anchor.GetProperty("status").GetString());
        Assert.Equal(start, anchor.GetProperty("start").GetInt32());
        Assert.Equal(start + Phrase.Length, anchor.GetProperty("end").GetInt32());

        Assert.False(created.TryGetProperty("body", out _));
        Assert.False(created.TryGetProperty("replyTo", out _));
        Assert.False(created.TryGetProperty("deleted", out _));
    }

    [Fact]
    public async Task AHighlightWithoutColourOrVisibilityIsAPrivateYellowOne()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, color: null, visibility: null));

        Assert.Equal("yellow", created.GetProperty("color").GetString());
        Assert.Equal("private", created.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task ANewAnnotationReadsBackTheSameByItsId()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var created = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, color: "blue"));

        var read = await reader.Client.GetJsonAsync(AnnotationPath(IdOf(created)));

        Assert.Equal(created.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task ANewAnnotationIsInItsOwnersListing()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var created = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));

        var listed = Assert.Single(await reader.Client.ListAllAsync(), a => IdOf(a) == IdOf(created));

        Assert.Equal(created.GetRawText(), listed.GetRawText());
    }

    [Fact]
    public async Task AQuoteThatOccursSeveralTimesIsAnchoredAtTheOccurrenceSelected()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        const string repeated = "between Beijing and Moscow";
        Assert.True(essay.Occurrences(repeated) >= 2);
        var second = essay.IndexOf(repeated, occurrence: 1);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, repeated, occurrence: 1));

        Assert.Equal(second, created.GetProperty("anchor").GetProperty("start").GetInt32());
    }

    [Fact]
    public async Task APositionAFewCharactersOffIsCorrectedToWhereTheQuoteIs()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var start = essay.IndexOf(Phrase);
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.PositionSelector()["start"] = start + 3;
        request.PositionSelector()["end"] = start + 3 + Phrase.Length;

        var created = await reader.Client.CreateAsync(request);

        Assert.Equal(start, created.GetProperty("anchor").GetProperty("start").GetInt32());
        var position = created.GetProperty("target").GetProperty("selector").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "TextPositionSelector");
        Assert.Equal(start, position.GetProperty("start").GetInt32());
    }

    [Fact]
    public async Task TheStoredContextIsCutFromTheEssayNotTakenFromTheClient()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var start = essay.IndexOf(Phrase);
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.QuoteSelector()["prefix"] = "<script>alert(1)</script>";
        request.QuoteSelector()["suffix"] = "nothing like the text";

        var created = await reader.Client.CreateAsync(request);

        var quote = created.GetProperty("target").GetProperty("selector").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "TextQuoteSelector");
        Assert.Equal(essay.Text[(start - 32)..start], quote.GetProperty("prefix").GetString());
        Assert.Equal(essay.Text[(start + Phrase.Length)..(start + Phrase.Length + 32)], quote.GetProperty("suffix").GetString());
    }

    [Fact]
    public async Task AQuoteAtTheVeryStartOfTheTextHasAnEmptyPrefix()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var firstWords = essay.Text[..20];

        var created = await reader.Client.CreateAsync(AnnotationRequests.Annotation("highlighting", essay, 0, 20, null, null, null));

        var quote = created.GetProperty("target").GetProperty("selector").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "TextQuoteSelector");
        Assert.Equal(firstWords, quote.GetProperty("exact").GetString());
        Assert.Equal(string.Empty, quote.GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task AQuoteThatEndsTheTextHasAnEmptySuffix()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var length = essay.Text.Length;

        var created = await reader.Client.CreateAsync(AnnotationRequests.Annotation("highlighting", essay, length - 10, length, null, null, null));

        var quote = created.GetProperty("target").GetProperty("selector").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "TextQuoteSelector");
        Assert.Equal(string.Empty, quote.GetProperty("suffix").GetString());
    }

    [Fact]
    public async Task ACommentKeepsItsMarkdownAndShowsItRendered()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        const string markdown = "This is **strong** and *subtle*.\n\n- one\n- two";

        var created = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, markdown));

        Assert.Equal("commenting", created.GetProperty("motivation").GetString());
        var body = Assert.Single(created.GetProperty("body").EnumerateArray());
        Assert.Equal("TextualBody", body.GetProperty("type").GetString());
        Assert.Equal("text/markdown", body.GetProperty("format").GetString());
        Assert.Equal(markdown, body.GetProperty("value").GetString());
        var html = HtmlPages.Parse(body.GetProperty("html").GetString()!);
        Assert.Equal("strong", html.QuerySelector("p strong")?.TextContent);
        Assert.Equal("subtle", html.QuerySelector("p em")?.TextContent);
        Assert.Equal(["one", "two"], html.QuerySelectorAll("ul > li").Select(li => li.TextContent));
    }

    [Fact]
    public async Task ACommentMayHaveAColour()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, color: "pink"));

        Assert.Equal("pink", created.GetProperty("color").GetString());
    }

    [Fact]
    public async Task ACommentWithoutColourHasNone()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase));

        Assert.False(created.TryGetProperty("color", out _));
    }

    [Fact]
    public async Task ACommentOfExactlyTenThousandCharactersIsAccepted()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var markdown = new string('a', 10_000);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, markdown));

        Assert.Equal(markdown, created.GetProperty("body")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task AnnotationsAreStoredForTheirOwnerAndEssay()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));

        await using var scope = factory.CreateDbContext();
        var stored = scope.Db.Annotations.Single(a => a.Id == IdOf(created));
        Assert.Equal(reader.Id, stored.OwnerId);
        Assert.Equal(EssayReaderFactory.EssaySlug, stored.EssaySlug);
        Assert.Equal(essay.Version, stored.Target.EssayVersion);
    }

    [Fact]
    public async Task EveryNewAnnotationHasItsOwnId()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var first = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));
        var second = await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));

        Assert.NotEqual(IdOf(first), IdOf(second));
        Assert.Equal(2, await factory.CountOwnedByAsync(reader.Id));
    }

    [Fact]
    public async Task JsonPropertiesAreCamelCase()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var created = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase));

        Assert.All(Names(created), name => Assert.True(name == "@context" || char.IsLower(name[0]), $"'{name}' is not camelCase"));
    }

    private static IEnumerable<string> Names(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Names(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Names),
        _ => [],
    };
}
