using System.Net;

namespace EssayReader.Tests.Accounts;

public sealed class SignOutTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string HeaderSignOutForm = "header.site-header form";

    [Fact]
    public async Task TheHeadersSignOutButtonSignsOutAndStaysOnThePage()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);
        var essay = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

        using var response = await client.SubmitFormAsync(essay, new Dictionary<string, string>(), HeaderSignOutForm);

        await response.AssertRedirectsToAsync(essay);
        Assert.True((await client.GetPageAsync(essay)).ShowsSignedOut());
    }

    [Fact]
    public async Task TheHeadersSignOutFormPostsWithAnAntiforgeryToken()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        var page = await client.GetPageAsync("/");

        var form = Assert.Single(page.QuerySelectorAll(HeaderSignOutForm));
        Assert.Equal("post", form.GetAttribute("method"), ignoreCase: true);
        Assert.StartsWith(AccountPages.SignOutPath, form.GetAttribute("action"), StringComparison.Ordinal);
        Assert.Single(form.QuerySelectorAll($"input[type='hidden'][name='{AccountPages.AntiforgeryField}']"));
    }

    [Fact]
    public async Task OpeningTheSignOutAddressOnlyOffersAButton()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        var page = await client.GetPageAsync(AccountPages.SignOutPath);

        Assert.Equal("Sign out", Assert.Single(page.QuerySelectorAll("h1")).TextContent.Trim());
        var form = Assert.Single(page.QuerySelectorAll("main form"));
        Assert.Equal("post", form.GetAttribute("method"), ignoreCase: true);
        Assert.Equal(reader.DisplayName, (await client.GetPageAsync("/")).SignedInName());
    }

    [Fact]
    public async Task SigningOutReturnsOnlyToAnAddressOnTheSite()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        var evil = AccountPages.WithReturnUrl(AccountPages.SignOutPath, "https://evil.example/");
        using var response = await client.SubmitFormAsync(evil, new Dictionary<string, string>(), postTo: evil);

        await response.AssertRedirectsToAsync("/");
        Assert.True((await client.GetPageAsync("/")).ShowsSignedOut());
    }

    [Fact]
    public async Task ASignOutWithoutTheAntiforgeryTokenIsRejectedAndLeavesTheReaderSignedIn()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        using var response = await client.SubmitFormAsync("/", new Dictionary<string, string>(), HeaderSignOutForm, withAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reader.DisplayName, (await client.GetPageAsync("/")).SignedInName());
    }
}
