using System.Net;
using EssayReader.Pages.Account;
using Serilog.Events;

namespace EssayReader.Tests.Accounts;

public sealed class SignInTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Fact]
    public async Task TheRightPasswordSignsInAndReturnsToTheReturnUrl()
    {
        var reader = await factory.CreateReaderAsync(displayName: "Grace Hopper");
        var browser = factory.CreateBrowser();
        var returnUrl = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug) + "?from=header";

        using var response = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password, returnUrl);

        await response.AssertRedirectsToAsync(returnUrl);
        Assert.Equal("Grace Hopper", (await browser.GetPageAsync("/")).SignedInName());
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task AReturnUrlOffTheSiteIsNotFollowed(string returnUrl)
    {
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();

        // Posted with the return address in the query even though the page's own form leaves it out.
        using var response = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password, returnUrl,
            postTo: AccountPages.WithReturnUrl(AccountPages.SignInPath, returnUrl));

        await response.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task AReturnUrlOffTheSiteIsNotPassedOnInLinks()
    {
        var page = await factory.CreateClient().GetPageAsync(AccountPages.WithReturnUrl(AccountPages.SignInPath, "https://evil.example/"));

        Assert.DoesNotContain(page.QuerySelectorAll("[href], [action]"),
            e => (e.GetAttribute("href") ?? e.GetAttribute("action"))!.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLinkToSignUpKeepsTheReturnUrl()
    {
        var returnUrl = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

        var page = await factory.CreateClient().GetPageAsync(AccountPages.WithReturnUrl(AccountPages.SignInPath, returnUrl));

        var signUp = Assert.Single(page.QuerySelectorAll("main a"), a => AccountPages.Collapse(a.TextContent) == "Create an account");
        Assert.Equal(AccountPages.WithReturnUrl(AccountPages.SignUpPath, returnUrl), signUp.GetAttribute("href"));
    }

    [Fact]
    public async Task AWrongPasswordShowsTheOneGenericMessage()
    {
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();

        using var response = await browser.SignInAsync(reader.UserName!, "not the password at all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Equal([SignInModel.WrongCredentials], page.ErrorSummary());
        Assert.True(page.ShowsSignedOut());
        Assert.Equal(reader.UserName, AccountPages.InputLabelled(page, "User name").Value);
        Assert.True((await browser.GetPageAsync("/")).ShowsSignedOut());
    }

    [Fact]
    public async Task AnUnknownUserNameShowsTheSameMessageAsAWrongPassword()
    {
        using var response = await factory.CreateBrowser().SignInAsync(AccountPages.NewUserName(), EssayReaderFactory.Password);

        Assert.Equal([SignInModel.WrongCredentials], (await response.ParseHtmlAsync()).ErrorSummary());
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountSoEvenTheRightOneIsRefused()
    {
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await browser.SignInAsync(reader.UserName!, $"wrong password number {attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var response = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Equal([SignInModel.LockedOut], page.ErrorSummary());
        Assert.Contains("locked for a few minutes", SignInModel.LockedOut, StringComparison.Ordinal);
        Assert.True((await browser.GetPageAsync("/")).ShowsSignedOut());
    }

    [Fact]
    public async Task FourWrongPasswordsDoNotLockTheAccount()
    {
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await browser.SignInAsync(reader.UserName!, $"wrong password number {attempt}");
        }

        using var response = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        await response.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task SuccessesFailuresAndLockoutsAreLoggedByReaderIdAndNothingTypedIsLogged()
    {
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();
        const string wrongPassword = "canary-wrong-password-7f3a";
        // A password typed into the user-name field, the classic way one reaches a log.
        var typedIntoUserName = "canary-typed-" + Guid.NewGuid().ToString("N")[..12];
        using (await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password))
        {
        }

        using (await factory.CreateBrowser().SignInAsync(typedIntoUserName, wrongPassword))
        {
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await browser.SignInAsync(reader.UserName!, wrongPassword);
        }

        var mine = factory.Logs.Events
            .Where(e => e.Properties.TryGetValue("ReaderId", out var id) && id is ScalarValue { Value: string value } && value == reader.Id)
            .Select(e => e.MessageTemplate.Text)
            .ToList();
        Assert.Contains(mine, m => m.Contains("signed in", StringComparison.Ordinal));
        Assert.Contains(mine, m => m.Contains("Sign-in failed", StringComparison.Ordinal));
        Assert.Contains(mine, m => m.Contains("locked out", StringComparison.Ordinal));
        Assert.Contains(factory.Logs.Events, e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.Contains("no reader has the user name", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.FullText(), line =>
            line.Contains(wrongPassword, StringComparison.Ordinal)
            || line.Contains(EssayReaderFactory.Password, StringComparison.Ordinal)
            || line.Contains(typedIntoUserName, StringComparison.Ordinal)
            || line.Contains(reader.UserName!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KeepMeSignedInDecidesWhetherTheCookieOutlivesTheBrowser(bool keepSignedIn)
    {
        var reader = await factory.CreateReaderAsync();

        using var response = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password, keepSignedIn: keepSignedIn);

        await response.AssertRedirectsToAsync("/");
        var authCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("EssayReader.Auth=", StringComparison.Ordinal));
        Assert.Equal(keepSignedIn, authCookie.Contains("expires=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheFormIsLabelledForPasswordManagers()
    {
        var page = await factory.CreateClient().GetPageAsync(AccountPages.SignInPath);

        Assert.Equal("Sign in", Assert.Single(page.QuerySelectorAll("h1")).TextContent.Trim());
        Assert.StartsWith("Sign in", page.Title, StringComparison.Ordinal);
        Assert.Equal("username", AccountPages.InputLabelled(page, "User name").GetAttribute("autocomplete"));
        Assert.Equal("current-password", AccountPages.InputLabelled(page, "Password").GetAttribute("autocomplete"));
        Assert.Equal("checkbox", AccountPages.InputLabelled(page, "Keep me signed in").Type);
    }
}
