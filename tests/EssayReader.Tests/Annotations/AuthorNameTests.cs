using System.Net;
using EssayReader.Accounts;
using EssayReader.Tests.Builders;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// A new annotation or reply names its author as the listing does, whether the sign-in cookie carries
/// the reader's display name (every cookie the app issues) or not (one issued before it did).
/// </summary>
public sealed class AuthorNameTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "the sharp incompatibility of the international strategies";

    [Fact]
    public async Task ANewCommentAndReplyNameTheirAuthorAsTheListingDoes()
    {
        var author = await factory.SignInNewReaderAsync("Mary Wollstonecraft");
        var replier = await factory.SignInNewReaderAsync("William Godwin");
        var essay = await CanonicalEssay.GetAsync(author.Client);

        var comment = await author.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "A note.", visibility: "public"));
        var reply = await replier.Client.ReplyAsync(IdOf(comment));

        Assert.Equal("Mary Wollstonecraft", CreatorName(comment));
        Assert.Equal("William Godwin", CreatorName(reply));
        var listed = await author.Client.GetJsonAsync(AnnotationPath(IdOf(comment)));
        Assert.Equal(CreatorName(listed), CreatorName(comment));
        var replies = await author.Client.GetJsonAsync(RepliesPath(IdOf(comment)));
        Assert.Equal(CreatorName(Assert.Single(replies.GetProperty("items").EnumerateArray())), CreatorName(reply));
    }

    [Fact]
    public async Task ACookieWithoutTheDisplayNameStillNamesTheAuthorFromTheirAccount()
    {
        var author = await factory.SignInNewReaderAsync("Percy Shelley");
        var reader = await factory.CreateReaderAsync(displayName: "Claire Clairmont");
        var client = await ClientWithoutDisplayNameClaimAsync(reader);
        var essay = await CanonicalEssay.GetAsync(client);
        var comment = await author.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "A note.", visibility: "public"));

        var highlight = await client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));
        var reply = await client.ReplyAsync(IdOf(comment));

        Assert.Equal("Claire Clairmont", CreatorName(highlight));
        Assert.Equal("Claire Clairmont", CreatorName(reply));
    }

    private static string? CreatorName(System.Text.Json.JsonElement annotation) =>
        annotation.GetProperty("creator").GetProperty("name").GetString();

    // A real sign-in cookie for the reader, less the display-name claim, with the API's antiforgery token.
    private async Task<HttpClient> ClientWithoutDisplayNameClaimAsync(Reader reader)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<Reader>>().CreateUserPrincipalAsync(reader);
        var identity = Assert.IsType<System.Security.Claims.ClaimsIdentity>(principal.Identity);
        identity.RemoveClaim(identity.FindFirst(ReaderClaims.DisplayName));
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var cookie = options.TicketDataFormat.Protect(new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme));

        var cookies = new CookieContainer();
        var client = factory.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        cookies.Add(client.BaseAddress!, new Cookie(options.Cookie.Name!, cookie));
        var session = await client.GetJsonAsync("/api/session");
        var antiforgery = session.GetProperty("antiforgery");
        client.DefaultRequestHeaders.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        return client;
    }
}
