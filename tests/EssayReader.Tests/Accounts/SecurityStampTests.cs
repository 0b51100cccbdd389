using System.Net;
using System.Security.Claims;
using System.Text.Json;
using EssayReader.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EssayReader.Tests.Accounts;

/// <summary>
/// A sign-in cookie is checked against the reader's security stamp (which a password change replaces)
/// once Identity's validation interval has passed since it was issued, and not before.
/// </summary>
public sealed class SecurityStampTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Fact]
    public async Task AnOldCookieFromBeforeTheStampChangedIsSignedOut()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await ClientWithCookieIssuedAsync(reader, ago: PastTheInterval());
        await ReplaceSecurityStampAsync(reader);

        using var session = await SessionAsync(client);

        Assert.Equal(JsonValueKind.Null, session.RootElement.GetProperty("user").ValueKind);
    }

    [Fact]
    public async Task AnOldCookieWithTheCurrentStampStaysSignedInAndIsRenewed()
    {
        var reader = await factory.CreateReaderAsync(displayName: "Olaudah Equiano");
        var client = await ClientWithCookieIssuedAsync(reader, ago: PastTheInterval());

        using var response = await client.GetAsync("/api/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Olaudah Equiano", session.RootElement.GetProperty("user").GetProperty("displayName").GetString());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthCookieName() + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARecentCookieIsNotCheckedAgainstTheStampBeforeTheIntervalPasses()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await ClientWithCookieIssuedAsync(reader, ago: TimeSpan.FromMinutes(1));
        await ReplaceSecurityStampAsync(reader);

        using var session = await SessionAsync(client);

        Assert.Equal(reader.Id, session.RootElement.GetProperty("user").GetProperty("id").GetString());
    }

    private TimeSpan PastTheInterval() =>
        factory.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval + TimeSpan.FromMinutes(1);

    private string AuthCookieName() =>
        factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.Name!;

    // The app's own sign-in cookie for the reader, as a sign-in at that moment would have issued it.
    private async Task<HttpClient> ClientWithCookieIssuedAsync(Reader reader, TimeSpan ago)
    {
        ClaimsPrincipal principal;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            principal = await scope.ServiceProvider.GetRequiredService<SignInManager<Reader>>().CreateUserPrincipalAsync(reader);
        }

        var issued = DateTimeOffset.UtcNow - ago;
        var properties = new AuthenticationProperties { IssuedUtc = issued, ExpiresUtc = issued.AddDays(30) };
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var value = options.TicketDataFormat.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.ApplicationScheme));
        var client = factory.CreateClient(new() { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{options.Cookie.Name}={value}");
        return client;
    }

    private async Task ReplaceSecurityStampAsync(Reader reader)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Reader>>();
        var stored = await users.FindByIdAsync(reader.Id) ?? throw new InvalidOperationException("the reader is gone");
        var result = await users.UpdateSecurityStampAsync(stored);
        Assert.True(result.Succeeded);
    }

    private static async Task<JsonDocument> SessionAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
