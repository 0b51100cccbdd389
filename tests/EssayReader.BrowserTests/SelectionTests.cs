using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>A selection is saved as exactly the text the reader selected, whatever elements it crosses.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class SelectionTests(BrowserFixture browser)
{
    [Fact]
    public async Task ASelectionAcrossAParagraphAndAHeadingIsSavedAsTheCanonicalText()
    {
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader);
        // The end of the first paragraph, the line break between blocks, and the first heading.
        const string phrase = "the international strategies both currently pursue.\nRussia’s Eastern Intrigue";

        await EssayPage.SelectAsync(page, phrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in green" }).ClickAsync();

        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Russia’s Eastern Intrigue" });
        await Expect(heading.Locator("mark.annotation-mark")).ToHaveTextAsync("Russia’s Eastern Intrigue");
        await Expect(page.Locator("p mark.annotation-mark", new() { HasText = "both currently pursue." })).ToHaveCountAsync(1);
        Assert.Equal([phrase], await SavedQuotesAsync(reader));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ASelectionAcrossEmphasisAndALinkIsSavedAsTheCanonicalText()
    {
        const string slug = "selection-across-emphasis";
        await File.WriteAllTextAsync(Path.Combine(browser.App.ContentPath, slug + ".md"), """
            ---
            title: "Emphasis"
            author: "Test Author"
            published: 2020-01-01
            summary: "A paragraph with emphasis, strong words and a link."
            ---

            Plain words, *emphasised words*, **strong words** and [a linked phrase](https://example.org/) end here.
            """);
        var reader = await browser.App.CreateReaderAsync();
        var page = await browser.OpenEssayAsAsync(reader, slug: slug);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Emphasis", Level = 1 })).ToBeVisibleAsync();
        const string phrase = "words, emphasised words, strong words and a linked";

        await EssayPage.SelectAsync(page, phrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Highlight in pink" }).ClickAsync();

        await EssayPage.WaitUntilMarkedAsync(page, phrase);
        await Expect(page.Locator("em mark.annotation-mark")).ToHaveTextAsync("emphasised words");
        await Expect(page.Locator("strong mark.annotation-mark")).ToHaveTextAsync("strong words");
        Assert.Equal([phrase], await SavedQuotesAsync(reader, slug));
        await page.Context.CloseAsync();
    }

    private async Task<List<string>> SavedQuotesAsync(EssayReader.Accounts.Reader reader, string slug = Tests.EssayReaderFactory.EssaySlug)
    {
        using var client = await browser.App.CreateClientAsync(reader, withAntiforgeryToken: false);
        using var page = await client.GetFromJsonAsync<JsonDocument>($"/api/essays/{slug}/annotations");
        return page!.RootElement.GetProperty("items").EnumerateArray()
            .Where(a => a.GetProperty("creator").GetProperty("name").GetString() == reader.DisplayName)
            .Select(a => a.GetProperty("target").GetProperty("selector")[0].GetProperty("exact").GetString()!)
            .ToList();
    }
}
