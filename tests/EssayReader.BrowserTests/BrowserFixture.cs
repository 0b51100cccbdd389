using EssayReader.Accounts;
using EssayReader.Tests;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EssayReader.BrowserTests;

/// <summary>
/// The app on real Kestrel (loopback, a free port) and Debian's Chromium driven by Playwright,
/// shared by the tests of one collection. Playwright never downloads a browser here: it is
/// pointed at /usr/bin/chromium (or $CHROMIUM_PATH), which `.ci/run` installs.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public EssayReaderFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // As root (CI) Chromium needs --no-sandbox; the rest keep it off the network it cannot reach.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh browser context (own storage) showing the essay page at the given size.</summary>
    public async Task<IPage> OpenEssayAsync(BrowserNewContextOptions? options = null, string? fragment = null, string slug = EssayReaderFactory.EssaySlug)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = BaseAddress.ToString();
        options.ViewportSize ??= new ViewportSize { Width = 1024, Height = 800 };
        // Instant scrolling: a smooth scroll would move an element while the pointer aims at it.
        options.ReducedMotion = ReducedMotion.Reduce;
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/essays/{slug}{fragment}");
        return page;
    }

    /// <summary>The essay page in a fresh context, signed in as <paramref name="reader"/> with the app's real cookie.</summary>
    public async Task<IPage> OpenEssayAsAsync(Reader reader, BrowserNewContextOptions? options = null, string slug = EssayReaderFactory.EssaySlug)
    {
        var page = await OpenEssayAsync(options, slug: slug);
        var (name, value) = await App.AuthCookieAsync(reader);
        await page.Context.AddCookiesAsync([new Cookie { Name = name, Value = value, Url = BaseAddress.ToString() }]);
        await page.ReloadAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserJourneys : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
