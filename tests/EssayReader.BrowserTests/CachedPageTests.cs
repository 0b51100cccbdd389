using System.Net.Http.Json;
using EssayReader.Tests;
using EssayReader.Tests.Builders;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>
/// The script takes the server's marks as drawn without fetching the annotations, so going back to
/// an essay page must not show it as it was before a highlight made meanwhile. Chromium revalidates
/// the page (no-cache, an ETag covering the annotations) even for Back, so here the server's marks
/// are new; a browser that took the page from its cache would have the script fetch and check every
/// annotation at once (index.js), which this test cannot make Chromium do.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class CachedPageTests(BrowserFixture browser)
{
    private const string Passage = "regional security monitoring";

    [Fact]
    public async Task BackToAnEssayPageMadeBeforeAHighlightShowsTheHighlight()
    {
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader);
        await Expect(page.Locator("html[data-annotations='ready']")).ToHaveCountAsync(1);
        await page.GotoAsync("/");

        // Made elsewhere (another tab, another device) while the reader is away from the essay.
        using var client = await browser.App.CreateClientAsync(reader);
        var essay = await CanonicalEssay.GetAsync(client, EssayReaderFactory.EssaySlug);
        (await client.PostAsJsonAsync($"/api/essays/{EssayReaderFactory.EssaySlug}/annotations", AnnotationRequests.Highlight(essay, Passage))).EnsureSuccessStatusCode();
        await page.GoBackAsync();

        Assert.Equal("back_forward", await page.EvaluateAsync<string>("() => performance.getEntriesByType('navigation')[0].type"));
        await EssayPage.WaitUntilMarkedAsync(page, Passage);
        await Expect(page.Locator("html[data-annotations='ready']")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
