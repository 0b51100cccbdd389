using System.Net;
using EssayReader.Accounts;
using EssayReader.Pages.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

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
    public async Task FiveWrongCurrentPasswordsLockTheAccountSoEvenTheRightOneIsRefused()
    {
        // A stolen session must not be a way to guess the password without the lockout sign-in has.
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await client.ChangePasswordAsync($"wrong guess number {attempt}", NewPassword);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var response = await client.ChangePasswordAsync(EssayReaderFactory.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([PasswordModel.LockedOut], (await response.ParseHtmlAsync()).ErrorSummary());
        using var signIn = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        Assert.Equal([SignInModel.LockedOut], (await signIn.ParseHtmlAsync()).ErrorSummary());
        Assert.True(await PasswordIsAsync(reader.Id, EssayReaderFactory.Password));
    }

    [Fact]
    public async Task WrongCurrentPasswordsAndWrongSignInsCountTowardOneLockout()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var wrongSignIn = await factory.CreateBrowser().SignInAsync(reader.UserName!, $"wrong sign-in {attempt}");
        }

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var wrongChange = await client.ChangePasswordAsync($"wrong current {attempt}", NewPassword);
        }

        using var signIn = await factory.CreateBrowser().SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        Assert.Equal([SignInModel.LockedOut], (await signIn.ParseHtmlAsync()).ErrorSummary());
    }

    [Fact]
    public async Task FourWrongCurrentPasswordsDoNotLockAndTheRightOneStartsTheCountAgain()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await client.ChangePasswordAsync($"wrong guess number {attempt}", NewPassword);
        }

        using var response = await client.ChangePasswordAsync(EssayReaderFactory.Password, NewPassword);

        await response.AssertRedirectsToAsync(AccountPages.PasswordPath);
        await using var scope = factory.CreateDbContext();
        Assert.Equal(0, await scope.Db.Users.Where(u => u.Id == reader.Id).Select(u => u.AccessFailedCount).SingleAsync());
    }

    [Fact]
    public async Task ALockedOutChangeIsLogged()
    {
        var reader = await factory.CreateReaderAsync();
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var wrong = await client.ChangePasswordAsync($"wrong guess number {attempt}", NewPassword);
        }

        var mine = factory.Logs.Events
            .Where(e => e.Properties.TryGetValue("ReaderId", out var id) && id is ScalarValue { Value: string value } && value == reader.Id)
            .Select(e => (e.Level, e.MessageTemplate.Text))
            .ToList();
        Assert.Contains(mine, m => m.Level == LogEventLevel.Warning && m.Text.Contains("wrong current password", StringComparison.Ordinal));
        Assert.Contains(mine, m => m.Level == LogEventLevel.Warning && m.Text.Contains("locked out", StringComparison.Ordinal));
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

    private async Task<bool> PasswordIsAsync(string readerId, string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Reader>>();
        return await users.CheckPasswordAsync((await users.FindByIdAsync(readerId))!, password);
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
