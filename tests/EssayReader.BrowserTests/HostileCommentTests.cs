using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EssayReader.Tests;
using EssayReader.Tests.Builders;
using EssayReader.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EssayReader.BrowserTests;

/// <summary>
/// The whole XSS corpus, posted by one reader as comments and replies, shown to another in Chromium
/// everywhere the pages show comments: the essay page (its server-drawn marks, the threads in its
/// &lt;noscript&gt;, which a browser with script reads as text, and the panel the script builds from
/// the API) and the server-rendered list of every thread. Each vector tries to announce itself with a
/// dialog, a global <c>__xss</c> or an element with id <c>xss-marker</c>; the test hovers, clicks and
/// focuses everything inside every comment, then looks for all three.
/// </summary>
[Collection(BrowserJourneys.Name)]
public sealed class HostileCommentTests(BrowserFixture browser)
{
    private const int ThreadsPerListPage = 100;

    // Fires at every element of every comment under scope what a reader's pointer, keyboard and focus
    // would, and reports what of the browser's own parse of the comments is more than Markdown makes.
    private const string ProvokeAndReport = """
        (scope) => {
          // A safe link is not followed (the page must stay); a click on anything else runs as it would.
          document.addEventListener("click", (event) => {
            const link = event.target.closest?.("a[href]");
            if (link && /^(https?:|mailto:)/i.test(link.getAttribute("href"))) event.preventDefault();
          });
          const events = [
            ["mouseover", MouseEvent], ["mouseenter", MouseEvent], ["mousemove", MouseEvent], ["mousedown", MouseEvent],
            ["mouseup", MouseEvent], ["click", MouseEvent], ["dblclick", MouseEvent], ["auxclick", MouseEvent],
            ["contextmenu", MouseEvent], ["pointerover", PointerEvent], ["pointerenter", PointerEvent],
            ["pointerdown", PointerEvent], ["wheel", WheelEvent], ["keydown", KeyboardEvent], ["copy", ClipboardEvent],
            ["focus", FocusEvent], ["focusin", FocusEvent], ["blur", FocusEvent], ["animationstart", AnimationEvent],
            ["toggle", Event], ["load", Event], ["error", Event],
          ];
          const elements = [...document.querySelectorAll(`${scope} .card-body, ${scope} .card-body *`)];
          for (const element of elements) {
            element.focus?.();
            for (const [type, Type] of events) element.dispatchEvent(new Type(type, { bubbles: true, cancelable: true, view: window }));
          }
          const allowed = new Set(["p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"]);
          const inBodies = [...document.querySelectorAll(`${scope} .card-body *`)];
          return {
            provoked: elements.length,
            elements: [...new Set(inBodies.filter((e) => !allowed.has(e.localName)).map((e) => e.localName))],
            attributes: [...new Set(inBodies.flatMap((e) => e.getAttributeNames()).filter((n) => !["href", "title", "rel"].includes(n)))],
            links: inBodies.filter((e) => e.hasAttribute("href") && !/^(https?:\/\/|mailto:)/i.test(e.getAttribute("href"))).map((e) => e.getAttribute("href")),
          };
        }
        """;

    private const string Markers = """
        () => [
          typeof window.__xss === "undefined" ? null : `window.__xss = ${String(window.__xss)}`,
          document.getElementById("xss-marker") ? "an element with id xss-marker" : null,
        ].filter(Boolean)
        """;

    [Fact]
    public async Task NoVectorRunsOnTheEssayPageOrInTheListOfThreads()
    {
        var vectors = XssCorpus.All;
        var slug = "hostile-" + Guid.NewGuid().ToString("N")[..8];
        await EssayReaderFactory.SaveEssayFileAsync(Path.Combine(browser.App.ContentPath, slug + ".md"), EssayWithAPassagePer(vectors));
        var mallory = await browser.App.CreateReaderAsync(displayName: "Mallory");
        using var client = await browser.App.CreateClientAsync(mallory);
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/essays/{slug}")).StatusCode == HttpStatusCode.OK));
        var essay = await CanonicalEssay.GetAsync(client, slug);
        await PostEveryVectorAsync(client, essay, vectors);

        // The page's Content-Security-Policy would stop inline script even if the sanitizer let some
        // through; bypassed here, so that this test judges the sanitizer and the page's script alone.
        var victim = await browser.App.CreateReaderAsync(displayName: "Victim");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(),
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var (name, value) = await browser.App.AuthCookieAsync(victim);
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = name, Value = value, Url = browser.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add($"{dialog.Type}: {dialog.Message} on {page.Url}");
            }

