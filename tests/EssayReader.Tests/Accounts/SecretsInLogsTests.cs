using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Accounts;

/// <summary>
/// A reader's whole session, with a unique canary in every secret they type or send (user name,
/// passwords, comments, cookies, tokens): none of them reaches the log, in any event's message,
/// properties or exception, at any level.
/// </summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task NoPasswordCommentCookieOrTokenReachesTheLog()
    {
        await using var factory = new EssayReaderFactory();
        // Every level, the framework's too: turning the log up to chase a problem must not spill secrets.
        factory.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
        factory.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose";
        factory.Settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Verbose";
        var canaries = new Dictionary<string, string>();
        string Canary(string what) => canaries[what] = $"canary{what.Replace(" ", string.Empty, StringComparison.Ordinal)}{Guid.NewGuid():N}"[..40];
        var userName = Canary("UserName");
        var password = Canary("Password");
        var wrongPassword = Canary("WrongPassword");
        var newPassword = Canary("NewPassword");
        var cookies = new CookieContainer();
        var browser = factory.CreateDefaultClient(new CookieContainerHandler(cookies));

        // Accounts: sign up, out, three failed sign-ins (a wrong password, a password typed into the
        // user-name field, an unknown user name), in, a refused and a made password change.
        using (var signedUp = await browser.SignUpAsync(userName, "Canary Reader", password))
        {
            await signedUp.AssertRedirectsToAsync("/");
        }

        using (var signedOut = await browser.SubmitFormAsync(AccountPages.SignOutPath, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        foreach (var (name, secret) in new[] { (userName, wrongPassword), (password, wrongPassword), (Canary("UnknownUserName"), password) })
        {
            using var refused = await browser.SignInAsync(name, secret);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        using (var signedIn = await browser.SignInAsync(userName, password))
        {
            await signedIn.AssertRedirectsToAsync("/");
        }

        using (var refused = await browser.ChangePasswordAsync(wrongPassword, newPassword))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        using (var changed = await browser.ChangePasswordAsync(password, newPassword))
        {
            await changed.AssertRedirectsToAsync(AccountPages.PasswordPath);
        }

        // Annotations: a comment, a reply, an edit, each with the antiforgery token script would send.
        var session = await browser.GetFromJsonAsync<JsonObject>("/api/session");
        var antiforgery = session!["antiforgery"]!;
        canaries["antiforgery request token"] = (string)antiforgery["token"]!;
        browser.DefaultRequestHeaders.Add((string)antiforgery["headerName"]!, (string)antiforgery["token"]!);
        var essay = await CanonicalEssay.GetAsync(browser);
        var comment = IdOf(await browser.CreateAsync(AnnotationRequests.Comment(essay, "China is hedging.", Canary("CommentBody"))));
        await browser.ReplyAsync(comment, Canary("ReplyBody"));
        using (var edited = await browser.PatchJsonAsync(AnnotationPath(comment), new JsonObject { ["body"] = AnnotationRequests.Body(Canary("EditedBody")) }))
        {
            await AssertStatusAsync(HttpStatusCode.OK, edited);
        }

        // The app's own cookies (sign-in, antiforgery), and forged ones and tokens sent with refused requests.
        foreach (Cookie cookie in cookies.GetAllCookies())
        {
            canaries[$"cookie {cookie.Name}"] = cookie.Value;
        }

        var stranger = factory.CreateDefaultClient();
        using (var forged = new HttpRequestMessage(HttpMethod.Post, AnnotationsPath()) { Content = JsonContent.Create(AnnotationRequests.Comment(essay, "China is hedging.")) })
        {
            forged.Headers.Add("Cookie", $"EssayReader.Auth={cookies.GetAllCookies()["EssayReader.Auth"]!.Value}; preferences={Canary("ForeignCookie")}");
            forged.Headers.Add("X-CSRF-TOKEN", Canary("ForgedAntiforgeryToken"));
            forged.Headers.Add("Authorization", $"Bearer {Canary("BearerToken")}");
            using var refused = await stranger.SendAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var forged = new HttpRequestMessage(HttpMethod.Get, "/api/session"))
        {
            forged.Headers.Add("Cookie", $"EssayReader.Auth={Canary("ForgedAuthCookie")}; EssayReader.Antiforgery={Canary("ForgedAntiforgeryCookie")}");
            using var anonymous = await stranger.SendAsync(forged);
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        }

        using (var forged = new HttpRequestMessage(HttpMethod.Post, AccountPages.SignInPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = userName,
                ["Input.Password"] = newPassword,
                [AccountPages.AntiforgeryField] = Canary("ForgedFormToken"),
            }),
        })
        {
            using var refused = await stranger.SendAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var logs = factory.Logs.FullText();
        Assert.NotEmpty(logs);
        var leaks = canaries
            .SelectMany(canary => logs.Where(line => line.Contains(canary.Value, StringComparison.OrdinalIgnoreCase)).Select(line => $"{canary.Key}: {line}"))
            .ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
