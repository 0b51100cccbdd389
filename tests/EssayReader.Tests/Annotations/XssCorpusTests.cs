using System.Net;
using System.Text.Json;
using EssayReader.Tests.Builders;
using EssayReader.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// Every vector of the XSS corpus, posted through the API as a comment and as a reply, is kept as
/// written and shown as HTML with nothing active in it, the same in the API's answer, in a later read
/// and in the database row. Each test reports every vector that fails, not only the first.
/// </summary>
public sealed class XssCorpusTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "China is hedging.";

    [Fact]
    public void TheCorpusHoldsFiveHundredDistinctVectorsOfEveryKind()
    {
        var vectors = XssCorpus.All;

        Assert.True(vectors.Count >= 500, $"only {vectors.Count} vectors");
        Assert.Equal(vectors.Count, vectors.Select(v => v.Markdown).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, vectors.Count), vectors.Select(v => v.Number));
        Assert.All(vectors, v => Assert.InRange(v.StoredMarkdown.Length, 1, EssayReader.Annotations.AnnotationLimits.MaxBodyLength));
        var categories = vectors.GroupBy(v => v.Category).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(
            ["script elements", "event handlers", "SVG", "MathML", "Markdown links and images", "character references and escapes",
             "unclosed and malformed tags", XssCorpus.GeneratedCategory],
            category => Assert.True(categories.GetValueOrDefault(category) >= 10, $"{category}: {categories.GetValueOrDefault(category)} vectors"));
    }

    [Fact]
    public async Task NoVectorPostedAsACommentKeepsAnythingActive()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        var problems = new List<string>();
        var stored = new List<(XssVector Vector, Guid Id, string Html)>();
        foreach (var vector in XssCorpus.All)
        {
            using var response = await reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Comment(essay, Phrase, vector.Markdown));
            if (await CheckAnswerAsync(vector, response, HttpStatusCode.Created, problems) is { } created)
            {
                stored.Add((vector, created.Id, created.Html));
            }
        }

        await CheckStoredAsync(reader.Client, stored, problems);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public async Task NoVectorPostedAsAReplyKeepsAnythingActive()
    {
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var comment = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));

        var problems = new List<string>();
        var stored = new List<(XssVector Vector, Guid Id, string Html)>();
        foreach (var vector in XssCorpus.All)
        {
            using var response = await reader.Client.PostJsonAsync(RepliesPath(comment), AnnotationRequests.Reply(vector.Markdown));
            if (await CheckAnswerAsync(vector, response, HttpStatusCode.Created, problems) is { } created)
            {
                stored.Add((vector, created.Id, created.Html));
            }
        }

        await CheckStoredAsync(reader.Client, stored, problems);
        var replies = (await reader.Client.GetJsonAsync(RepliesPath(comment))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(stored.Select(s => s.Id), replies.Select(IdOf));
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems)}");
    }

    // The API's answer: the status, the Markdown as written, and HTML with nothing active.
    private static async Task<(Guid Id, string Html)?> CheckAnswerAsync(XssVector vector, HttpResponseMessage response, HttpStatusCode expected, List<string> problems)
    {
        if (response.StatusCode != expected)
        {
            problems.Add($"{vector}: answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return null;
        }

        var annotation = await response.ReadJsonAsync();
        var (value, html) = BodyOf(annotation);
        if (value != vector.StoredMarkdown)
        {
            problems.Add($"{vector}: the API answered with other Markdown: {value}");
        }

        problems.AddRange(SafeHtml.ProblemsIn(html).Select(problem => $"{vector}: {problem} in {html}"));
        return (IdOf(annotation), html);
    }

    // What was stored: the row holds the Markdown as written and the HTML the API answered with, and a
    // later read serves the same.
    private async Task CheckStoredAsync(HttpClient client, List<(XssVector Vector, Guid Id, string Html)> stored, List<string> problems)
    {
        var ids = stored.Select(s => s.Id).ToList();
        await using var scope = factory.CreateDbContext();
        var rows = await scope.Db.Annotations.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id);
        foreach (var (vector, id, html) in stored)
        {
            if (!rows.TryGetValue(id, out var row))
            {
                problems.Add($"{vector}: no row {id}");
                continue;
            }

            if (row.BodyMarkdown != vector.StoredMarkdown)
            {
                problems.Add($"{vector}: the row holds other Markdown: {row.BodyMarkdown}");
            }

            if (row.BodyHtml != html)
            {
                problems.Add($"{vector}: the row holds other HTML than the API answered: {row.BodyHtml}");
            }

            var (value, read) = BodyOf(await client.GetJsonAsync(AnnotationPath(id)));
            if (value != vector.StoredMarkdown || read != html)
            {
                problems.Add($"{vector}: a later read serves other Markdown or HTML: {value} / {read}");
            }
        }
    }

    private static (string Value, string Html) BodyOf(JsonElement annotation)
    {
        var body = annotation.GetProperty("body")[0];
        return (body.GetProperty("value").GetString()!, body.GetProperty("html").GetString()!);
    }
}
