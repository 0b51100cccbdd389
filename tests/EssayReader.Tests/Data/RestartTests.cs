using System.Net;
using System.Net.Http.Json;
using EssayReader.Accounts;
using EssayReader.Tests.Accounts;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace EssayReader.Tests.Data;

/// <summary>
/// A restart (a deploy, a crash) signs nobody out: the Data Protection keys that seal sign-in cookies
/// and antiforgery tokens live in the data folder with the database, so a second host on the same
/// folder reads what the first one issued.
/// </summary>
public sealed class RestartTests
{
    private const string Phrase = "Sino-Soviet spilt initiated by Nikita Khrushchev";

    [Fact]
    public async Task ASignInAndItsAntiforgeryTokenStillWorkAfterARestart()
    {
        using var data = new TemporaryFolder();
        var userName = AccountPages.NewUserName();
        var (cookies, antiforgery) = await SignUpOnAHostAsync(data.Path, userName);

        await using var restarted = new EssayReaderFactory { DataPath = data.Path };
        var client = restarted.CreateDefaultClient(new CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.Add(antiforgery.HeaderName, antiforgery.Token);

        var session = await client.GetFromJsonAsync<SessionResponse>("/api/session");
        using var created = await client.PostJsonAsync(AnnotationApi.AnnotationsPath(), AnnotationRequests.Highlight(await CanonicalEssay.GetAsync(client), Phrase));

        Assert.Equal(userName, session?.User?.UserName);
        await AnnotationApi.AssertStatusAsync(HttpStatusCode.Created, created);
    }

    // The keys, not anything else in the folder, are what carries a sign-in over: without them the
    // second host makes new ones, and the same cookie and token are worth nothing.
    [Fact]
    public async Task WithoutTheKeysTheSameSignInIsRefusedAfterARestart()
    {
        using var data = new TemporaryFolder();
        var (cookies, antiforgery) = await SignUpOnAHostAsync(data.Path, AccountPages.NewUserName());
        Directory.Delete(Path.Combine(data.Path, "keys"), recursive: true);

        await using var restarted = new EssayReaderFactory { DataPath = data.Path };
        var client = restarted.CreateDefaultClient(new CookieContainerHandler(cookies));
        client.DefaultRequestHeaders.Add(antiforgery.HeaderName, antiforgery.Token);

        var session = await client.GetFromJsonAsync<SessionResponse>("/api/session");
        using var created = await client.PostJsonAsync(AnnotationApi.AnnotationsPath(), AnnotationRequests.Highlight(await CanonicalEssay.GetAsync(client), Phrase));

        Assert.Null(session?.User);
        Assert.NotEqual(HttpStatusCode.Created, created.StatusCode);
    }

    // Signs up through the real form on a host of its own, which then stops; returns the cookies it
    // set (sign-in and antiforgery) and the API token GET /api/session gave the signed-in reader.
    private static async Task<(CookieContainer Cookies, AntiforgeryInfo Antiforgery)> SignUpOnAHostAsync(string dataPath, string userName)
    {
        var cookies = new CookieContainer();
        await using var first = new EssayReaderFactory { DataPath = dataPath };
        var browser = first.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var signedUp = await browser.SignUpAsync(userName, "Before the restart", EssayReaderFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedUp.StatusCode);
        var session = await browser.GetFromJsonAsync<SessionResponse>("/api/session");
        Assert.Equal(userName, session?.User?.UserName);
        return (cookies, session!.Antiforgery);
    }
}
