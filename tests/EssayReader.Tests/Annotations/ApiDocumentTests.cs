using System.Net;
using System.Text.Json;
using EssayReader.Essays;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// The API's other documents a client starts from: the essays (whose canonical text every offset
/// counts in), the OpenAPI description, and the health check.
/// </summary>
public sealed class ApiDocumentTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Fact]
    public async Task TheCatalogueListsEachEssayWithItsVersionAndAddress()
    {
        var essays = await factory.CreateClient().GetJsonAsync("/api/essays");

        var essay = Assert.Single(essays.EnumerateArray(), e => e.GetProperty("slug").GetString() == EssayReaderFactory.EssaySlug);
        Assert.Equal("Why a Moscow-Beijing Axis is Unlikely", essay.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(essay.GetProperty("author").GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", essay.GetProperty("published").GetString());
        Assert.False(string.IsNullOrWhiteSpace(essay.GetProperty("summary").GetString()));
        Assert.Matches("^[0-9a-f]{16}$", essay.GetProperty("version").GetString());
        Assert.Equal($"http://localhost/essays/{EssayReaderFactory.EssaySlug}", essay.GetProperty("url").GetString());
    }

    [Fact]
    public async Task AnEssayHasExactlyTheFieldsOfTheDesign()
    {
        var essay = await factory.CreateClient().GetJsonAsync($"/api/essays/{EssayReaderFactory.EssaySlug}");

        Assert.Equal(["author", "published", "slug", "text", "title", "version"], essay.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(EssayReaderFactory.EssaySlug, essay.GetProperty("slug").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", essay.GetProperty("published").GetString());
    }

    [Fact]
    public async Task AnEssaysVersionIsTheHashOfItsText()
    {
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());

        Assert.Equal(CanonicalText.VersionOf(essay.Text), essay.Version);
    }

    [Fact]
    public async Task AnEssaysTextIsTheTextOfItsPagesRootAsABrowserReadsIt()
    {
        // DESIGN.md: offsets count in the root's textContent; the API and the page must agree on it.
        var client = factory.CreateClient();
        var essay = await CanonicalEssay.GetAsync(client);

        var root = (await client.GetPageAsync(HtmlPages.EssayPath(essay.Slug))).EssayRoot();

        Assert.Equal(root.TextContent, essay.Text);
        Assert.Equal(root.GetAttribute("data-essay-version"), essay.Version);
    }

    [Fact]
    public async Task AnUnknownEssayIsAProblem404()
    {
        using var response = await factory.CreateClient().GetAsync("/api/essays/no-such-essay");

        await AssertProblemAsync(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheAnnotationApi()
    {
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        Assert.Equal(["get", "post"], Methods(paths, "/api/essays/{slug}/annotations"));
        Assert.Equal(["delete", "get", "patch"], Methods(paths, "/api/annotations/{id}"));
        Assert.Equal(["get", "post"], Methods(paths, "/api/annotations/{id}/replies"));
        Assert.Equal(["get"], Methods(paths, "/api/essays/{slug}"));
        Assert.Equal(["get"], Methods(paths, "/api/session"));
    }

    [Fact]
    public async Task TheOpenApiDocumentSaysSelectorOffsetsAreIntegers()
    {
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");

        var selector = document.GetProperty("components").GetProperty("schemas").GetProperty("SelectorRequest").GetProperty("properties");
        foreach (var offset in new[] { "start", "end" })
        {
            var type = selector.GetProperty(offset).GetProperty("type");
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            Assert.Contains("integer", types);
            Assert.DoesNotContain("string", types);
        }
    }

    [Theory]
    [InlineData("CreateAnnotationRequest", "motivation target")]
    [InlineData("UpdateAnnotationRequest", "")]
    [InlineData("CreateReplyRequest", "body")]
    [InlineData("TargetRequest", "selector")]
    [InlineData("SelectorRequest", "type")]
    [InlineData("BodyRequest", "value")]
    public async Task TheOpenApiDocumentRequiresOfARequestOnlyWhatTheApiRequires(string schema, string required)
    {
        // A generated client must be able to send a highlight without body, colour or replyTo.
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");

        Assert.Equal(Words(required), Required(document, schema));
    }

    [Theory]
    [InlineData("AnnotationDocument", "body color replyTo deleted")]
    [InlineData("AnchorDocument", "start end")]
    public async Task TheOpenApiDocumentDoesNotRequireOfAnAnnotationWhatTheApiLeavesOut(string schema, string optional)
    {
        // These are left out of the JSON when they do not apply (a highlight has no body, an orphan no offsets).
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");

        var required = Required(document, schema);
        Assert.NotEmpty(required);
        Assert.All(Words(optional), field => Assert.DoesNotContain(field, required));
    }

    [Theory]
    [InlineData("/api/essays/{slug}/annotations", "get", "404")]
    [InlineData("/api/essays/{slug}/annotations", "post", "400 401 404 413 422 429")]
    [InlineData("/api/annotations/{id}", "get", "404")]
    [InlineData("/api/annotations/{id}", "patch", "400 401 403 404 409 413 422 429")]
    [InlineData("/api/annotations/{id}", "delete", "400 401 403 404 409 429")]
    [InlineData("/api/annotations/{id}/replies", "get", "404")]
    [InlineData("/api/annotations/{id}/replies", "post", "400 401 404 413 422 429")]
    public async Task TheOpenApiDocumentListsTheProblemsACallCanAnswer(string path, string method, string statuses)
    {
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");

        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.All(Words(statuses), status =>
            Assert.True(
                responses.TryGetProperty(status, out var response) && response.GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"{method} {path} does not list {status} as a problem"));
    }

    [Fact]
    public async Task HealthIsHealthyWithTheDatabaseMigrated()
    {
        using var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthIsUnhealthyWhenTheAnnotationsTableIsGone()
    {
        await using var own = new EssayReaderFactory();
        _ = own.CreateClient();
        await using (var scope = own.CreateDbContext())
        {
            await scope.Db.Database.ExecuteSqlRawAsync("DROP TABLE \"Annotations\"");
        }

        using var response = await own.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static List<string> Words(string words) => [.. words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order()];

    private static List<string> Required(JsonElement document, string schema) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(schema).TryGetProperty("required", out var required)
            ? [.. required.EnumerateArray().Select(r => r.GetString()!).Order()]
            : [];

    private static List<string> Methods(JsonElement paths, string path) =>
        [.. paths.GetProperty(path).EnumerateObject().Select(p => p.Name).Where(n => n is "get" or "post" or "put" or "patch" or "delete").Order()];
}
