using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EssayReader.Tests.Accounts;

/// <summary>
/// Uses the account pages as a browser does: fetches a page, fills its form by the labels a reader
/// sees, and posts it with the hidden antiforgery token the page carried, over a client that keeps cookies.
/// </summary>
internal static partial class AccountPages
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    public const string SignUpPath = "/account/sign-up";
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string PasswordPath = "/account/password";

    /// <summary>A user name no other test uses.</summary>
    public static string NewUserName() => "reader-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A client with its own cookies that shows redirects rather than following them.</summary>
    public static HttpClient CreateBrowser(this EssayReaderFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string userName, string displayName, string password, string? confirmation = null, string email = "", string? returnUrl = null) =>
        client.SubmitFormAsync(WithReturnUrl(SignUpPath, returnUrl), new Dictionary<string, string>
        {
            ["User name"] = userName,
            ["Display name"] = displayName,
            ["Email (optional)"] = email,
            ["Password"] = password,
            ["Password again"] = confirmation ?? password,
        });

    /// <summary>Signs in through the form; <paramref name="postTo"/> posts it somewhere other than its own action.</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password, string? returnUrl = null, bool keepSignedIn = false, string? postTo = null) =>
        client.SubmitFormAsync(WithReturnUrl(SignInPath, returnUrl), new Dictionary<string, string>
        {
            ["User name"] = userName,
            ["Password"] = password,
            ["Keep me signed in"] = keepSignedIn ? "on" : "off",
        }, postTo: postTo);

    public static string WithReturnUrl(string path, string? returnUrl) =>
        returnUrl is null ? path : $"{path}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>
    /// GETs <paramref name="path"/>, fills the one form matching <paramref name="formSelector"/> (fields found
    /// by their label's text; a checkbox is ticked by "on") and submits it as a browser would, to the form's
    /// action unless <paramref name="postTo"/> names another address (as a crafted request would).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client,
        string path,
        IReadOnlyDictionary<string, string> fieldsByLabel,
        string formSelector = "main form",
        bool withAntiforgeryToken = true,
        string? postTo = null)
    {
        var page = await client.GetPageAsync(path);
        var form = Assert.IsAssignableFrom<IHtmlFormElement>(Assert.Single(page.QuerySelectorAll(formSelector)));
        var filled = fieldsByLabel.ToDictionary(field => (IElement)InputLabelled(form, field.Key), field => field.Value);

        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            var name = input.Name!;
            if (name == AntiforgeryField && !withAntiforgeryToken)
            {
                continue;
            }

            if (input.Type == "checkbox")
            {
                if (filled.TryGetValue(input, out var tick) && tick == "on")
                {
                    values.Add(new(name, input.Value));
                }

                continue;
            }

            values.Add(new(name, filled.TryGetValue(input, out var value) ? value : input.Value));
        }

        Assert.True(!withAntiforgeryToken || values.Any(v => v.Key == AntiforgeryField), $"The form on {path} carries no antiforgery token.");
        var action = form.GetAttribute("action");
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(postTo ?? (string.IsNullOrEmpty(action) ? path : action), content);
    }

    /// <summary>The input a label with exactly this text (whitespace collapsed) is bound to by its <c>for</c>.</summary>
    public static IHtmlInputElement InputLabelled(IParentNode container, string labelText)
    {
        var label = Assert.Single(container.QuerySelectorAll("label"), l => Collapse(l.TextContent) == labelText);
        var id = label.GetAttribute("for");
        Assert.False(string.IsNullOrEmpty(id), $"The label \"{labelText}\" is bound to no input.");
        return Assert.IsAssignableFrom<IHtmlInputElement>(Assert.Single(container.QuerySelectorAll("input"), i => i.Id == id));
    }

    /// <summary>
    /// The error message shown for the field labelled <paramref name="labelText"/>: the field must say it is
    /// invalid and point at the message with <c>aria-describedby</c>, as a screen reader needs.
    /// </summary>
    public static string FieldError(this IDocument page, string labelText)
    {
        var input = InputLabelled(page, labelText);
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var describedBy = (input.GetAttribute("aria-describedby") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var messages = describedBy.Select(page.GetElementById).OfType<IElement>().Where(e => e.ClassList.Contains("field-error")).ToList();
        return Collapse(Assert.Single(messages).TextContent);
    }

    /// <summary>The items of the page's error summary, which must be announced (<c>role="alert"</c>).</summary>
    public static IReadOnlyList<string> ErrorSummary(this IDocument page)
    {
        var summary = Assert.Single(page.QuerySelectorAll("main [role='alert']"));
        return [.. summary.QuerySelectorAll("li").Select(li => Collapse(li.TextContent))];
    }

    /// <summary>The site header's account area: the display name when signed in, else a "Sign in" link.</summary>
    public static IElement AccountNav(this IDocument page) =>
        Assert.Single(page.QuerySelectorAll("header.site-header nav"));

    /// <summary>True when the header offers "Sign in", i.e. the page was rendered for a signed-out reader.</summary>
    public static bool ShowsSignedOut(this IDocument page) =>
        page.AccountNav().QuerySelectorAll("a").Any(a => Collapse(a.TextContent) == "Sign in");

    /// <summary>Fetches a page that must be rendered for a signed-in reader, and returns the name its header shows.</summary>
    public static string SignedInName(this IDocument page)
    {
        var nav = page.AccountNav();
        Assert.Contains(nav.QuerySelectorAll("button"), b => Collapse(b.TextContent) == "Sign out");
        return Collapse(Assert.Single(nav.QuerySelectorAll("strong")).TextContent);
    }

    public static async Task AssertRedirectsToAsync(this HttpResponseMessage response, string location)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect to {location}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
