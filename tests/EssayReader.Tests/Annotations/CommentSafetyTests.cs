using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// Nothing a reader writes can run in another reader's browser: the html the API serves for a
/// comment or reply keeps the words and drops every active part (CommentMarkdownTests has the full corpus).
/// </summary>
public sealed class CommentSafetyTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "China is hedging.";

    public static TheoryData<string> Payloads() =>
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe><b onclick=alert(1)>raw</b>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](https://evil.example/track.png)",
        "[x](//evil.example)",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task ACommentsHtmlHasNoActiveContent(string markdown)
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var comment = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, markdown));

        var body = comment.GetProperty("body")[0];
        Assert.Equal(markdown, body.GetProperty("value").GetString());
        SafeHtml.AssertNoActiveContent(body.GetProperty("html").GetString()!);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task AReplysHtmlHasNoActiveContent(string markdown)
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var comment = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        var reply = await reader.Client.ReplyAsync(comment, markdown);

        SafeHtml.AssertNoActiveContent(reply.GetProperty("body")[0].GetProperty("html").GetString()!);
    }

    [Fact]
    public async Task AnEditedCommentIsSanitizedAgain()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var comment = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "Harmless.")));

        using var response = await reader.Client.PatchJsonAsync(AnnotationPath(comment),
            new System.Text.Json.Nodes.JsonObject { ["body"] = AnnotationRequests.Body("<script>alert(1)</script> [x](javascript:alert(1))") });

        await AssertStatusAsync(System.Net.HttpStatusCode.OK, response);
        SafeHtml.AssertNoActiveContent((await response.ReadJsonAsync()).GetProperty("body")[0].GetProperty("html").GetString()!);
    }

    [Fact]
    public async Task ALinkInACommentIsMarkedAsUserContent()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var comment = await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "See [the source](https://example.org/source) and https://example.org/other."));

        var html = comment.GetProperty("body")[0].GetProperty("html").GetString()!;
        var links = HtmlPages.Parse(html).QuerySelectorAll("a[href]");
        Assert.Equal(["https://example.org/source", "https://example.org/other"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, link => SafeHtml.AssertSafeLink(link, html));
    }
}
