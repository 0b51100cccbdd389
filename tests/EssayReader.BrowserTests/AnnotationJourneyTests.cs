using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>The rest of a reader's life with annotations: joining, coming back, linking, deleting, failing safely.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class AnnotationJourneyTests(BrowserFixture browser)
{
    private static readonly Regex PanelToggle = new("^Annotations");

    [Fact]
    public async Task ASignedOutReaderWhoHighlightsSignsUpAndComesBackToTheSamePassage()
    {
        const string passage = "the sheer strength of American hegemony would overwhelm such a prospect";
        var page = await browser.OpenEssayAsync();
        await EssayPage.SelectAsync(page, passage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in blue" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync("newcomer" + Guid.NewGuid().ToString("N")[..8]);
        await page.GetByLabel("Display name").FillAsync("New Comer");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a long enough password");
        await page.GetByLabel("Password again").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Back on the essay with the same passage selected and the toolbar ready.
        await Expect(page).ToHaveURLAsync(new Regex($"/essays/{Tests.EssayReaderFactory.EssaySlug}$"));
        var toolbar = page.GetByRole(AriaRole.Toolbar, new() { Name = "Annotate the selected passage" });
        await Expect(toolbar).ToBeVisibleAsync();
        Assert.Equal(passage, await page.EvaluateAsync<string>("() => getSelection().toString()"));
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Highlight in blue" }).ClickAsync();

        await Expect(page.Locator("mark.annotation-mark[data-color='blue']").First).ToBeVisibleAsync();
        Assert.Contains(passage, (await EssayPage.MarkedTextAsync(page)).Values);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task APermalinkScrollsToItsAnnotationAndMarksIt()
    {
        var reader = await browser.App.CreateReaderAsync(displayName: "Linker");
        var page = await browser.OpenEssayAsAsync(reader);
        const string passage = "Russia’s Far East is an understated source of tension";
        await EssayPage.SelectAsync(page, passage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in purple" }).ClickAsync();
        var mark = page.Locator("mark.annotation-mark[data-color='purple']").First;
        await Expect(mark).ToBeVisibleAsync();
        var id = await mark.GetAttributeAsync("data-annotation-id");

        await page.GotoAsync("about:blank");
        await page.GotoAsync($"/essays/{Tests.EssayReaderFactory.EssaySlug}#annotation-{id}");

        await Expect(mark).ToHaveClassAsync(new Regex(@"\bis-current\b"));
        await Expect(mark).ToBeInViewportAsync();
        var card = page.Locator($"#annotation-card-{id}");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToHaveClassAsync(new Regex(@"\bis-current\b"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OverlappingHighlightsShowTheMostSpecificOnTopAndLookTheSameAfterAReload()
    {
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader);
        const string longer = "Investment in increased support for United Nations peacekeeping";
        const string inner = "support for United Nations";
        const string overlapping = "United Nations peacekeeping has been one tangible";
        foreach (var (phrase, color) in new[] { (longer, "yellow"), (inner, "green"), (overlapping, "pink") })
        {
            await EssayPage.SelectAsync(page, phrase);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Highlight in {color}" }).ClickAsync();
            await Expect(page.Locator($"mark.annotation-mark[data-color='{color}']").First).ToBeVisibleAsync();
            await EssayPage.WaitUntilCoveredAsync(page, phrase);
        }

        // Only this passage: other tests annotate the same essay.
        var passage = await EssayPage.OffsetsOfAsync(page, "Investment in increased support for United Nations peacekeeping has been one tangible");
        var drawnByScript = (await EssayPage.MarkedRunsAsync(page)).Where(r => r.Start >= passage.Start && r.Start < passage.End).ToList();
        Assert.Equal(
            [
                ("Investment in increased ", "yellow", 1),
                ("support for ", "green", 2),
                ("United Nations", "green", 3),
                (" peacekeeping", "pink", 2),
                (" has been one tangible", "pink", 1),
            ],
            drawnByScript.Select(r => (r.Text, r.Color, r.Depth)));

        // The server draws the same marks from the same anchors.
        await page.ReloadAsync();
        await Expect(page.Locator("html[data-annotations='ready']")).ToHaveCountAsync(1);
        Assert.Equal(drawnByScript, (await EssayPage.MarkedRunsAsync(page)).Where(r => r.Start >= passage.Start && r.Start < passage.End));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOwnerDeletesAHighlightAfterConfirmingAndItStaysGone()
    {
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader);
        const string passage = "Established in 2001, the SCO";
        await EssayPage.SelectAsync(page, passage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in yellow" }).ClickAsync();
        var mark = page.Locator("mark.annotation-mark", new() { HasText = passage });
        await Expect(mark).ToBeVisibleAsync();
        await mark.ClickAsync();
        var card = page.Locator(".annotation-card", new() { HasText = passage });

        string? question = null;
        page.Dialog += (_, dialog) => { question = dialog.Message; _ = dialog.AcceptAsync(); };
        await card.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(mark).ToHaveCountAsync(0);
        Assert.Equal("Delete this highlight? This cannot be undone.", question);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = PanelToggle })).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Expect(page.Locator("mark.annotation-mark", new() { HasText = passage })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AFailedSaveKeepsTheDraftAndSaysWhy()
    {
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader);
        await page.RouteAsync("**/api/essays/*/annotations", route =>
            route.Request.Method == "POST" ? route.AbortAsync("connectionfailed") : route.ContinueAsync());
        await EssayPage.SelectAsync(page, "Stability and Recklessness");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        var box = page.GetByLabel("Your comment");
        await box.FillAsync("Words I do not want to lose.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();

        await Expect(page.Locator(".comment-composer .composer-status")).ToContainTextAsync("Not saved: The server could not be reached");
        await Expect(box).ToHaveValueAsync("Words I do not want to lose.");

        // The connection comes back; the same draft saves.
        await page.UnrouteAllAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
        await Expect(page.Locator("mark.annotation-mark.has-comment", new() { HasText = "Stability and Recklessness" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AKeyboardReaderOpensAHighlightsThreadFromTheText()
    {
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader);
        const string passage = "Hedging but not Colluding";
        await EssayPage.SelectAsync(page, passage);
        await page.Keyboard.PressAsync("Alt+Shift+H");
        var mark = page.Locator("mark.annotation-mark", new() { HasText = passage });
        await Expect(mark).ToBeVisibleAsync();

        await mark.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var card = page.Locator(".annotation-card", new() { HasText = passage });
        await Expect(card).ToHaveClassAsync(new Regex(@"\bis-current\b"));
        await Expect(card.Locator(".card-quote")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Annotations" })).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
