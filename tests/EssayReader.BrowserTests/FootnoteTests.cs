using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>A reader follows the essay's notes: in place on hover, focus and tap, in the margin, and with script off.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class FootnoteTests(BrowserFixture browser)
{
    private const string FirstNoteWords = "Ukraine Crisis Pushing Putin Towards China";

    [Fact]
    public async Task HoveringAReferenceShowsItsNoteAndEscapeClosesIt()
    {
        var page = await browser.OpenEssayAsync();
        var reference = page.GetByRole(AriaRole.Link, new() { Name = "Note 1", Exact = true });
        var preview = page.GetByRole(AriaRole.Tooltip);

        await reference.HoverAsync();

        await Expect(preview).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync(FirstNoteWords);
        await Expect(preview.GetByRole(AriaRole.Link, new() { Name = "archived copy" }))
            .ToHaveAttributeAsync("href", "https://web.archive.org/web/20140628/http://goo.gl/XG6SQ5");

        await page.Keyboard.PressAsync("Escape");

        await Expect(preview).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TabbingToAReferenceShowsItsNoteAndEscapeClosesIt()
    {
        var page = await browser.OpenEssayAsync();
        // The last entry of the contents comes just before the first reference in the tab order.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Contents" })
            .GetByRole(AriaRole.Link, new() { Name = "Notes", Exact = true }).FocusAsync();
        var reference = page.GetByRole(AriaRole.Link, new() { Name = "Note 1", Exact = true });
        var preview = page.GetByRole(AriaRole.Tooltip);

        await page.Keyboard.PressAsync("Tab");

        await Expect(reference).ToBeFocusedAsync();
        await Expect(preview).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync(FirstNoteWords);
        await Expect(reference).ToHaveAttributeAsync("aria-describedby", "footnote-preview");

        await page.Keyboard.PressAsync("Escape");

        await Expect(preview).ToBeHiddenAsync();
        await Expect(reference).ToBeFocusedAsync();
        await Expect(reference).Not.ToHaveAttributeAsync("aria-describedby", "footnote-preview");

        // Enter still follows the link to the note itself.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#fn:1$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TappingAReferenceOnAPhoneShowsTheNoteWithAWayToIt()
    {
        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var reference = page.GetByRole(AriaRole.Link, new() { Name = "Note 2", Exact = true });
        var preview = page.GetByRole(AriaRole.Tooltip);

        await reference.TapAsync();

        await Expect(preview).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync("Afghanistan and Sino-Soviet Relations");
        Assert.DoesNotMatch("#fn:2$", page.Url);

        await preview.GetByRole(AriaRole.Link, new() { Name = "Go to note 2" }).TapAsync();

        await Expect(page).ToHaveURLAsync(new Regex("#fn:2$"));
        await Expect(preview).ToBeHiddenAsync();
        await Expect(page.Locator("li[id='fn:2']")).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAWideScreenTheNotesSitInTheMarginBesideTheirReferences()
    {
        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var sidenote = page.Locator(".sidenote[data-note='fn:1']");
        var reference = page.GetByRole(AriaRole.Link, new() { Name = "Note 1", Exact = true });

        await Expect(sidenote).ToBeVisibleAsync();
        await Expect(sidenote).ToContainTextAsync(FirstNoteWords);
        var noteBox = await sidenote.BoundingBoxAsync();
        var referenceBox = await reference.BoundingBoxAsync();
        Assert.NotNull(noteBox);
        Assert.NotNull(referenceBox);
        Assert.True(noteBox.X > referenceBox.X, "the sidenote sits to the right of the text");
        Assert.InRange(noteBox.Y - referenceBox.Y, -40, 40);

        await reference.HoverAsync();

        await Expect(sidenote).ToHaveClassAsync(new Regex(@"\bis-active\b"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithScriptOffReferencesAndNotesStillLinkBothWays()
    {
        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });

        await page.GetByRole(AriaRole.Link, new() { Name = "Note 4", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("#fn:4$"));
        await Expect(page.Locator("li[id='fn:4']")).ToBeInViewportAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to reference 4" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("#fnref:4$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Note 4", Exact = true })).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePageScriptsLeaveTheCanonicalTextAsTheServerHashedIt()
    {
        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GetByRole(AriaRole.Link, new() { Name = "Note 1", Exact = true }).HoverAsync();
        await Expect(page.Locator(".sidenote").First).ToBeVisibleAsync();

        // SHA-256 of the root's textContent, as DESIGN.md defines the essay version, computed by the browser.
        var versions = await page.EvaluateAsync<string[]>("""
            async () => {
              const root = document.querySelector("[data-essay-root]");
              const bytes = new TextEncoder().encode(root.textContent);
              const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
              const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
              return [root.dataset.essayVersion, hex.slice(0, 16)];
            }
            """);

        Assert.Equal(versions[0], versions[1]);
        await page.Context.CloseAsync();
    }
}
