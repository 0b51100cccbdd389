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
/// one eviction too many costs a render, one too few would serve a stale page. Private changes evict
/// too; telling them apart (a comment going private, a reply following its comment) would be the
/// handlers' logic a second time, for the price of one render.
/// </summary>
internal sealed class EvictEssayPagesFilter(EssayPageCache pages, EssayCatalog essays) : IEndpointFilter
{
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
            if (slug is not null)
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
