using System.Net;
using System.Text.Json;
using EssayReader.Accounts;

namespace EssayReader.Tests.Accounts;

public sealed class SessionApiTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Fact]
    public async Task ASignedOutCallerHasNoUserButGetsAnAntiforgeryToken()
    {
        using var session = await GetSessionAsync(factory.CreateClient());

        Assert.Equal(JsonValueKind.Null, session.RootElement.GetProperty("user").ValueKind);
        AssertAntiforgery(session.RootElement);
    }

    [Fact]
    public async Task TheSessionIsNeverStoredByACache()
    {
        using var response = await factory.CreateClient().GetAsync("/api/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "a per-user token must not be cached");
    }

    [Fact]
    public async Task ASignedInCallerSeesTheirIdUserNameAndDisplayName()
    {
        var reader = await factory.CreateReaderAsync(displayName: "Mary Shelley");
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        using var session = await GetSessionAsync(client);

        var user = session.RootElement.GetProperty("user");
        Assert.Equal(reader.Id, user.GetProperty("id").GetString());
        Assert.Equal(reader.UserName, user.GetProperty("userName").GetString());
        Assert.Equal("Mary Shelley", user.GetProperty("displayName").GetString());
        AssertAntiforgery(session.RootElement);
    }

    [Fact]
    public async Task AReaderSignedInThroughTheFormIsTheSessionsUser()
    {
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();
        using (var signedIn = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password))
        {
            await signedIn.AssertRedirectsToAsync("/");
        }

        using var session = await GetSessionAsync(browser);

        Assert.Equal(reader.Id, session.RootElement.GetProperty("user").GetProperty("id").GetString());
    }

    private static async Task<JsonDocument> GetSessionAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "A session answer names the reader; no cache may keep it.");
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }

    private static void AssertAntiforgery(JsonElement session)
    {
        var antiforgery = session.GetProperty("antiforgery");
        Assert.Equal(AccountsExtensions.AntiforgeryHeader, antiforgery.GetProperty("headerName").GetString());
        Assert.Equal("X-CSRF-TOKEN", antiforgery.GetProperty("headerName").GetString());
        Assert.False(string.IsNullOrEmpty(antiforgery.GetProperty("token").GetString()));
    }
}
