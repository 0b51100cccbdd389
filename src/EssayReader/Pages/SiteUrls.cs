using Microsoft.Extensions.Options;

namespace EssayReader.Pages;

/// <summary>Absolute addresses for canonical links and OpenGraph, from the configured base URL or the request.</summary>
public sealed class SiteUrls(IOptions<SiteOptions> options, IHttpContextAccessor accessor)
{
    /// <summary>
    /// Addresses under <paramref name="origin"/> (as <see cref="Absolute"/> gives it for the empty path),
    /// for work that outlives the request it was started for.
    /// </summary>
    public static SiteUrls At(string origin) =>
        new(Options.Create(new SiteOptions { BaseUrl = origin }), new HttpContextAccessor());

    public string Absolute(string path)
    {
        var configured = options.Value.BaseUrl;
        string origin;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            origin = configured.TrimEnd('/');
        }
        else
        {
            var request = accessor.HttpContext?.Request ?? throw new InvalidOperationException("No request to take the site's address from; set Site:BaseUrl.");
            origin = $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
        }

        return origin + path;
    }
}
