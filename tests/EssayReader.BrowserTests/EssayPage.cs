using System.Text.Json;
using Microsoft.Playwright;

namespace EssayReader.BrowserTests;

/// <summary>What a reader does on the essay page that Playwright has no single call for.</summary>
internal static class EssayPage
{
    /// <summary>
    /// Selects the first occurrence of <paramref name="phrase"/> in the essay's text, as a reader's drag
    /// would: a DOM selection from the phrase's first character to its last, across any elements.
    /// </summary>
    public static Task SelectAsync(IPage page, string phrase) =>
        page.EvaluateAsync("""
            (phrase) => {
              const root = document.querySelector("[data-essay-root]");
              const start = root.textContent.indexOf(phrase);
              if (start < 0) throw new Error(`not in the essay: ${phrase}`);
              const end = start + phrase.length;
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              const range = document.createRange();
              let offset = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const next = offset + node.data.length;
                if (start >= offset && start < next) range.setStart(node, start - offset);
                if (end > offset && end <= next) { range.setEnd(node, end - offset); break; }
                offset = next;
              }
              const selection = getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
            }
            """, phrase);

    /// <summary>Waits until some annotation's marks read exactly <paramref name="phrase"/>.</summary>
    public static Task WaitUntilMarkedAsync(IPage page, string phrase) =>
        page.WaitForFunctionAsync("""
            (phrase) => {
              const byId = {};
              for (const mark of document.querySelectorAll("[data-essay-root] mark.annotation-mark")) {
                byId[mark.dataset.annotationId] = (byId[mark.dataset.annotationId] ?? "") + mark.textContent;
              }
              return Object.values(byId).includes(phrase);
            }
            """, phrase);

    /// <summary>
    /// The text under the marks that show each annotation, by annotation id: an annotation's whole
    /// quote where nothing overlaps it (where annotations overlap, the marks show the shortest).
    /// </summary>
    public static async Task<Dictionary<string, string>> MarkedTextAsync(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, string>>("""
            () => {
              const result = {};
              for (const mark of document.querySelectorAll("[data-essay-root] mark.annotation-mark")) {
                // Flat marks, one per piece of text, each naming the annotation it shows.
                const id = mark.dataset.annotationId;
                result[id] = (result[id] ?? "") + mark.textContent;
              }
              return result;
            }
            """);

    /// <summary>Where the first occurrence of <paramref name="phrase"/> lies in the essay's canonical text.</summary>
    public static async Task<(int Start, int End)> OffsetsOfAsync(IPage page, string phrase)
    {
        var start = await page.EvaluateAsync<int>("(phrase) => document.querySelector('[data-essay-root]').textContent.indexOf(phrase)", phrase);
        Assert.True(start >= 0, $"not in the essay: {phrase}");
        return (start, start + phrase.Length);
    }

    /// <summary>Waits until every character of the first occurrence of <paramref name="phrase"/> lies in a mark.</summary>
    public static Task WaitUntilCoveredAsync(IPage page, string phrase) =>
        page.WaitForFunctionAsync("""
            (phrase) => {
              const root = document.querySelector("[data-essay-root]");
              const start = root.textContent.indexOf(phrase);
              const end = start + phrase.length;
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              let offset = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const next = offset + node.data.length;
                const blank = node.data.includes("\n") && !node.data.trim();
                if (next > start && offset < end && !blank && !node.parentElement.matches("mark.annotation-mark")) return false;
                offset = next;
              }
              return start >= 0;
            }
            """, phrase);

    /// <summary>
    /// The marks in text order, neighbours that show the same thing joined: what a reader sees, however
    /// the text happens to be cut into nodes (the server and the script may cut it differently).
    /// </summary>
    public static async Task<IReadOnlyList<MarkedRun>> MarkedRunsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const root = document.querySelector("[data-essay-root]");
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              const runs = [];
              let offset = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const mark = node.parentElement.closest("mark.annotation-mark");
                if (mark) {
                  const run = { text: node.data, start: offset, id: mark.dataset.annotationId, color: mark.dataset.color,
                    depth: Number(mark.dataset.depth ?? 1), comment: mark.classList.contains("has-comment") };
                  const last = runs[runs.length - 1];
                  if (last && last.start + last.text.length === offset && last.id === run.id && last.color === run.color
                      && last.depth === run.depth && last.comment === run.comment) last.text += run.text;
                  else runs.push(run);
                }
                offset += node.data.length;
              }
              return JSON.stringify(runs);
            }
            """);
        return JsonSerializer.Deserialize<List<MarkedRun>>(json, JsonSerializerOptions.Web)!;
    }
}

/// <summary>A stretch of marked text: the annotation shown on top, its colour, how many overlap, any comment among them.</summary>
internal sealed record MarkedRun(string Text, int Start, string Id, string Color, int Depth, bool Comment);
