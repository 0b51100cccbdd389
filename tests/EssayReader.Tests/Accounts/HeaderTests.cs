namespace EssayReader.Tests.Accounts;

/// <summary>The site header's account area, on every page: "Sign in" for a guest; name, password and sign-out for a reader.</summary>
public sealed class HeaderTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Fact]
    public async Task TheSignInLinkComesBackToThePageItIsOn()
    {
        var here = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug) + "?from=list";

        var page = await factory.CreateClient().GetPageAsync(here);

        var signIn = Assert.Single(page.AccountNav().QuerySelectorAll("a"), a => AccountPages.Collapse(a.TextContent) == "Sign in");
        Assert.Equal(AccountPages.WithReturnUrl(AccountPages.SignInPath, here), signIn.GetAttribute("href"));
    }

    [Fact]
    public async Task OnAnAccountPageTheSignInLinkKeepsThatPagesReturnUrlInsteadOfNestingIt()
    {
        var essay = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

        var page = await factory.CreateClient().GetPageAsync(AccountPages.WithReturnUrl(AccountPages.SignUpPath, essay));

        var signIn = Assert.Single(page.AccountNav().QuerySelectorAll("a"), a => AccountPages.Collapse(a.TextContent) == "Sign in");
        Assert.Equal(AccountPages.WithReturnUrl(AccountPages.SignInPath, essay), signIn.GetAttribute("href"));
    }

    [Fact]
    public async Task ASignedInReaderSeesTheirNameAChangePasswordLinkAndASignOutButton()
    {
        var reader = await factory.CreateReaderAsync(displayName: "Virginia Woolf");
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        var page = await client.GetPageAsync("/");

        Assert.Equal("Virginia Woolf", page.SignedInName());
        Assert.Contains(page.AccountNav().QuerySelectorAll("a"), a => a.GetAttribute("href") == AccountPages.PasswordPath && AccountPages.Collapse(a.TextContent) == "Change password");
        Assert.False(page.ShowsSignedOut());
    }

    [Fact]
    public async Task TheHeaderKeepsTheSiteNameAndTheThemeSwitch()
    {
        var page = await factory.CreateClient().GetPageAsync("/");

        var header = Assert.Single(page.QuerySelectorAll("header.site-header"));
        Assert.Single(header.QuerySelectorAll("a.site-name[href='/']"));
        Assert.Single(header.QuerySelectorAll("button#theme-toggle"));
    }

    [Fact]
    public async Task AGuestsPageCarriesNoFormToken()
    {
        // A guest's page is the same for every guest, so it can be cached; a token would make it personal.
        var page = await factory.CreateClient().GetPageAsync(HtmlPages.EssayPath(EssayReaderFactory.EssaySlug));

        Assert.Empty(page.QuerySelectorAll($"input[name='{AccountPages.AntiforgeryField}']"));
    }
}
