using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EssayReader.Annotations;
using EssayReader.Tests;
using EssayReader.Tests.Builders;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>
/// Issue 4's browser benchmark: an essay holding 10 000 annotations gets a new version, and a reader
/// opens it. The test checks that every annotation the API anchors is drawn, on its words; that when
/// the reader opens the panel (which fetches every annotation's document) the script finds the
/// server's marks to be its own and lists all of them, orphans included; it reports (never asserts)
/// the timings the page measured, for bench/README.md.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class DenseAnnotationTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Count = 10_000;

    [Fact]
    public async Task TenThousandAnnotationsAfterAnEditAreAllDrawnOnTheirWords()
    {
        var slug = "dense-" + Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(browser.App.ContentPath, slug + ".md");
        var markdown = await File.ReadAllTextAsync(browser.App.EssayFile(EssayReaderFactory.EssaySlug));
        await EssayReaderFactory.SaveEssayFileAsync(file, markdown);
        var reader = await browser.App.CreateReaderAsync(displayName: "Dense Reader");
        var other = await browser.App.CreateReaderAsync(displayName: "Another Reader");
        using var client = await browser.App.CreateClientAsync(reader);
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/essays/{slug}")).StatusCode == HttpStatusCode.OK));
        var before = await CanonicalEssay.GetAsync(client, slug);
        // One through the API, as a reader makes them (it records the version the rest are made on too).
        (await client.PostAsJsonAsync($"/api/essays/{slug}/annotations", AnnotationRequests.Highlight(before, "Sino-Soviet spilt"))).EnsureSuccessStatusCode();
        await ArrangeAsync(before, reader.Id, other.Id, Count - 1);

        // The author edits: a sentence added at the top, a typo fixed, a paragraph's sentence deleted.
        await EssayReaderFactory.SaveEssayFileAsync(file, markdown
            .Replace("Many experts have claimed", "An opening sentence, new in this version. Many experts have claimed", StringComparison.Ordinal)
            .Replace("Sino-Soviet spilt", "Sino-Soviet split", StringComparison.Ordinal)
            .Replace("Nonetheless, diplomacy over this issue proved arduous thereafter. ", string.Empty, StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(async () => (await CanonicalEssay.GetAsync(client, slug)).Version != before.Version));

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var (name, value) = await browser.App.AuthCookieAsync(reader);
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = name, Value = value, Url = browser.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Performance.enable");
        await page.GotoAsync($"/essays/{slug}", new PageGotoOptions { Timeout = 120_000 });
        var afterEdit = await MeasureAsync(page, devTools);

        // What the API says, judged against what the page shows, character by character.
        var annotations = await ListAllAsync(client, slug);
        Assert.Equal(Count, annotations.Count);
        var anchored = annotations.Where(a => a["anchor"]!["status"]!.GetValue<string>() != "orphaned").ToList();
        var orphaned = annotations.Count - anchored.Count;
        Assert.InRange(orphaned, 1, Count / 10);
        var spans = anchored.Select(a => new[] { a["anchor"]!["start"]!.GetValue<int>(), a["anchor"]!["end"]!.GetValue<int>() }).ToArray();
        var wrong = await page.EvaluateAsync<int[]>("""
            (spans) => {
              const root = document.querySelector("[data-essay-root]");
              const covered = new Uint8Array(root.textContent.length);
              for (const [start, end] of spans) covered.fill(1, start, end);
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              let offset = 0;
              let unmarked = 0;
              let stray = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const marked = !!node.parentElement.closest("mark.annotation-mark");
                const blank = node.data.includes("\n") && !node.data.trim();
                for (let i = 0; i < node.data.length; i++) {
                  if (covered[offset + i] && !marked && !blank) unmarked++;
                  if (!covered[offset + i] && marked) stray++;
                }
                offset += node.data.length;
              }
              return [unmarked, stray];
            }
            """, spans);
        Assert.Equal([0, 0], wrong);
        Assert.Empty(await page.Locator("[data-essay-root] mark mark").AllAsync());

        // Opening the panel fetches every document: the script checks the server's marks against them.
        var beforePanel = await MetricsAsync(devTools);
        var clicked = await page.EvaluateAsync<double>("() => performance.now()");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Annotations ({Count})" }).ClickAsync();
        // While the 50 pages arrive, the panel counts them in.
        await Expect(page.Locator("#annotations-panel .panel-empty")).ToContainTextAsync("of " + Count.ToString("N0", CultureInfo.InvariantCulture));
        // The panel lists a batch of 100 at a time, and says how many more there are.
        var more = page.Locator("#annotations-panel .panel-more button").First;
        await Expect(more).ToHaveTextAsync($"Show 100 more ({Count - orphaned - 100} not shown)", new() { Timeout = 120_000 });
        await Expect(page.Locator("#annotations-panel .annotation-card")).ToHaveCountAsync(100 + orphaned);
        var checkedAt = await page.EvaluateAsync<JsonElement>("""
            () => {
              const checked = performance.getEntriesByName("annotations-checked")[0];
              return { at: checked.startTime, redrawn: JSON.stringify(checked.detail.redrawn), now: performance.now() };
            }
            """);
        var afterPanel = await MetricsAsync(devTools);
        Assert.Equal("null", checkedAt.GetProperty("redrawn").GetString());
        Assert.Equal(orphaned, await page.Locator("#annotations-panel .panel-orphans .annotation-card").CountAsync());
        // The click event alone: a real click first scrolls the button into view, which is itself what
        // brings the next batch (checked below), so the count after it would depend on which came first.
        await more.DispatchEventAsync("click");
        await Expect(page.Locator("#annotations-panel .annotation-card")).ToHaveCountAsync(200 + orphaned);
        await Expect(more).ToHaveTextAsync($"Show 100 more ({Count - orphaned - 200} not shown)");
        await Expect(page.Locator("#annotations-panel .annotation-card").Nth(100).Locator(".card-quote")).ToBeFocusedAsync();
        // Scrolling near the end of the list brings the next batch without a click.
        await more.ScrollIntoViewIfNeededAsync();
        await Expect(page.Locator("#annotations-panel .annotation-card")).ToHaveCountAsync(300 + orphaned);
        var panel = string.Create(CultureInfo.InvariantCulture, $"""
              every annotation fetched ({Count / 200} pages of the API) and checked: {checkedAt.GetProperty("at").GetDouble() - clicked:0} ms after the click; the first 100 cards listed: {checkedAt.GetProperty("now").GetDouble() - clicked:0} ms
              main thread busy from the click to the cards listed: {(afterPanel["TaskDuration"] - beforePanel["TaskDuration"]) * 1000:0} ms (script {(afterPanel["ScriptDuration"] - beforePanel["ScriptDuration"]) * 1000:0}, layout {(afterPanel["LayoutDuration"] - beforePanel["LayoutDuration"]) * 1000:0}, style {(afterPanel["RecalcStyleDuration"] - beforePanel["RecalcStyleDuration"]) * 1000:0})
            """);

        // The next reader, every anchor cached for this version now, in a fresh tab (a reload would
        // tear this page's cards down on the main thread of the load it measures).
        await page.CloseAsync();
        var nextPage = await context.NewPageAsync();
        var nextDevTools = await context.NewCDPSessionAsync(nextPage);
        await nextDevTools.SendAsync("Performance.enable");
        await nextPage.GotoAsync($"/essays/{slug}", new PageGotoOptions { Timeout = 120_000 });
        var next = await MeasureAsync(nextPage, nextDevTools);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {Count} annotations ({anchored.Count} anchored, {orphaned} orphaned) on an essay that has just changed.
            First reader after the edit (the server re-anchors all of them):
            {afterEdit}
            The first reader opens the panel:
            {panel}
            Next reader (anchors cached):
            {next}
            """));
        await context.CloseAsync();
    }

    /// <summary>Waits for the page to say it is ready and reports what it measured, in milliseconds from navigation.</summary>
    private static async Task<string> MeasureAsync(IPage page, ICDPSession devTools)
    {
        await Expect(page.Locator("html[data-annotations='ready']")).ToHaveCountAsync(1, new() { Timeout = 120_000 });
        // Chromium counts these per document: they start again at each navigation.
        var busy = await MetricsAsync(devTools);
        double Busy(string key) => busy[key] * 1000;
        var timings = await page.EvaluateAsync<JsonElement>("""
            () => {
              const navigation = performance.getEntriesByType("navigation")[0];
              const at = (name) => performance.getEntriesByName(name)[0].startTime;
              return {
                responseStart: navigation.responseStart, responseEnd: navigation.responseEnd, firstPaint: at("first-contentful-paint"),
                domContentLoaded: navigation.domContentLoadedEventEnd, drawn: at("annotations-drawn"),
                loaded: performance.getEntriesByName("annotations-loaded").length,
                redrawn: JSON.stringify(performance.getEntriesByName("annotations-drawn")[0].detail.redrawn),
                htmlBytes: navigation.decodedBodySize, marks: document.querySelectorAll("[data-essay-root] mark.annotation-mark").length,
              };
            }
            """);
        // A page fetched for this navigation: the script takes the server's marks without fetching the documents.
        Assert.Equal("null", timings.GetProperty("redrawn").GetString());
        Assert.Equal(0, timings.GetProperty("loaded").GetInt32());
        double Ms(string key) => timings.GetProperty(key).GetDouble();
        return string.Create(CultureInfo.InvariantCulture, $"""
              page HTML {Ms("htmlBytes") / 1e6:0.00} MB with {timings.GetProperty("marks").GetInt32()} marks
              first byte (server: query, anchors, marks): {Ms("responseStart"):0} ms; HTML received: {Ms("responseEnd"):0} ms
              first contentful paint (the server drew the highlights: all visible): {Ms("firstPaint"):0} ms
              DOMContentLoaded (scripts run): {Ms("domContentLoaded"):0} ms
              all highlights drawn (the server's marks taken as they are): {Ms("drawn"):0} ms
              main thread busy (CDP TaskDuration of the document, to drawn): {Busy("TaskDuration"):0} ms (script {Busy("ScriptDuration"):0}, layout {Busy("LayoutDuration"):0}, style {Busy("RecalcStyleDuration"):0})
            """);
    }

    /// <summary>Chromium's running totals for the page's main thread (seconds of task, script, layout, style).</summary>
    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession devTools) =>
        (await devTools.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics")
            .EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());

    /// <summary>
    /// Highlights of random spans (1 to 300 characters, five colours) straight into the database:
    /// most the reader's own, private; every tenth another reader's, public.
    /// </summary>
    private async Task ArrangeAsync(CanonicalEssay essay, string readerId, string otherId, int count)
    {
        var random = new Random(4);
        var colors = Enum.GetValues<HighlightColor>();
        await using var db = browser.App.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            var start = random.Next(essay.Text.Length - 1);
            var end = Math.Min(essay.Text.Length, start + 1 + random.Next(300));
            var mine = i % 10 != 0;
            db.Db.Annotations.Add(AnnotationRows.Highlight(
                essay, mine ? readerId : otherId, start, end, mine ? Visibility.Private : Visibility.Public, colors[random.Next(colors.Length)]));
        }

        await db.Db.SaveChangesAsync();
    }

    private static async Task<List<JsonNode>> ListAllAsync(HttpClient client, string slug)
    {
        var items = new List<JsonNode>();
        var next = $"/api/essays/{slug}/annotations";
        while (next is not null)
        {
            var page = (await client.GetFromJsonAsync<JsonNode>(next))!;
            items.AddRange(page["items"]!.AsArray().Select(item => item!));
            next = page["next"]?.GetValue<string>();
        }

        return items;
    }
}
