using EssayReader.Accounts;
using EssayReader.Annotations;
using EssayReader.Data;
using EssayReader.Essays;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace EssayReader.Pages.Essays;

/// <summary>
/// Every annotation a reader may see on an essay, in text order, a page at a time: the way to all of
/// them without script (the essay page lists the first few in its <c>&lt;noscript&gt;</c>), and a
/// plain list for anyone who wants one. Anonymous readers get it from the output cache
/// (<see cref="EssayPageCache"/>), like the essay page.
/// </summary>
[OutputCache(PolicyName = EssayPageCache.AnnotationsPolicy)]
public sealed class AnnotationsModel(EssayCatalog catalog, EssayReaderDb db, AnchorResolver anchors, EssayPageRenders renders) : PageModel
{
    public const int PageSize = 100;

    public Essay Essay { get; private set; } = null!;

    public IReadOnlyList<StaticThread> Threads { get; private set; } = [];

    public int Total { get; private set; }

    public int PageNumber { get; private set; }

    public int PageCount { get; private set; }

    public string EssayUrl => $"/essays/{Essay.Slug}";

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        var essay = catalog.Find(slug);
        if (essay is null)
        {
            return NotFound();
        }

        if (!string.Equals(slug, essay.Slug, StringComparison.Ordinal))
        {
            return RedirectPermanent($"/essays/{essay.Slug}/annotations{Request.QueryString}");
        }

        renders.Add("annotations");
        Essay = essay;
        var visible = await EssayThreads.VisibleAsync(db, essay.Slug, User.ReaderId(), cancellationToken);
        var threads = await EssayThreads.InTextOrderAsync(anchors, essay, visible, cancellationToken);
        Total = threads.Count;
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = pageNumber ?? 1;
        if (PageNumber < 1 || PageNumber > PageCount)
        {
            return NotFound();
        }

        Threads = threads.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        // Private annotations may be on it: never kept by a shared cache.
        Response.Headers.CacheControl = "private, no-cache";
        return Page();
    }
}
