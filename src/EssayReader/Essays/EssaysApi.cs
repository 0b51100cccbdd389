using EssayReader.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EssayReader.Essays;

/// <summary><c>GET /api/essays</c> and <c>GET /api/essays/{slug}</c>: the catalogue, and one essay with its canonical text.</summary>
public static class EssaysApi
{
    public static IEndpointRouteBuilder MapEssaysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/essays").WithTags("Essays");
        api.MapGet("/", (EssayCatalog catalog, SiteUrls urls) =>
            TypedResults.Ok(catalog.Essays.Select(e => new EssaySummary(e.Slug, e.Meta.Title, e.Meta.Author, e.Meta.Published, e.Meta.Summary, e.Version, urls.Absolute($"/essays/{e.Slug}"))).ToList()))
            .WithName("ListEssays");
        api.MapGet("/{slug}", Results<Ok<EssayText>, ProblemHttpResult> (string slug, EssayCatalog catalog) =>
            catalog.Find(slug) is { } essay
                ? TypedResults.Ok(new EssayText(essay.Slug, essay.Meta.Title, essay.Meta.Author, essay.Meta.Published, essay.Version, essay.Text))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such essay.", detail: $"There is no essay '{slug}'."))
            .WithName("GetEssay");
        return app;
    }
}

public sealed record EssaySummary(string Slug, string Title, string Author, DateOnly Published, string Summary, string Version, string Url);

/// <summary>An essay's current version and canonical text: what annotation offsets count in.</summary>
public sealed record EssayText(string Slug, string Title, string Author, DateOnly Published, string Version, string Text);
