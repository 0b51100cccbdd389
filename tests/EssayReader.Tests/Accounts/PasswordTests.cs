using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace EssayReader.Tests.Accounts;

public sealed class PasswordTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task ChangingThePasswordKeepsTheReaderSignedInAndRetiresTheOldOne()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        using var response = await client.ChangePasswordAsync(EssayReaderFactory.Password, NewPassword);

        await response.AssertRedirectsToAsync(AccountPages.PasswordPath);
        var confirmation = await client.GetPageAsync(AccountPages.PasswordPath);
        Assert.Contains("has been changed", Assert.Single(confirmation.QuerySelectorAll("main [role='status']")).TextContent, StringComparison.Ordinal);
        Assert.Equal(reader.DisplayName, confirmation.SignedInName());

        using var withOld = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        using var withNew = await factory.CreateBrowser().SignInAsync(reader.UserName!, NewPassword);
        await withNew.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task AWrongCurrentPasswordIsRefusedAndChangesNothing()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        using var response = await client.ChangePasswordAsync("not my current password", NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Contains("not your current password", page.FieldError("Current password"), StringComparison.Ordinal);
        using var withOld = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        await withOld.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task ATooShortOrMismatchedNewPasswordIsRefusedNextToItsField()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        using var tooShort = await client.ChangePasswordAsync(EssayReaderFactory.Password, "short");
        using var mismatched = await client.ChangePasswordAsync(EssayReaderFactory.Password, NewPassword, NewPassword + "!");

        Assert.Contains("at least 10 characters", (await tooShort.ParseHtmlAsync()).FieldError("New password"), StringComparison.Ordinal);
        Assert.Contains("do not match", (await mismatched.ParseHtmlAsync()).FieldError("New password again"), StringComparison.Ordinal);
        using var withOld = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        await withOld.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task AChangeWithoutTheAntiforgeryTokenIsRejectedAndChangesNothing()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        using var response = await client.ChangePasswordAsync(EssayReaderFactory.Password, NewPassword, withAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var withOld = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        await withOld.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task ThePasswordPageSendsASignedOutReaderToSignInAndBack()
    {
        using var response = await factory.CreateBrowser().GetAsync(AccountPages.PasswordPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
        Assert.Equal(AccountPages.SignInPath, target.AbsolutePath);
        var query = QueryHelpers.ParseQuery(target.Query);
        Assert.Equal(AccountPages.PasswordPath, Assert.Single(query, q => q.Key.Equals("returnUrl", StringComparison.OrdinalIgnoreCase)).Value.ToString());
    }

    [Fact]
    public async Task TheFormIsLabelledForPasswordManagers()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);

        var page = await client.GetPageAsync(AccountPages.PasswordPath);

        Assert.Equal("Change password", Assert.Single(page.QuerySelectorAll("h1")).TextContent.Trim());
        Assert.Equal("current-password", AccountPages.InputLabelled(page, "Current password").GetAttribute("autocomplete"));
        Assert.Equal("new-password", AccountPages.InputLabelled(page, "New password").GetAttribute("autocomplete"));
        Assert.Equal("new-password", AccountPages.InputLabelled(page, "New password again").GetAttribute("autocomplete"));
    }
}

internal static class PasswordForm
{
    public static Task<HttpResponseMessage> ChangePasswordAsync(this HttpClient client, string current, string next, string? confirmation = null, bool withAntiforgeryToken = true) =>
        client.SubmitFormAsync(AccountPages.PasswordPath, new Dictionary<string, string>
        {
            ["Current password"] = current,
            ["New password"] = next,
            ["New password again"] = confirmation ?? next,
        }, withAntiforgeryToken: withAntiforgeryToken);
}
