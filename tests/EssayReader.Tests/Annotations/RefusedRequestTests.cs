using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// Every request the API refuses is answered with a ProblemDetails that says what was wrong, and
/// changes nothing: each test compares every annotation row of this class's own database before and
/// after the request.
/// </summary>
public sealed class RefusedRequestTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "the sharp incompatibility of the international strategies";
    private static readonly string[] Palette = ["yellow", "green", "blue", "pink", "purple"];

    [Fact]
    public async Task AnnotatingAnUnknownEssayIs404()
    {
        var (reader, essay) = await ReaderAndEssayAsync();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.NotFound,
            () => reader.Client.PostJsonAsync(AnnotationsPath("no-such-essay"), AnnotationRequests.Highlight(essay, Phrase)));

        Assert.Contains("no-such-essay", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingAnUnknownEssayIs404()
    {
        using var response = await factory.CreateClient().GetAsync(AnnotationsPath("no-such-essay"));

        await AssertProblemAsync(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task AQuoteThatIsNotInTheTextIs422()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.QuoteSelector()["exact"] = new string('x', Phrase.Length);

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("not found", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQuoteFarFromItsPositionIs422()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        var elsewhere = essay.IndexOf(Phrase) + 2_000;
        request.PositionSelector()["start"] = elsewhere;
        request.PositionSelector()["end"] = elsewhere + Phrase.Length;

        await factory.AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));
    }

    [Fact]
    public async Task APositionBeyondTheEndOfTheTextIs422()
    {
        // The request is well formed (start < end, and as long as the quote); it is the essay that has
        // no such place, so this is the target-does-not-match-the-text error, like a wrong quote.
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.PositionSelector()["start"] = essay.Text.Length + 1_000;
        request.PositionSelector()["end"] = essay.Text.Length + 1_000 + Phrase.Length;

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains(essay.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(100, 100)]
    [InlineData(100, 90)]
    public async Task APositionThatIsNoSpanIs400(int start, int end)
    {
        // Offsets that cannot be a selection in any text are a malformed request, not a mismatch with this essay.
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.PositionSelector()["start"] = start;
        request.PositionSelector()["end"] = end;

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("target.selector.start", Errors(problem).Keys);
    }

    [Fact]
    public async Task APositionAsLongAsTheQuoteIsRequired()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.PositionSelector()["end"] = essay.IndexOf(Phrase) + Phrase.Length + 5;

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("target.selector.end", Errors(problem).Keys);
    }

    [Fact]
    public async Task ACommentOverTenThousandCharactersIs400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Comment(essay, Phrase, new string('a', 10_001))));

        var message = Assert.Single(Errors(problem)["body[0].value"]);
        Assert.Contains("10001", message, StringComparison.Ordinal);
        Assert.Contains("10000", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"motivation\": \"highlighting\",}")]
    [InlineData("{\"motivation\": highlighting}")]
    [InlineData("[1, 2")]
    public async Task MalformedJsonIs400WithWhatIsWrong(string json)
    {
        var (reader, _) = await ReaderAndEssayAsync();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => reader.Client.PostAsync(AnnotationsPath(), new StringContent(json, Encoding.UTF8, "application/json")));

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("JSON", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyRequestBodyIs400()
    {
        var (reader, _) = await ReaderAndEssayAsync();

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => reader.Client.PostAsync(AnnotationsPath(), new StringContent(string.Empty, Encoding.UTF8, "application/json")));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefused()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var json = AnnotationRequests.Highlight(essay, Phrase).ToJsonString();

        await factory.AssertRefusedAsync(HttpStatusCode.UnsupportedMediaType,
            () => reader.Client.PostAsync(AnnotationsPath(), new StringContent(json, Encoding.UTF8, "text/plain")));
    }

    public static TheoryData<string, string> WrongTypes() => new()
    {
        { "start as a numeric string", """{"type": "TextPositionSelector", "start": "12", "end": 70}""" },
        { "start as words", """{"type": "TextPositionSelector", "start": "twelve", "end": 70}""" },
        { "start as a boolean", """{"type": "TextPositionSelector", "start": true, "end": 70}""" },
        { "start as a fraction", """{"type": "TextPositionSelector", "start": 12.5, "end": 70}""" },
        { "end as an object", """{"type": "TextPositionSelector", "start": 12, "end": {}}""" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task AWrongJsonTypeIs400(string what, string positionSelector)
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        var selectors = request["target"]!["selector"]!.AsArray();
        selectors[1] = JsonNode.Parse(positionSelector);

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.True(problem.TryGetProperty("detail", out var detail), what);
        Assert.Contains("JSON", detail.GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("motivation", "1")]
    [InlineData("body", "\"just text\"")]
    [InlineData("target", "\"somewhere\"")]
    [InlineData("visibility", "true")]
    public async Task AWrongJsonTypeAtTheTopIs400(string field, string json)
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Comment(essay, Phrase);
        request[field] = JsonNode.Parse(json);

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));
    }

    [Theory]
    [InlineData("no target")]
    [InlineData("no selector")]
    [InlineData("empty selector list")]
    [InlineData("quote only")]
    [InlineData("position only")]
    [InlineData("untyped selectors")]
    public async Task ATargetWithoutBothSelectorsIs400(string shape)
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        var selectors = request["target"]!["selector"]!.AsArray();
        switch (shape)
        {
            case "no target": request.Remove("target"); break;
            case "no selector": request["target"]!.AsObject().Remove("selector"); break;
            case "empty selector list": selectors.Clear(); break;
            case "quote only": selectors.RemoveAt(1); break;
            case "position only": selectors.RemoveAt(0); break;
            default:
                foreach (var selector in selectors)
                {
                    selector!.AsObject().Remove("type");
                }

                break;
        }

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("target.selector", Errors(problem).Keys);
    }

    [Fact]
    public async Task AnEmptyQuoteIs400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request.QuoteSelector()["exact"] = string.Empty;

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("target.selector.exact", Errors(problem).Keys);
    }

    [Fact]
    public async Task AnUnknownColourIs400AndNamesThePalette()
    {
        var (reader, essay) = await ReaderAndEssayAsync();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase, color: "red")));

        var message = Assert.Single(Errors(problem)["color"]);
        Assert.All(Palette, c => Assert.Contains(c, message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bookmarking")]
    [InlineData("Highlighting")]
    [InlineData("")]
    [InlineData(null)]
    public async Task AnUnknownOrMissingMotivationIs400(string? motivation)
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request["motivation"] = motivation;

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("motivation", Errors(problem).Keys);
    }

    [Fact]
    public async Task CreatingAReplyUnderTheEssayIs400AndPointsToTheRepliesAddress()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Comment(essay, Phrase);
        request["motivation"] = "replying";

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("/replies", Assert.Single(Errors(problem)["motivation"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACreateRequestWithReplyToIs400NotATopLevelComment()
    {
        // Replies are made under the comment; a replyTo here must not quietly become a new thread.
        var (reader, essay) = await ReaderAndEssayAsync();
        var comment = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase));
        var request = AnnotationRequests.Comment(essay, Phrase, "An answer.");
        request["replyTo"] = comment.GetProperty("id").GetString();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("/replies", Assert.Single(Errors(problem)["replyTo"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownVisibilityIs400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase, visibility: "friends")));

        Assert.Contains("visibility", Errors(problem).Keys);
    }

    [Fact]
    public async Task AHighlightWithABodyIs400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase);
        request["body"] = AnnotationRequests.Body("A note.");

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("body", Errors(problem).Keys);
    }

    [Theory]
    [InlineData("no body")]
    [InlineData("empty list")]
    [InlineData("empty value")]
    [InlineData("only spaces")]
    public async Task ACommentWithoutWordsIs400(string shape)
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Comment(essay, Phrase);
        switch (shape)
        {
            case "no body": request.Remove("body"); break;
            case "empty list": request["body"] = new JsonArray(); break;
            case "empty value": request["body"]![0]!["value"] = string.Empty; break;
            default: request["body"]![0]!["value"] = "  \n\t "; break;
        }

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains(Errors(problem).Keys, key => key.StartsWith("body", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("type", "Image")]
    [InlineData("format", "text/html")]
    public async Task ABodyThatIsNotMarkdownTextIs400(string field, string value)
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Comment(essay, Phrase);
        request["body"]![0]![field] = value;

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains($"body[0].{field}", Errors(problem).Keys);
    }

    [Fact]
    public async Task TwoBodiesAre400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Comment(essay, Phrase);
        request["body"]!.AsArray().Add(AnnotationRequests.Body("Another.")[0]!.DeepClone());

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Contains("body", Errors(problem).Keys);
    }

    [Fact]
    public async Task EveryProblemOfARequestIsReportedAtOnce()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Highlight(essay, Phrase, color: "red", visibility: "friends");
        request["motivation"] = "bookmarking";

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Superset(new HashSet<string> { "motivation", "color", "visibility" }, Errors(problem).Keys.ToHashSet());
    }

    [Fact]
    public async Task ACommentWithoutBodyIsToldSoAlongsideItsOtherProblems()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var request = AnnotationRequests.Comment(essay, Phrase, color: "red");
        request.Remove("body");

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => reader.Client.PostJsonAsync(AnnotationsPath(), request));

        Assert.Equal(["body", "color"], Errors(problem).Keys.Order());
    }

    [Fact]
    public async Task CreatingWhileSignedOutIs401NotARedirect()
    {
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var anonymous = await factory.CreateClientAsync(null);

        await factory.AssertRefusedAsync(HttpStatusCode.Unauthorized,
            () => anonymous.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase)));
    }

    [Fact]
    public async Task ChangingWhileSignedOutIs401()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var anonymous = await factory.CreateClientAsync(null);

        await factory.AssertRefusedAsync(HttpStatusCode.Unauthorized, () => anonymous.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["color"] = "blue" }));
        await factory.AssertRefusedAsync(HttpStatusCode.Unauthorized, () => anonymous.DeleteAsync(AnnotationPath(id)));
        await factory.AssertRefusedAsync(HttpStatusCode.Unauthorized, () => anonymous.PostJsonAsync(RepliesPath(id), AnnotationRequests.Reply()));
    }

    [Fact]
    public async Task CreatingWithoutTheAntiforgeryTokenIs400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var withoutToken = await factory.CreateClientAsync(reader.Reader, withAntiforgeryToken: false);

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => withoutToken.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase)));

        Assert.Contains("X-CSRF-TOKEN", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingWithoutTheAntiforgeryTokenIs400()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var withoutToken = await factory.CreateClientAsync(reader.Reader, withAntiforgeryToken: false);

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => withoutToken.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["color"] = "blue" }));
        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => withoutToken.DeleteAsync(AnnotationPath(id)));
        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => withoutToken.PostJsonAsync(RepliesPath(id), AnnotationRequests.Reply()));
    }

    [Fact]
    public async Task AnAntiforgeryTokenIssuedToAnotherReaderIsRefused()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var other = await factory.SignInNewReaderAsync();
        var othersToken = other.Client.DefaultRequestHeaders.GetValues("X-CSRF-TOKEN").Single();
        var client = await factory.CreateClientAsync(reader.Reader, withAntiforgeryToken: true);
        client.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", othersToken);

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase)));
    }

    // GET only: in the test host (as under `dotnet run`) the static-asset development fallback
    // `{**path:file}` answers GET for any path, so routing calls other methods there 405; the
    // published app answers 404 for them too.
    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/annotations/not-a-guid")]
    [InlineData("/api/essays/why-a-moscow-beijing-axis-is-unlikely/annotations/extra")]
    public async Task AnUnknownApiAddressIsAProblem404(string path)
    {
        var (reader, _) = await ReaderAndEssayAsync();

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => reader.Client.GetAsync(path));

        Assert.Contains(path, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAnnotationIs404()
    {
        var (reader, _) = await ReaderAndEssayAsync();
        var id = Guid.CreateVersion7();

        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => reader.Client.GetAsync(AnnotationPath(id)));
        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => reader.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["color"] = "blue" }));
        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => reader.Client.DeleteAsync(AnnotationPath(id)));
        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => reader.Client.GetAsync(RepliesPath(id)));
        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => reader.Client.PostJsonAsync(RepliesPath(id), AnnotationRequests.Reply()));
    }

    [Fact]
    public async Task AMethodTheAddressDoesNotTakeIsAProblem405()
    {
        var (reader, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        await factory.AssertRefusedAsync(HttpStatusCode.MethodNotAllowed,
            () => reader.Client.PutAsync(AnnotationPath(id), JsonBody("{}")));
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private async Task<(SignedInReader Reader, CanonicalEssay Essay)> ReaderAndEssayAsync()
    {
        var reader = await factory.SignInNewReaderAsync();
        return (reader, await CanonicalEssay.GetAsync(reader.Client));
    }
}
