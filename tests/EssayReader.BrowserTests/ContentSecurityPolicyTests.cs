using System.Net;
using System.Text.RegularExpressions;
using EssayReader.Pages;
using EssayReader.Tests;
using EssayReader.Tests.Essays;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>
/// The pages work under their Content-Security-Policy: a reader uses every feature of the essay page
/// (note previews, sidenotes, the theme toggle, highlighting, commenting, the panel) and visits the
/// other pages, and Chromium reports no violation. To show the watch is live, the test then has an
/// inline script refused.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    // Every violation, from the page's securitypolicyviolation events, said on the console beside
    // Chromium's own "Refused to …" messages.
    private const string ReportViolations = """
        document.addEventListener("securitypolicyviolation", (event) =>
          console.error(`Content Security Policy: ${event.effectiveDirective} refused ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`));
        """;

    private const string AlignedTableSlug = "csp-aligned-table";

    [Fact]
    public async Task EveryFeatureOfTheEssayPageWorksWithinThePolicy()
    {
        var reader = await browser.App.CreateReaderAsync(displayName: "Policy Reader");
        var (page, violations) = await OpenAsync(reader, new ViewportSize { Width = 1024, Height = 800 });

        var response = await page.GotoAsync($"/essays/{EssayReaderFactory.EssaySlug}");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, await response!.HeaderValueAsync("content-security-policy"));
        await Expect(page.Locator("html[data-annotations='ready']")).ToHaveCountAsync(1);

        // A note's preview on hover.
        await page.GetByRole(AriaRole.Link, new() { Name = "Note 1", Exact = true }).HoverAsync();
        await Expect(page.GetByRole(AriaRole.Tooltip)).ToContainTextAsync("Ukraine Crisis Pushing Putin Towards China");
        await page.Keyboard.PressAsync("Escape");

        // The theme toggle.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Theme: system") }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", new Regex("^(light|dark)$"));

        // A highlight, a comment with Markdown, and both in the panel; on passages no other test of the
        // shared app marks, whose cards they would otherwise find twice.
        await EssayPage.SelectAsync(page, "commonplace for the local population");
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in blue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Highlight saved" })).ToHaveCountAsync(1);
        await EssayPage.SelectAsync(page, "regional security monitoring through the Shanghai Cooperation Organisation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await page.GetByLabel("Your comment").FillAsync("Checked *under the policy*, see [the source](https://example.org/source).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Comment saved" })).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Annotations") }).ClickAsync();
        var card = page.GetByRole(AriaRole.Complementary, new() { Name = "Annotations" }).Locator(".annotation-card", new() { HasText = "Checked under the policy" });
        await Expect(card.Locator("em")).ToHaveTextAsync("under the policy");

        // Sidenotes, placed by script, on a wide screen.
        await page.SetViewportSizeAsync(1440, 1000);
        await Expect(page.Locator(".sidenote[data-note='fn:1']")).ToBeVisibleAsync();

        AssertNone(violations);
        await AssertAnInlineScriptIsRefusedAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOtherPagesWorkWithinThePolicy()
    {
        await EssayReaderFactory.SaveEssayFileAsync(Path.Combine(browser.App.ContentPath, AlignedTableSlug + ".md"), TestEssay.AlignedTable);
        using (var client = browser.App.CreateClient())
        {
            Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync($"/essays/{AlignedTableSlug}")).StatusCode == HttpStatusCode.OK));
        }

        var (page, violations) = await OpenAsync(reader: null, new ViewportSize { Width = 1024, Height = 800 });
        foreach (var path in new[] { "/", "/account/sign-in", "/account/sign-up", $"/essays/{EssayReaderFactory.EssaySlug}/annotations", "/no-such-page" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
        }

        // Markdig aligns a table's columns with style attributes, allowed by their hashes.
        await page.GotoAsync($"/essays/{AlignedTableSlug}");
        Assert.Equal(["left", "center", "right"], await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('[data-essay-root] tbody td')].map((td) => getComputedStyle(td).textAlign)"));

        AssertNone(violations);
        await page.Context.CloseAsync();
    }

    private async Task<(IPage Page, List<string> Violations)> OpenAsync(Accounts.Reader? reader, ViewportSize viewport)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(),
            ViewportSize = viewport,
            ReducedMotion = ReducedMotion.Reduce,
        });
        if (reader is not null)
        {
            var (name, value) = await browser.App.AuthCookieAsync(reader);
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = name, Value = value, Url = browser.BaseAddress.ToString() }]);
        }

        await context.AddInitScriptAsync(ReportViolations);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add($"{message.Text} on {page.Url}");
                }
            }
        };
        return (page, violations);
    }

    private static void AssertNone(List<string> violations)
    {
        lock (violations)
        {
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
    }

    // The page reports a violation when there is one: an inline script is refused, and said to be.
    private static async Task AssertAnInlineScriptIsRefusedAsync(IPage page)
    {
        var directive = await page.EvaluateAsync<string>("""
            () => new Promise((resolve) => {
              document.addEventListener("securitypolicyviolation", (event) => resolve(event.effectiveDirective), { once: true });
              const script = document.createElement("script");
              script.textContent = "window.__inlineRan = true";
              document.body.append(script);
            })
            """);

        Assert.Equal("script-src-elem", directive);
        Assert.False(await page.EvaluateAsync<bool>("() => window.__inlineRan === true"));
    }
}
