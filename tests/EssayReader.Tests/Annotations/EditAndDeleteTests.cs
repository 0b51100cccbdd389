using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary><c>PATCH</c> and <c>DELETE /api/annotations/{id}</c> by the annotation's owner.</summary>
public sealed class EditAndDeleteTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "Russo-Sino relations have long been difficult.";
    private const string OtherPhrase = "the Sino-Soviet spilt initiated by Nikita Khrushchev and Mao Zedong";

    [Fact]
    public async Task OwnerCanRewriteACommentsBody()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var comment = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "First thought."));

        var edited = await PatchAsync(a, IdOf(comment), new JsonObject { ["body"] = AnnotationRequests.Body("Second *thought*.") });

        var body = edited.GetProperty("body")[0];
        Assert.Equal("Second *thought*.", body.GetProperty("value").GetString());
        Assert.Equal("thought", HtmlPages.Parse(body.GetProperty("html").GetString()!).QuerySelector("em")?.TextContent);
        Assert.Equal(edited.GetRawText(), (await a.Client.GetJsonAsync(AnnotationPath(IdOf(comment)))).GetRawText());
    }

    [Fact]
    public async Task AnEditMovesModifiedButNotCreated()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var comment = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase));

        var edited = await PatchAsync(a, IdOf(comment), new JsonObject { ["color"] = "blue" });

        Assert.Equal(comment.GetProperty("created").GetDateTime(), edited.GetProperty("created").GetDateTime());
        Assert.True(edited.GetProperty("modified").GetDateTime() > comment.GetProperty("modified").GetDateTime());
    }

    [Fact]
    public async Task OwnerCanChangeAHighlightsColour()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var highlight = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, color: "yellow"));

        var edited = await PatchAsync(a, IdOf(highlight), new JsonObject { ["color"] = "purple" });

        Assert.Equal("purple", edited.GetProperty("color").GetString());
        Assert.Equal("highlighting", edited.GetProperty("motivation").GetString());
    }

    [Fact]
    public async Task OwnerCanMakeAPrivateHighlightPublic()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private")));

        var edited = await PatchAsync(a, id, new JsonObject { ["visibility"] = "public" });

        Assert.Equal("public", edited.GetProperty("visibility").GetString());
        Assert.Contains(id, await b.Client.ListIdsAsync());
    }

    [Fact]
    public async Task MakingACommentPrivateHidesItAndTheAuthorsOwnRepliesFromOthers()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var c = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        var reply = IdOf(await a.Client.ReplyAsync(comment));

        await PatchAsync(a, comment, new JsonObject { ["visibility"] = "private" });

        var seenByC = await c.Client.ListIdsAsync();
        Assert.DoesNotContain(comment, seenByC);
        Assert.DoesNotContain(reply, seenByC);
        await AssertProblemAsync(HttpStatusCode.NotFound, await c.Client.GetAsync(AnnotationPath(reply)));
    }

    [Fact]
    public async Task ACommentOthersRepliedToCannotBeMadePrivate()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var c = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        var reply = IdOf(await b.Client.ReplyAsync(comment));

        await factory.AssertRefusedAsync(HttpStatusCode.Conflict, () =>
            a.Client.PatchJsonAsync(AnnotationPath(comment), new JsonObject { ["visibility"] = "private" }));

        var seenByC = await c.Client.ListIdsAsync();
        Assert.Contains(comment, seenByC);
        Assert.Contains(reply, seenByC);
    }

    [Fact]
    public async Task ABodyAddedToAHighlightMakesItAComment()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var highlight = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, color: "green"));

        var edited = await PatchAsync(a, IdOf(highlight), new JsonObject { ["body"] = AnnotationRequests.Body("Now with a note.") });

        Assert.Equal("commenting", edited.GetProperty("motivation").GetString());
        Assert.Equal("green", edited.GetProperty("color").GetString());
        Assert.Equal("Now with a note.", edited.GetProperty("body")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task OwnerCanMoveAnAnnotationToAnotherPassage()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var highlight = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));
        var elsewhere = essay.IndexOf(OtherPhrase);

        var edited = await PatchAsync(a, IdOf(highlight), new JsonObject { ["target"] = AnnotationRequests.Target(essay, elsewhere, elsewhere + OtherPhrase.Length) });

        var anchor = edited.GetProperty("anchor");
        Assert.Equal(elsewhere, anchor.GetProperty("start").GetInt32());
        Assert.Equal(elsewhere + OtherPhrase.Length, anchor.GetProperty("end").GetInt32());
    }

    [Fact]
    public async Task MovingACommentTakesItsRepliesAlong()
    {
        // A reply targets its comment's passage; an export must not show a thread split over two places.
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var reply = IdOf(await b.Client.ReplyAsync(comment));
        var elsewhere = essay.IndexOf(OtherPhrase);

        var moved = await PatchAsync(a, comment, new JsonObject { ["target"] = AnnotationRequests.Target(essay, elsewhere, elsewhere + OtherPhrase.Length) });

        var replyNow = await b.Client.GetJsonAsync(AnnotationPath(reply));
        Assert.Equal(moved.GetProperty("target").GetRawText(), replyNow.GetProperty("target").GetRawText());
        Assert.Equal(moved.GetProperty("anchor").GetRawText(), replyNow.GetProperty("anchor").GetRawText());
    }

    [Fact]
    public async Task MovingAnAnnotationToWordsThatAreNotThereIs422()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase)));
        var target = AnnotationRequests.Target(essay, 10, 10 + OtherPhrase.Length);
        target["selector"]![0]!["exact"] = OtherPhrase;

        await factory.AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, () => a.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["target"] = target }));
    }

    [Theory]
    [InlineData("""{"color": "red"}""")]
    [InlineData("""{"visibility": "everyone"}""")]
    [InlineData("""{"body": [{"type": "TextualBody", "value": " "}]}""")]
    [InlineData("""{"target": {"selector": []}}""")]
    [InlineData("""{"color": 3}""")]
    public async Task AnInvalidChangeIs400AndChangesNothing(string change)
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, color: "blue")));

        await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => a.Client.PatchJsonAsync(AnnotationPath(id), JsonNode.Parse(change)!));
    }

    [Fact]
    public async Task ABodyOverTenThousandCharactersIsRefusedOnEditToo()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => a.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["body"] = AnnotationRequests.Body(new string('b', 10_001)) }));

        Assert.Contains("body[0].value", Errors(problem).Keys);
    }

    [Theory]
    [InlineData("color", "\"pink\"")]
    [InlineData("visibility", "\"private\"")]
    [InlineData("target", null)]
    public async Task AReplyChangesOnlyItsWordsAndTheErrorNamesWhatElseWasSent(string field, string? json)
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var reply = IdOf(await a.Client.ReplyAsync(comment));
        var start = essay.IndexOf(OtherPhrase);
        var change = new JsonObject { [field] = json is null ? AnnotationRequests.Target(essay, start, start + OtherPhrase.Length) : JsonNode.Parse(json) };

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest, () => a.Client.PatchJsonAsync(AnnotationPath(reply), change));

        Assert.Equal([field], Errors(problem).Keys);
    }

    [Fact]
    public async Task AReplysWordsCanBeEdited()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var reply = IdOf(await a.Client.ReplyAsync(comment, "Typo."));

        var edited = await PatchAsync(a, reply, new JsonObject { ["body"] = AnnotationRequests.Body("Fixed.") });

        Assert.Equal("Fixed.", edited.GetProperty("body")[0].GetProperty("value").GetString());
        Assert.Equal("replying", edited.GetProperty("motivation").GetString());
    }

    [Fact]
    public async Task OwnerCanDeleteAHighlight()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase)));

        using var response = await a.Client.DeleteAsync(AnnotationPath(id));

        await AssertStatusAsync(HttpStatusCode.NoContent, response);
        await AssertProblemAsync(HttpStatusCode.NotFound, await a.Client.GetAsync(AnnotationPath(id)));
        Assert.DoesNotContain(id, await a.Client.ListIdsAsync());
        Assert.Equal(0, await factory.CountOwnedByAsync(a.Id));
    }

    [Fact]
    public async Task DeletingACommentWithAnotherReadersReplyKeepsTheThread()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "To be withdrawn.")));
        var reply = IdOf(await b.Client.ReplyAsync(comment, "An answer worth keeping."));

        using var response = await a.Client.DeleteAsync(AnnotationPath(comment));

        await AssertStatusAsync(HttpStatusCode.NoContent, response);
        var tombstone = await b.Client.GetJsonAsync(AnnotationPath(comment));
        Assert.True(tombstone.GetProperty("deleted").GetBoolean());
        Assert.False(tombstone.TryGetProperty("body", out _));
        Assert.DoesNotContain("To be withdrawn.", tombstone.GetRawText(), StringComparison.Ordinal);
        var replies = (await b.Client.GetJsonAsync(RepliesPath(comment))).GetProperty("items").EnumerateArray().Select(IdOf);
        Assert.Equal([reply], replies);
        Assert.Equal("An answer worth keeping.", (await b.Client.GetJsonAsync(AnnotationPath(reply))).GetProperty("body")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task DeletingACommentWithoutOthersRepliesRemovesItAndItsOwnReplies()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var ownReply = IdOf(await a.Client.ReplyAsync(comment, "An afterthought."));

        using var response = await a.Client.DeleteAsync(AnnotationPath(comment));

        await AssertStatusAsync(HttpStatusCode.NoContent, response);
        await AssertProblemAsync(HttpStatusCode.NotFound, await a.Client.GetAsync(AnnotationPath(comment)));
        await AssertProblemAsync(HttpStatusCode.NotFound, await a.Client.GetAsync(AnnotationPath(ownReply)));
        Assert.Equal(0, await factory.CountOwnedByAsync(a.Id));
    }

    [Fact]
    public async Task DeletingTheLastReplyUnderADeletedCommentRemovesTheComment()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var reply = IdOf(await b.Client.ReplyAsync(comment));
        await AssertStatusAsync(HttpStatusCode.NoContent, await a.Client.DeleteAsync(AnnotationPath(comment)));

        using var response = await b.Client.DeleteAsync(AnnotationPath(reply));

        await AssertStatusAsync(HttpStatusCode.NoContent, response);
        await AssertProblemAsync(HttpStatusCode.NotFound, await b.Client.GetAsync(AnnotationPath(comment)));
        await using var scope = factory.CreateDbContext();
        Assert.False(await scope.Db.Annotations.AnyAsync(x => x.Id == comment || x.Id == reply));
    }

    [Fact]
    public async Task DeletingAReplyLeavesItsCommentAndTheOtherReplies()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        var first = IdOf(await b.Client.ReplyAsync(comment, "First."));
        var second = IdOf(await a.Client.ReplyAsync(comment, "Second."));

        await AssertStatusAsync(HttpStatusCode.NoContent, await b.Client.DeleteAsync(AnnotationPath(first)));

        var replies = (await a.Client.GetJsonAsync(RepliesPath(comment))).GetProperty("items").EnumerateArray().Select(IdOf);
        Assert.Equal([second], replies);
        Assert.False((await a.Client.GetJsonAsync(AnnotationPath(comment))).TryGetProperty("deleted", out _));
    }

    [Fact]
    public async Task ADeletedCommentCannotBeEditedByItsAuthor()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        await b.Client.ReplyAsync(comment);
        await AssertStatusAsync(HttpStatusCode.NoContent, await a.Client.DeleteAsync(AnnotationPath(comment)));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.Conflict,
            () => a.Client.PatchJsonAsync(AnnotationPath(comment), new JsonObject { ["body"] = AnnotationRequests.Body("Back again.") }));

        // Its author is told it was deleted, not that it belongs to someone else.
        Assert.Contains("deleted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedCommentCannotBeDeletedTwice()
    {
        var (a, essay) = await ReaderAndEssayAsync();
        var b = await factory.SignInNewReaderAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        await b.Client.ReplyAsync(comment);
        await AssertStatusAsync(HttpStatusCode.NoContent, await a.Client.DeleteAsync(AnnotationPath(comment)));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.Conflict, () => a.Client.DeleteAsync(AnnotationPath(comment)));

        Assert.Contains("deleted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(SignedInReader Reader, CanonicalEssay Essay)> ReaderAndEssayAsync()
    {
        var reader = await factory.SignInNewReaderAsync();
        return (reader, await CanonicalEssay.GetAsync(reader.Client));
    }

    private static async Task<JsonElement> PatchAsync(SignedInReader reader, Guid id, JsonObject change)
    {
        using var response = await reader.Client.PatchJsonAsync(AnnotationPath(id), change);
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return await response.ReadJsonAsync();
    }
}