            _ = dialog.DismissAsync();
        };

        try
        {
            // The essay page: every comment drawn by the server, then every thread in the panel.
            await page.GotoAsync($"/essays/{slug}");
            await Expect(page.Locator("html[data-annotations='ready']")).ToHaveCountAsync(1);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            AssertNothingRan([.. await page.EvaluateAsync<string[]>(Markers)], dialogs);
            Assert.Equal(vectors.Count, await page.EvaluateAsync<int>(
                "() => new Set([...document.querySelectorAll('[data-essay-root] mark.annotation-mark.has-comment')].map((m) => m.dataset.annotationId)).size"));
            await page.GetByRole(AriaRole.Button, new() { Name = $"Annotations ({vectors.Count})" }).ClickAsync();
            var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Annotations" });
            // The panel lists its first batch once every annotation has arrived; then "Show more" until
            // every thread is listed (each press adds a batch at once).
            await Expect(panel.Locator(".panel-list > .annotation-card")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await page.EvaluateAsync("""
                () => {
                  const more = document.querySelector("#annotations-panel .panel-list + .panel-more");
                  while (!more.hidden) more.querySelector("button").click();
                }
                """);
            await Expect(panel.Locator(".panel-list > .annotation-card")).ToHaveCountAsync(vectors.Count);
            await Expect(panel.Locator(".annotation-card .reply")).ToHaveCountAsync(vectors.Count);
            AssertNothingRan(await ProvokeAsync(page, "#annotations-panel", expected: 2 * vectors.Count, untilNetworkIdle: true), dialogs);

            // The list of every thread, as the server renders it, a hundred a page.
            var listPages = (vectors.Count + ThreadsPerListPage - 1) / ThreadsPerListPage;
            for (var number = 1; number <= listPages; number++)
            {
                await page.GotoAsync($"/essays/{slug}/annotations?page={number}");
                var threads = Math.Min(ThreadsPerListPage, vectors.Count - ((number - 1) * ThreadsPerListPage));
                await Expect(page.Locator(".annotations-page .annotation-card")).ToHaveCountAsync(threads);
                AssertNothingRan(await ProvokeAsync(page, ".annotations-page", expected: 2 * threads, untilNetworkIdle: false), dialogs);
            }
        }
        catch (PlaywrightException wait)
        {
            // A vector that ran may have broken the page (rewritten it, navigated away) before any check.
            lock (dialogs)
            {
                Assert.Fail($"{wait.Message}\nDialogs meanwhile:\n{string.Join("\n", dialogs)}");
            }
        }

        await context.CloseAsync();
    }

    // Hovers, clicks and focuses every element of every comment and reply under scope, and says what
    // ran and what of the browser's own parse of the comments is more than Markdown makes. Comments
    // the script inserted may still be loading what they name (an image's or frame's error and load
    // events are yet to fire), so for those it first waits until the network is quiet; for a page's
    // own HTML its load event, which GotoAsync waited for, has seen to that.
    private static async Task<IReadOnlyList<string>> ProvokeAsync(IPage page, string scope, int expected, bool untilNetworkIdle)
    {
        var report = await page.EvaluateAsync<JsonElement>(ProvokeAndReport, scope);
        if (untilNetworkIdle)
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        Assert.True(report.GetProperty("provoked").GetInt32() >= expected, $"only {report.GetProperty("provoked")} elements in {scope} on {page.Url}");
        var found = new List<string>();
        foreach (var kind in new[] { "elements", "attributes", "links" })
        {
            found.AddRange(report.GetProperty(kind).EnumerateArray().Select(e => $"{kind}: {e.GetString()} on {page.Url}"));
        }

        found.AddRange((await page.EvaluateAsync<string[]>(Markers)).Select(marker => $"{marker} on {page.Url}"));
        if (page.Frames.Count > 1)
        {
            found.Add($"{page.Frames.Count - 1} frames on {page.Url}");
        }

        return found;
    }

    private static void AssertNothingRan(IReadOnlyList<string> found, List<string> dialogs)
    {
        lock (dialogs)
        {
            var all = found.Concat(dialogs.Select(d => $"dialog {d}")).ToList();
            Assert.True(all.Count == 0, string.Join("\n", all));
        }
    }

    // A paragraph per vector, so that each comment has words of its own to sit on.
    private static string EssayWithAPassagePer(IReadOnlyList<XssVector> vectors)
    {
        var markdown = new StringBuilder("""
            ---
            title: "Hostile comments"
            author: "Test"
            published: 2026-01-01
            summary: "An essay for the XSS corpus to sit on."
            ---

            """);
        foreach (var vector in vectors)
        {
            markdown.Append(CultureInfo.InvariantCulture, $"{PassageOf(vector)} Some words around it.\n\n");
        }

        return markdown.ToString();
    }

    private static string PassageOf(XssVector vector) => $"Passage {vector.Number:D4} takes vector {vector.Number}.";

    // Each vector as a public comment on its passage, and again as a reply to that comment.
    private static async Task PostEveryVectorAsync(HttpClient client, CanonicalEssay essay, IReadOnlyList<XssVector> vectors) =>
        await Parallel.ForEachAsync(vectors, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (vector, cancellationToken) =>
        {
            using var created = await client.PostAsJsonAsync(
                $"/api/essays/{essay.Slug}/annotations", AnnotationRequests.Comment(essay, PassageOf(vector), vector.Markdown), cancellationToken);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{vector}: {await created.Content.ReadAsStringAsync(cancellationToken)}");
            var id = created.Headers.Location!.Segments[^1];
            using var replied = await client.PostAsJsonAsync($"/api/annotations/{id}/replies", AnnotationRequests.Reply(vector.Markdown), cancellationToken);
            Assert.True(replied.StatusCode == HttpStatusCode.Created, $"{vector}: {await replied.Content.ReadAsStringAsync(cancellationToken)}");
        });
}
