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
        builder.Services.AddSingleton<EssayPageCopies>();
        builder.Services.AddSingleton<EssayPageCache>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EssayPageCache>());
        builder.Services.AddSingleton<EssayPageRenders>();
        return builder;
    }

    /// <summary>
    /// Anonymous readers' essay pages as the bytes last sent (<see cref="EssayPageCopies"/>): before
    /// routing and the output cache, which make and keep the pages copied here.
    /// </summary>
    public static IApplicationBuilder UseEssayPageCopies(this IApplicationBuilder app)
    {
        var copies = app.ApplicationServices.GetRequiredService<EssayPageCopies>();
        var cache = app.ApplicationServices.GetRequiredService<EssayPageCache>();
        return app.Use((context, next) => copies.InvokeAsync(context, next, cache));
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
