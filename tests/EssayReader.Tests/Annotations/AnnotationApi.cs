using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EssayReader.Accounts;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Tests.Annotations;

/// <summary>A reader with an account and a client signed in as them (auth cookie and antiforgery header).</summary>
public sealed record SignedInReader(Reader Reader, HttpClient Client)
{
    public string Id => Reader.Id;
}

/// <summary>The annotation API as a client calls it, and the checks every test of it makes.</summary>
internal static class AnnotationApi
{
    public static string AnnotationsPath(string slug = EssayReaderFactory.EssaySlug) => $"/api/essays/{slug}/annotations";

    public static string AnnotationPath(Guid id) => $"/api/annotations/{id}";

    public static string RepliesPath(Guid id) => $"/api/annotations/{id}/replies";

    public static async Task<SignedInReader> SignInNewReaderAsync(this EssayReaderFactory factory, string? displayName = null)
    {
        var reader = await factory.CreateReaderAsync(displayName: displayName);
        return new SignedInReader(reader, await factory.CreateClientAsync(reader));
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.PatchAsJsonAsync(path, body);

    /// <summary>POSTs a create request, checks it answered 201, and returns the new annotation.</summary>
    public static async Task<JsonElement> CreateAsync(this HttpClient client, JsonObject request, string slug = EssayReaderFactory.EssaySlug)
    {
        using var response = await client.PostJsonAsync(AnnotationsPath(slug), request);
        await AssertStatusAsync(HttpStatusCode.Created, response);
        return await response.ReadJsonAsync();
    }

    /// <summary>POSTs a reply, checks it answered 201, and returns the reply.</summary>
    public static async Task<JsonElement> ReplyAsync(this HttpClient client, Guid to, string markdown = "A reply.")
    {
        using var response = await client.PostJsonAsync(RepliesPath(to), AnnotationRequests.Reply(markdown));
        await AssertStatusAsync(HttpStatusCode.Created, response);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await AssertStatusAsync(HttpStatusCode.OK, response);
        return await response.ReadJsonAsync();
    }

    /// <summary>Every annotation of the listing the client may see, following <c>next</c> to the end.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ListAllAsync(this HttpClient client, string slug = EssayReaderFactory.EssaySlug)
    {
        var items = new List<JsonElement>();
        string? next = AnnotationsPath(slug);
        while (next is not null)
        {
            var page = await client.GetJsonAsync(next);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            next = page.GetProperty("next").GetString();
        }

        return items;
    }

    public static async Task<IReadOnlyList<Guid>> ListIdsAsync(this HttpClient client, string slug = EssayReaderFactory.EssaySlug) =>
        [.. (await client.ListAllAsync(slug)).Select(IdOf)];

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The Guid at the end of an annotation's <c>id</c> URL.</summary>
    public static Guid IdOf(JsonElement annotation) => IdOf(annotation.GetProperty("id").GetString()!);

    public static Guid IdOf(string url) => Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);

    /// <summary>Checks the status, and shows the body when it is not the one expected.</summary>
    public static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Checks that the response is a ProblemDetails (RFC 9457) with <paramref name="status"/>, a title,
    /// and either a detail or per-field errors, and returns it.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpStatusCode status, HttpResponseMessage response)
    {
        await AssertStatusAsync(status, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var hasDetail = problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString());
        var hasErrors = problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any();
        Assert.True(hasDetail || hasErrors, $"The problem says neither what nor where: {problem}");
        return problem;
    }

    /// <summary>
    /// Sends a request that must be refused with <paramref name="status"/> and a ProblemDetails, and
    /// checks that no annotation row changed (see <see cref="AnnotationRowsAsync"/>).
    /// </summary>
    public static async Task<JsonElement> AssertRefusedAsync(this EssayReaderFactory factory, HttpStatusCode status, Func<Task<HttpResponseMessage>> send)
    {
        var before = await factory.AnnotationRowsAsync();
        using var response = await send();
        var problem = await AssertProblemAsync(status, response);
        Assert.Equal(before, await factory.AnnotationRowsAsync());
        return problem;
    }

    /// <summary>The per-field messages of a validation problem, by field.</summary>
    public static IReadOnlyDictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(field => field.Name, field => field.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    /// <summary>
    /// Every annotation row of the factory's database, as much of each as a request could change.
    /// Compare two to show that a refused request changed nothing. Meant for a factory that one test
    /// class owns: xunit runs a class's tests one at a time, so nothing else writes to it meanwhile.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AnnotationRowsAsync(this EssayReaderFactory factory)
    {
        await using var scope = factory.CreateDbContext();
        var rows = await scope.Db.Annotations.AsNoTracking().OrderBy(a => a.Seq).ToListAsync();
        return [.. rows.Select(a => string.Join('|',
            a.Seq, a.Id, a.OwnerId, a.Motivation, a.Visibility, a.Color, a.BodyMarkdown, a.BodyHtml,
            a.Target.Start, a.Target.End, a.Target.Exact, a.ReplyToId, a.IsDeleted, a.ModifiedUtc.Ticks))];
    }

    /// <summary>How many annotations (of any kind) the reader owns.</summary>
    public static async Task<int> CountOwnedByAsync(this EssayReaderFactory factory, string readerId)
    {
        await using var scope = factory.CreateDbContext();
        return await scope.Db.Annotations.CountAsync(a => a.OwnerId == readerId);
    }
}
