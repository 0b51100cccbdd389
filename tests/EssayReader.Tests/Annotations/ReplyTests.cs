using System.Net;
using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary><c>GET | POST /api/annotations/{id}/replies</c>: readers answer comments, in one thread per comment.</summary>
public sealed class ReplyTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "China is hedging.";

    [Fact]
    public async Task ReplyingToAPublicCommentIs201WithReplyTo()
    {
        var (a, b, essay) = await TwoReadersAsync(displayNameOfB: "Grace Hopper");
        var comment = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public"));

        using var response = await b.Client.PostJsonAsync(RepliesPath(IdOf(comment)), AnnotationRequests.Reply("I **disagree**."));

        await AssertStatusAsync(HttpStatusCode.Created, response);
        var reply = await response.ReadJsonAsync();
        Assert.Equal(reply.GetProperty("id").GetString(), response.Headers.Location?.ToString());
        Assert.Equal("Annotation", reply.GetProperty("type").GetString());
        Assert.Equal("replying", reply.GetProperty("motivation").GetString());
        Assert.Equal(comment.GetProperty("id").GetString(), reply.GetProperty("replyTo").GetString());
        Assert.Equal("Grace Hopper", reply.GetProperty("creator").GetProperty("name").GetString());
        Assert.Equal("I **disagree**.", reply.GetProperty("body")[0].GetProperty("value").GetString());
        Assert.Equal("disagree", HtmlPages.Parse(reply.GetProperty("body")[0].GetProperty("html").GetString()!).QuerySelector("strong")?.TextContent);
        Assert.Equal("public", reply.GetProperty("visibility").GetString());
        Assert.Equal(comment.GetProperty("target").GetRawText(), reply.GetProperty("target").GetRawText());
    }

    [Fact]
    public async Task ACommentsRepliesAreListedInTheOrderWritten()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var first = IdOf(await b.Client.ReplyAsync(comment, "First."));
        var second = IdOf(await a.Client.ReplyAsync(comment, "Second."));

        var replies = await factory.CreateClient().GetJsonAsync(RepliesPath(comment));

        Assert.Equal(2, replies.GetProperty("total").GetInt32());
        Assert.Equal([first, second], replies.GetProperty("items").EnumerateArray().Select(IdOf));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, replies.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task ACommentWithoutRepliesHasAnEmptyList()
    {
        var (a, _, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        var replies = await a.Client.GetJsonAsync(RepliesPath(comment));

        Assert.Equal(0, replies.GetProperty("total").GetInt32());
        Assert.Empty(replies.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ReplyingToAHighlightIs422()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var highlight = IdOf(await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "public")));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.UnprocessableEntity,
            () => b.Client.PostJsonAsync(RepliesPath(highlight), AnnotationRequests.Reply()));

        Assert.Contains("highlight", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyingToAnotherReadersPrivateCommentIs404()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "private")));

        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => b.Client.PostJsonAsync(RepliesPath(comment), AnnotationRequests.Reply()));
    }

    [Fact]
    public async Task AReplyToOnesOwnPrivateCommentIsPrivateToo()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "private")));

        var reply = await a.Client.ReplyAsync(comment, "A note to self.");

        Assert.Equal("private", reply.GetProperty("visibility").GetString());
        Assert.DoesNotContain(IdOf(reply), await b.Client.ListIdsAsync());
    }

    [Fact]
    public async Task AReplyToAReplyJoinsTheCommentsThread()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase));
        var answer = IdOf(await b.Client.ReplyAsync(IdOf(comment), "An answer."));

        var answerToAnswer = await a.Client.ReplyAsync(answer, "An answer to the answer.");

        Assert.Equal(comment.GetProperty("id").GetString(), answerToAnswer.GetProperty("replyTo").GetString());
        var thread = (await b.Client.GetJsonAsync(RepliesPath(IdOf(comment)))).GetProperty("items").EnumerateArray().Select(IdOf);
        Assert.Equal([answer, IdOf(answerToAnswer)], thread);
    }

    [Fact]
    public async Task ReplyingToADeletedCommentIs422()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        await b.Client.ReplyAsync(comment);
        await AssertStatusAsync(HttpStatusCode.NoContent, await a.Client.DeleteAsync(AnnotationPath(comment)));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.UnprocessableEntity,
            () => b.Client.PostJsonAsync(RepliesPath(comment), AnnotationRequests.Reply()));

        Assert.Contains("deleted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AReplyWithoutWordsIs400(string markdown)
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => b.Client.PostJsonAsync(RepliesPath(comment), AnnotationRequests.Reply(markdown)));
    }

    [Fact]
    public async Task AReplyWithNoBodyAtAllIs400()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => b.Client.PostJsonAsync(RepliesPath(comment), new System.Text.Json.Nodes.JsonObject()));
    }

    [Fact]
    public async Task AReplyOverTenThousandCharactersIs400()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => b.Client.PostJsonAsync(RepliesPath(comment), AnnotationRequests.Reply(new string('r', 10_001))));

        Assert.Contains("body[0].value", Errors(problem).Keys);
    }

    [Fact]
    public async Task RepliesAreInTheEssaysListing()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var reply = IdOf(await b.Client.ReplyAsync(comment));

        var listed = await factory.CreateClient().ListAllAsync();

        var entry = Assert.Single(listed, x => IdOf(x) == reply);
        Assert.EndsWith(comment.ToString(), entry.GetProperty("replyTo").GetString(), StringComparison.Ordinal);
    }

    private async Task<(SignedInReader A, SignedInReader B, CanonicalEssay Essay)> TwoReadersAsync(string? displayNameOfB = null)
    {
        var a = await factory.SignInNewReaderAsync();
        var b = await factory.SignInNewReaderAsync(displayNameOfB);
        return (a, b, await CanonicalEssay.GetAsync(a.Client));
    }
}
