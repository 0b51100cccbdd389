using EssayReader.Essays;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssayReader.Pages;

public sealed class IndexModel(EssayCatalog catalog, SiteUrls urls) : PageModel
{
    public IReadOnlyList<Essay> Essays { get; private set; } = [];

    public string CanonicalUrl => urls.Absolute("/");

    public void OnGet() => Essays = catalog.Essays;
}
