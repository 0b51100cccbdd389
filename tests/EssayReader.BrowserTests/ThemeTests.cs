using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>Dark mode follows the system until the reader chooses, and the choice survives a reload.</summary>
[Collection(BrowserJourneys.Name)]
public sealed class ThemeTests(BrowserFixture browser)
{
    [Fact]
    public async Task DarkSystemThemeGivesADarkPage()
    {
        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark });

        Assert.Equal("rgb(23, 24, 27)", await BackgroundOf(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ChosenThemeOverridesTheSystemAndSurvivesAReload()
    {
        var page = await browser.OpenEssayAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Light });
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Theme: system. Switch to light" });

        await toggle.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Theme: light. Switch to dark" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal("rgb(23, 24, 27)", await BackgroundOf(page));

        await page.ReloadAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Theme: dark. Switch to system" })).ToBeVisibleAsync();
        Assert.Equal("rgb(23, 24, 27)", await BackgroundOf(page));
        await page.Context.CloseAsync();
    }

    private static Task<string> BackgroundOf(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
