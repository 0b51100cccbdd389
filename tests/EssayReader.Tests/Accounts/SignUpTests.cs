using System.Net;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Tests.Accounts;

public sealed class SignUpTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string GoodPassword = "a long enough passphrase";

    [Fact]
    public async Task SigningUpSignsTheReaderInAndReturnsToTheirPage()
    {
        var browser = factory.CreateBrowser();
        var userName = AccountPages.NewUserName();
        var returnUrl = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

        using var response = await browser.SignUpAsync(userName, "  Ada Lovelace  ", GoodPassword, email: "ada@example.org", returnUrl: returnUrl);

        await response.AssertRedirectsToAsync(returnUrl);
        var essay = await browser.GetPageAsync(returnUrl);
        Assert.Equal("Ada Lovelace", essay.SignedInName());
        await using var scope = factory.CreateDbContext();
        var stored = await scope.Db.Users.SingleAsync(u => u.UserName == userName);
        Assert.Equal("Ada Lovelace", stored.DisplayName);
        Assert.Equal("ada@example.org", stored.Email);
        Assert.NotEqual(GoodPassword, stored.PasswordHash);
    }

    [Fact]
    public async Task SigningUpWithoutAReturnUrlGoesHome()
    {
        using var response = await factory.CreateBrowser().SignUpAsync(AccountPages.NewUserName(), "Reader", GoodPassword);

        await response.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task ATakenUserNameIsRefusedAndTheFormSaysSo()
    {
        var taken = await factory.CreateReaderAsync(displayName: "First reader");
        var browser = factory.CreateBrowser();

        // User names compare without case: "Reader-X" is the same name as "reader-x".
        using var response = await browser.SignUpAsync(taken.UserName!.ToUpperInvariant(), "Second reader", GoodPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Contains("is taken", page.FieldError("User name"), StringComparison.Ordinal);
        Assert.Contains(page.ErrorSummary(), item => item.Contains("is taken", StringComparison.Ordinal));
        Assert.True(page.ShowsSignedOut());
        await using var scope = factory.CreateDbContext();
        var normalized = taken.UserName!.ToUpperInvariant();
        var owner = await scope.Db.Users.SingleAsync(u => u.NormalizedUserName == normalized);
        Assert.Equal("First reader", owner.DisplayName);
    }

    [Fact]
    public async Task APasswordShorterThanTenCharactersIsRefused()
    {
        var userName = AccountPages.NewUserName();

        using var response = await factory.CreateBrowser().SignUpAsync(userName, "Reader", "too short");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Contains("at least 10 characters", page.FieldError("Password"), StringComparison.Ordinal);
        await AssertNoReaderAsync(userName);
    }

    [Fact]
    public async Task AMismatchedConfirmationIsRefused()
    {
        var userName = AccountPages.NewUserName();

        using var response = await factory.CreateBrowser().SignUpAsync(userName, "Reader", GoodPassword, confirmation: GoodPassword + " typo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Contains("do not match", page.FieldError("Password again"), StringComparison.Ordinal);
        await AssertNoReaderAsync(userName);
    }

    [Theory]
    [InlineData("ab", "User name", "3 to 40 characters")]
    [InlineData("has space", "User name", "only letters")]
    [InlineData("semi;colon", "User name", "only letters")]
    [InlineData("", "User name", "Choose a user name")]
    public async Task AnInvalidUserNameIsRefusedNextToItsField(string userName, string label, string message)
    {
        using var response = await factory.CreateBrowser().SignUpAsync(userName, "Reader", GoodPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, (await response.ParseHtmlAsync()).FieldError(label), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("   ", "Enter the name other readers will see")]
    [InlineData("line\nbreak", "control characters")]
    public async Task AnInvalidDisplayNameIsRefusedNextToItsField(string displayName, string message)
    {
        var userName = AccountPages.NewUserName();

        using var response = await factory.CreateBrowser().SignUpAsync(userName, displayName, GoodPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, (await response.ParseHtmlAsync()).FieldError("Display name"), StringComparison.Ordinal);
        await AssertNoReaderAsync(userName);
    }

    [Fact]
    public async Task EveryProblemIsReportedAtOnceAndTheSummaryLinksToTheFields()
    {
        var taken = await factory.CreateReaderAsync();

        using var response = await factory.CreateBrowser().SignUpAsync(taken.UserName!, "", "short", confirmation: "other");

        var page = await response.ParseHtmlAsync();
        Assert.Equal(4, page.ErrorSummary().Count);
        var links = page.QuerySelectorAll("main [role='alert'] a[href^='#']").Select(a => a.GetAttribute("href")![1..]).ToList();
        Assert.All(links, id => Assert.NotNull(page.GetElementById(id)));
        Assert.Contains(AccountPages.InputLabelled(page, "User name").Id, links);
        Assert.Contains(AccountPages.InputLabelled(page, "Password").Id, links);
    }

    [Fact]
    public async Task TheFormKeepsWhatWasTypedButNeverThePassword()
    {
        var userName = AccountPages.NewUserName();

        using var response = await factory.CreateBrowser().SignUpAsync(userName, "Reader", GoodPassword, confirmation: "something else");

        var page = await response.ParseHtmlAsync();
        Assert.Equal(userName, AccountPages.InputLabelled(page, "User name").Value);
        Assert.Equal("Reader", AccountPages.InputLabelled(page, "Display name").Value);
        Assert.Equal(string.Empty, AccountPages.InputLabelled(page, "Password").Value);
    }

    [Fact]
    public async Task ASignUpWithoutTheAntiforgeryTokenIsRejectedAndCreatesNoReader()
    {
        var userName = AccountPages.NewUserName();

        using var response = await factory.CreateBrowser().SubmitFormAsync(AccountPages.SignUpPath, new Dictionary<string, string>
        {
            ["User name"] = userName,
            ["Display name"] = "Reader",
            ["Password"] = GoodPassword,
            ["Password again"] = GoodPassword,
        }, withAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNoReaderAsync(userName);
    }

    [Fact]
    public async Task TheFormsFieldsAreLabelledAndTellPasswordManagersWhatTheyAre()
    {
        var page = await factory.CreateClient().GetPageAsync(AccountPages.SignUpPath);

        Assert.Equal("Create an account", Assert.Single(page.QuerySelectorAll("h1")).TextContent.Trim());
        Assert.StartsWith("Create an account", page.Title, StringComparison.Ordinal);
        Assert.Equal("username", AccountPages.InputLabelled(page, "User name").GetAttribute("autocomplete"));
        Assert.Equal("new-password", AccountPages.InputLabelled(page, "Password").GetAttribute("autocomplete"));
        Assert.Equal("new-password", AccountPages.InputLabelled(page, "Password again").GetAttribute("autocomplete"));
        Assert.Equal("password", AccountPages.InputLabelled(page, "Password").Type);
        Assert.Equal("email", AccountPages.InputLabelled(page, "Email (optional)").Type);
    }

    [Fact]
    public async Task ADisplayNameIsShownAsTextNeverAsMarkup()
    {
        const string displayName = "<img src=x onerror=alert(1)>";
        var reader = await factory.CreateReaderAsync(displayName: displayName);
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        var page = await client.GetPageAsync("/");

        Assert.Equal(displayName, page.SignedInName());
        Assert.Empty(page.QuerySelectorAll("header img"));
    }

    private async Task AssertNoReaderAsync(string userName)
    {
        await using var scope = factory.CreateDbContext();
        var normalized = userName.ToUpperInvariant();
        Assert.False(await scope.Db.Users.AnyAsync(u => u.NormalizedUserName == normalized));
    }
}
