using EssayReader.Pages.Essays;

namespace EssayReader.Pages;

public static class SitePagesExtensions
{
    public static WebApplicationBuilder AddSitePages(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section);
        builder.Services.AddRazorPages();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<SiteUrls>();
        builder.Services.AddRouting(options => options.LowercaseUrls = true);

        // Anonymous readers' essay pages from memory, evicted when what they show changes.
        builder.Services.AddOutputCache(options =>
        {
            // An essay's address in another case is redirected to its own, so it must not share its copy.
            options.UseCaseSensitivePaths = true;
            EssayPageCache.AddPolicies(options);
        });
        builder.Services.AddSingleton<EssayPageCache>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EssayPageCache>());
        builder.Services.AddSingleton<EssayPageRenders>();
        return builder;
    }
}

/// <summary>Site-wide settings. Bound from the "Site" configuration section.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string Name { get; set; } = "EssayReader";

    /// <summary>
    /// The public address of the site, e.g. https://essays.example.org, for canonical links and
    /// OpenGraph. When empty the request's own scheme and host are used.
    /// </summary>
    public string? BaseUrl { get; set; }
}
