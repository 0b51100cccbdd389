using System.Net;
using System.Net.Http.Json;
using EssayReader.Tests;
using EssayReader.Tests.Builders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>The author edits the essay: a highlight follows its words, and an orphan waits in the panel to be re-attached.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class ReanchoringTests(BrowserFixture browser)
{
    private const string Followed = "Security in the Far East";
    private const string Deleted = "Nonetheless, diplomacy over this issue proved arduous thereafter.";
    private const string NewHome = "Gorbachev’s dialogue with Deng Xiaoping";

    [Fact]
    public async Task AHighlightFollowsItsWordsAndAnOrphanIsReattached()
    {
        // An essay of its own (a copy of the real one), so that editing it leaves the other tests alone.
        var slug = "edited-" + Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(browser.App.ContentPath, slug + ".md");
        await EssayReaderFactory.SaveEssayFileAsync(file, await File.ReadAllTextAsync(browser.App.EssayFile(EssayReaderFactory.EssaySlug)));
        var reader = await browser.App.CreateReaderAsync(displayName: "Edit Survivor");
        using var client = await browser.App.CreateClientAsync(reader);
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/essays/{slug}")).StatusCode == HttpStatusCode.OK));
        var before = await CanonicalEssay.GetAsync(client, slug);
        (await client.PostAsJsonAsync($"/api/essays/{slug}/annotations", AnnotationRequests.Highlight(before, Followed, color: "green"))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/essays/{slug}/annotations", AnnotationRequests.Comment(before, Deleted, "Why arduous?", visibility: "private"))).EnsureSuccessStatusCode();

        var markdown = await File.ReadAllTextAsync(file);
        await EssayReaderFactory.SaveEssayFileAsync(file, markdown
            .Replace("Many experts have claimed", "A new first sentence. Many experts have claimed", StringComparison.Ordinal)
            .Replace(Deleted + " ", string.Empty, StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(async () => (await CanonicalEssay.GetAsync(client, slug)).Version != before.Version));

        var page = await browser.OpenEssayAsAsync(reader, slug: slug);

        await EssayPage.WaitUntilMarkedAsync(page, Followed);
        await Expect(page.Locator("mark.annotation-mark[data-color='green']")).ToHaveTextAsync(Followed);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Annotations") }).ClickAsync();
        var orphans = page.GetByRole(AriaRole.Region, new() { Name = "Orphaned" });
        await Expect(orphans).ToBeVisibleAsync();
        var orphan = orphans.Locator(".annotation-card", new() { HasText = Deleted });
        await Expect(orphan).ToContainTextAsync("Why arduous?");

        await orphan.GetByRole(AriaRole.Button, new() { Name = "Re-attach" }).ClickAsync();
        await Expect(page.GetByText("then choose Attach here")).ToBeVisibleAsync();
        await EssayPage.SelectAsync(page, NewHome);
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach here" }).ClickAsync();

        await EssayPage.WaitUntilMarkedAsync(page, NewHome);
        await Expect(page.Locator("mark.annotation-mark.has-comment")).ToHaveTextAsync(NewHome);
        await page.ReloadAsync();
        await EssayPage.WaitUntilMarkedAsync(page, NewHome);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Annotations") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Orphaned" })).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
