using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>Readers mark up the essay: highlights and comments land on the exact words and stay there.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class AnnotationTests(BrowserFixture browser)
{
    // Spans footnote reference 1: "Moscow." then the reference's "1", then " Russia’s".
    private const string AcrossTheFirstNote = "Beijing and Moscow.1 Russia’s recent military posture";
    private const string ThePassageWithATypo = "the Sino-Soviet spilt initiated by Nikita Khrushchev";

    [Fact]
    public async Task AHighlightAcrossAFootnoteAndACommentStayOnTheirWordsAfterAReload()
    {
        var ada = await browser.App.CreateReaderAsync(displayName: "Ada Reader");
        var page = await browser.OpenEssayAsAsync(ada);

        await EssayPage.SelectAsync(page, AcrossTheFirstNote);
        var toolbar = page.GetByRole(AriaRole.Toolbar, new() { Name = "Annotate the selected passage" });
        await Expect(toolbar).ToBeVisibleAsync();
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Highlight in green" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Highlight saved" })).ToHaveCountAsync(1);

        await EssayPage.SelectAsync(page, ThePassageWithATypo);
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        var composer = page.GetByRole(AriaRole.Form, new() { Name = "Comment on the passage" });
        await composer.GetByLabel("Your comment").FillAsync("A *telling* typo: spilt for split.");
        await composer.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
        await Expect(composer).ToBeHiddenAsync();

        await page.ReloadAsync();

        await Expect(page.Locator("mark.annotation-mark.has-comment")).Not.ToHaveCountAsync(0);
        var marked = (await EssayPage.MarkedTextAsync(page)).Values.ToList();
        Assert.Contains(AcrossTheFirstNote, marked);
        Assert.Contains(ThePassageWithATypo, marked);
        await Expect(page.Locator("mark.annotation-mark[data-color='green']").First).ToBeVisibleAsync();

        // The panel lists both, in text order, as the reader's own.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Annotations") }).ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Mine" }).CheckAsync();
        var cards = page.GetByRole(AriaRole.Complementary, new() { Name = "Annotations" }).Locator(".annotation-card");
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(cards.Nth(0)).ToContainTextAsync(AcrossTheFirstNote);
        await Expect(cards.Nth(1)).ToContainTextAsync("A telling typo");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ASecondReaderSeesThePublicCommentNotThePrivateHighlightAndReplies()
    {
        var ada = await browser.App.CreateReaderAsync(displayName: "Ada Author");
        var page = await browser.OpenEssayAsAsync(ada);
        const string privatePassage = "Russo-Sino relations have long been difficult.";
        const string publicPassage = "a thinly veiled retaliatory political message";
        await EssayPage.SelectAsync(page, privatePassage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in yellow" }).ClickAsync();
        await Expect(page.Locator("mark.annotation-mark")).Not.ToHaveCountAsync(0);
        await EssayPage.SelectAsync(page, publicPassage);
        await page.Keyboard.PressAsync("Alt+Shift+C");
        await page.GetByLabel("Your comment").FillAsync("Thinly veiled **indeed**.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
        // Saved, not just some comment's mark on show (other tests comment on this essay too): closing the
        // page before the save is answered can lose the comment.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Comment saved" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();

        var bea = await browser.App.CreateReaderAsync(displayName: "Bea Reply");
        var second = await browser.OpenEssayAsAsync(bea);
        var comment = second.Locator("mark.annotation-mark.has-comment");
        await Expect(comment.First).ToBeVisibleAsync();
        var marked = (await EssayPage.MarkedTextAsync(second)).Values.ToList();
        Assert.Contains(publicPassage, marked);
        Assert.DoesNotContain(privatePassage, marked);

        await comment.First.ClickAsync();
        var panel = second.GetByRole(AriaRole.Complementary, new() { Name = "Annotations" });
        await Expect(panel).ToBeVisibleAsync();
        var card = panel.Locator(".annotation-card", new() { HasText = "Thinly veiled" });
        await Expect(card.Locator("strong")).ToHaveTextAsync("indeed");
        await Expect(card).ToContainTextAsync("Ada Author");
        await card.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await card.GetByLabel("Your reply").FillAsync("Veiled, but not very.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();

        await Expect(panel.Locator(".reply", new() { HasText = "Veiled, but not very." })).ToContainTextAsync("Bea Reply (you)");
        await second.ReloadAsync();
        await second.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Annotations") }).ClickAsync();
        await Expect(second.Locator(".reply", new() { HasText = "Veiled, but not very." })).ToBeVisibleAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task ACommentCarryingScriptStaysTextForOtherReaders()
    {
        var mallory = await browser.App.CreateReaderAsync(displayName: "<img src=x onerror=\"window.__xss='name'\">");
        var page = await browser.OpenEssayAsAsync(mallory);
        const string payload = "<img src=x onerror=\"window.__xss='img'\"> <script>window.__xss='script'</script> [click me](javascript:window.__xss='link')";
        await EssayPage.SelectAsync(page, "hard-line energy diplomacy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comment" }).ClickAsync();
        await page.GetByLabel("Your comment").FillAsync(payload);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
        // Saved, not just some comment's mark on show (other tests comment on this essay too): closing the
        // page before the save is answered can lose the comment.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Comment saved" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();

        var victim = await browser.App.CreateReaderAsync();
        var second = await browser.OpenEssayAsAsync(victim);
        var dialogs = 0;
        second.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await second.Locator("mark.annotation-mark.has-comment", new() { HasText = "hard-line energy diplomacy" }).ClickAsync();
        var card = second.Locator(".annotation-card", new() { HasText = "click me" });
        await Expect(card).ToBeVisibleAsync();

        await Expect(card.Locator(".card-body")).ToContainTextAsync("<img src=x onerror=");
        await Expect(card.Locator(".card-author")).ToHaveTextAsync("<img src=x onerror=\"window.__xss='name'\">");
        Assert.Equal(0, await card.Locator("img, script").CountAsync());
        // The sanitizer keeps the words of a javascript: link and drops its address.
        var link = card.GetByText("click me");
        Assert.Null(await link.GetAttributeAsync("href"));
        await link.ClickAsync();
        Assert.Null(await second.EvaluateAsync<string?>("() => window.__xss ?? null"));
        Assert.Equal(0, dialogs);
        await second.Context.CloseAsync();
    }
}
