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
