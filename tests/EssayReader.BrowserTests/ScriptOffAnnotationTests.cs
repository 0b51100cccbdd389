using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EssayReader.Tests.Builders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>With script off, the server has already drawn the highlights, and their comments can be reached.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class ScriptOffAnnotationTests(BrowserFixture browser)
{
    private const string Passage = "China’s developmental state is particularly at risk from higher oil prices";
    private const string Private = "the US holds sway as China’s main development partner";

    [Fact]
    public async Task WithScriptOffHighlightsShowAndTheirCommentsCanBeReached()
    {
        var author = await browser.App.CreateReaderAsync(displayName: "Server Drawn");
        using var client = await browser.App.CreateClientAsync(author);
        var essay = await CanonicalEssay.GetAsync(client);
        (await client.PostAsJsonAsync("/api/essays/" + essay.Slug + "/annotations", AnnotationRequests.Comment(essay, Passage, "Oil *matters*.", visibility: "public"))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/essays/" + essay.Slug + "/annotations", AnnotationRequests.Highlight(essay, Private, visibility: "private"))).EnsureSuccessStatusCode();

        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });

        var mark = page.Locator("mark.annotation-mark.has-comment", new() { HasText = Passage });
        await Expect(mark).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("mark.annotation-mark", new() { HasText = Private }).CountAsync());
        var thread = page.Locator(".annotations-static .annotation-card", new() { HasText = "Oil matters." });
        await Expect(thread).ToContainTextAsync("Server Drawn");
        await Expect(thread.Locator("em")).ToHaveTextAsync("matters");

        // The thread links to its passage, and the passage is the permalink target.
        await thread.GetByRole(AriaRole.Link, new() { Name = Passage }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#annotation-[0-9a-f-]{36}$"));
        await Expect(mark).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }
}
