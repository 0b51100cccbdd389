using EssayReader.Data;
using EssayReader.Essays;
using EssayReader.Pages.Essays;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Annotations;

/// <summary>
/// Every state-changing call of the annotation API evicts anonymous readers' cached copies of the
/// essay's pages (<see cref="EssayPageCache"/>), which draw and list its public annotations. It sits
/// on the whole API rather than in each handler, so that no write path (a new one included) can
/// forget it, and it evicts after the handler has saved, committed and returned, or failed part-way:
/// one eviction too many costs a render, one too few would serve a stale page.
/// <para>
/// A handler whose call changed private annotations only (a private highlight made, edited or deleted;
/// replies follow their comment's visibility) says so with <see cref="ChangedPrivateOnly"/>, once it
/// has saved: no anonymous page or listing shows them, and most highlights are private, so each one
/// re-rendering every anonymous reader's page cost a render for nothing. A signed-in reader's page is
/// never cached, and its ETag is made from the annotations it shows.
/// </para>
/// </summary>
internal sealed class EvictEssayPagesFilter(EssayPageCache pages, EssayCatalog essays) : IEndpointFilter
{
    private static readonly object PrivateOnlyKey = new();

    /// <summary>Marks the call as having changed, and saved, private annotations only: nothing to evict.</summary>
    public static void ChangedPrivateOnly(HttpContext http) => http.Items[PrivateOnlyKey] = true;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return await next(context);
        }

        // Looked up before the handler runs: a delete takes the row, and with it the way to its essay.
        var slug = await EssayOfAsync(http);
        try
        {
            return await next(context);
        }
        finally
        {
            if (slug is not null && !http.Items.ContainsKey(PrivateOnlyKey))
            {
                await pages.EvictAsync(slug);
            }
        }
    }

    // The essay's canonical slug, from the address (/essays/{slug}/...) or the annotation (/annotations/{id}/...).
    private async Task<string?> EssayOfAsync(HttpContext http)
    {
        var route = http.Request.RouteValues;
        if (route.TryGetValue("slug", out var slug) && slug is string given)
        {
            return essays.Find(given)?.Slug;
        }

        if (route.TryGetValue("id", out var id) && Guid.TryParse(id as string, out var annotationId))
        {
            // From the request's services only here: reads, the most calls by far, need no database context.
            var db = http.RequestServices.GetRequiredService<EssayReaderDb>();
            return await db.Annotations.AsNoTracking()
                .Where(a => a.Id == annotationId)
                .Select(a => a.EssaySlug)
                .FirstOrDefaultAsync(http.RequestAborted);
        }

        return null;
    }
}
