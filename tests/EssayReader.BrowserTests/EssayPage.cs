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

    /// <summary>The text under the marks of each annotation drawn on the page, by annotation id.</summary>
    public static async Task<Dictionary<string, string>> MarkedTextAsync(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, string>>("""
            () => {
              const result = {};
              for (const mark of document.querySelectorAll("[data-essay-root] mark.annotation-mark")) {
                // One mark per text piece; an overlapping annotation's marks nest inside, so each
                // mark's textContent is exactly its own piece of the quote.
                const id = mark.dataset.annotationId;
                result[id] = (result[id] ?? "") + mark.textContent;
              }
              return result;
            }
            """);
}
