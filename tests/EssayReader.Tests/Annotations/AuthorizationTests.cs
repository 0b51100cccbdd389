using System.Net;
using System.Text.Json.Nodes;
using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// Who sees and who changes what: a private annotation is its owner's alone (to anyone else it does
/// not exist: 404), a public one is everyone's to read and its owner's alone to change (403).
/// </summary>
public sealed class AuthorizationTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "Russo-Sino relations have long been difficult.";

    [Fact]
    public async Task AnotherReaderCannotReadAPrivateHighlight()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var highlight = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private"));

        using var response = await b.Client.GetAsync(AnnotationPath(IdOf(highlight)));

        var problem = await AssertProblemAsync(HttpStatusCode.NotFound, response);
        Assert.DoesNotContain(Phrase, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrivateHighlightIsNotInAnotherReadersListing()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var highlight = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private"));

        Assert.DoesNotContain(IdOf(highlight), await b.Client.ListIdsAsync());
        Assert.Contains(IdOf(highlight), await a.Client.ListIdsAsync());
    }

    [Fact]
    public async Task AnotherReaderSeesAPublicComment()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Worth a second look.", visibility: "public"));

        var read = await b.Client.GetJsonAsync(AnnotationPath(IdOf(comment)));

        Assert.Equal(comment.GetRawText(), read.GetRawText());
        Assert.Contains(IdOf(comment), await b.Client.ListIdsAsync());
    }

    [Fact]
    public async Task AnonymousReadersSeePublicAnnotationsOnly()
    {
        var (a, _, essay) = await TwoReadersAsync();
        var shared = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public"));
        var mine = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private"));
        var anonymous = factory.CreateClient();

        var listed = await anonymous.ListIdsAsync();

        Assert.Contains(IdOf(shared), listed);
        Assert.DoesNotContain(IdOf(mine), listed);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(AnnotationPath(IdOf(shared)))).StatusCode);
        await AssertProblemAsync(HttpStatusCode.NotFound, await anonymous.GetAsync(AnnotationPath(IdOf(mine))));
    }

    [Fact]
    public async Task AListingShowsTheReaderTheirOwnAndThePublicOnly()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var aPrivate = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private"));
        var aPublic = await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "public"));
        var bPrivate = await b.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, visibility: "private"));

        var seenByB = await b.Client.ListIdsAsync();

        Assert.Contains(IdOf(aPublic), seenByB);
        Assert.Contains(IdOf(bPrivate), seenByB);
        Assert.DoesNotContain(IdOf(aPrivate), seenByB);
    }

    [Fact]
    public async Task CannotEditAnotherReadersPublicComment()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Mine.", visibility: "public")));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.Forbidden,
            () => b.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["body"] = AnnotationRequests.Body("Not yours any more.") }));

        Assert.Equal("Mine.", (await a.Client.GetJsonAsync(AnnotationPath(id))).GetProperty("body")[0].GetProperty("value").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task CannotDeleteAnotherReadersPublicComment()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));

        await factory.AssertRefusedAsync(HttpStatusCode.Forbidden, () => b.Client.DeleteAsync(AnnotationPath(id)));

        Assert.Contains(id, await a.Client.ListIdsAsync());
    }

    [Fact]
    public async Task CannotEditAnotherReadersPrivateCommentNorLearnItExists()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "private")));

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.NotFound,
            () => b.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["visibility"] = "public" }));

        // The same answer as for an id that was never used.
        using var unknown = await b.Client.PatchJsonAsync(AnnotationPath(Guid.CreateVersion7()), new JsonObject { ["visibility"] = "public" });
        Assert.Equal(problem.GetProperty("title").GetString(), (await AssertProblemAsync(HttpStatusCode.NotFound, unknown)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task CannotDeleteAnotherReadersPrivateComment()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "private")));

        await factory.AssertRefusedAsync(HttpStatusCode.NotFound, () => b.Client.DeleteAsync(AnnotationPath(id)));

        Assert.Contains(id, await a.Client.ListIdsAsync());
    }

    [Fact]
    public async Task CannotChangeTheColourOfAnotherReadersPublicHighlight()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase, color: "green", visibility: "public")));

        await factory.AssertRefusedAsync(HttpStatusCode.Forbidden, () => b.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["color"] = "pink" }));
    }

    [Fact]
    public async Task CannotListTheRepliesOfAnotherReadersPrivateComment()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var id = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "private")));

        await AssertProblemAsync(HttpStatusCode.NotFound, await b.Client.GetAsync(RepliesPath(id)));
    }

    [Fact]
    public async Task CannotEditAnotherReadersReply()
    {
        var (a, b, essay) = await TwoReadersAsync();
        var comment = IdOf(await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, visibility: "public")));
        var reply = IdOf(await b.Client.ReplyAsync(comment, "B's words."));

        await factory.AssertRefusedAsync(HttpStatusCode.Forbidden,
            () => a.Client.PatchJsonAsync(AnnotationPath(reply), new JsonObject { ["body"] = AnnotationRequests.Body("A's words.") }));
        await factory.AssertRefusedAsync(HttpStatusCode.Forbidden, () => a.Client.DeleteAsync(AnnotationPath(reply)));
    }

    private async Task<(SignedInReader A, SignedInReader B, CanonicalEssay Essay)> TwoReadersAsync()
    {
        var a = await factory.SignInNewReaderAsync();
        var b = await factory.SignInNewReaderAsync();
        return (a, b, await CanonicalEssay.GetAsync(a.Client));
    }
}
