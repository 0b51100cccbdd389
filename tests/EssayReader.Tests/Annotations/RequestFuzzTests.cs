using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EssayReader.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// Generated damage to every request body the API takes (create, update, reply) and to the listing's
/// query: a few hundred seeded mutants of a valid request each (<see cref="JsonMutator"/>). Whatever
/// arrives, the API never answers 5xx; a refusal is 400, 413 or 422 with a ProblemDetails and changes no
/// row; and what it accepts is a valid annotation, stored as answered. A failure names the case's seed and
/// what was done to the request: <c>new JsonMutator(seed)</c> makes the same request again.
/// </summary>
public sealed class RequestFuzzTests(EssayReaderFactory factory, ITestOutputHelper output) : IClassFixture<EssayReaderFactory>
{
    private const int Cases = 300;
    private static readonly string[] QueryNames = ["after", "limit", "after", "limit", "page", "x"];
    private static readonly HashSet<HttpStatusCode> Refusals = [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnprocessableEntity];

    [Fact]
    public async Task MutatedCreateRequestsAreRefusedCleanlyOrMakeAValidAnnotation()
    {
        var (client, essay) = await ReaderAsync();

        await FuzzAsync(6_100_000, client, random => (HttpMethod.Post, AnnotationsPath(), ValidCreate(essay, random)),
            random => Plausible(essay, random),
            async (response, before) =>
            {
                AssertStatus(HttpStatusCode.Created, response.StatusCode);
                var created = await response.ReadJsonAsync();
                var rows = await RowsAsync();
                var added = Assert.Single(rows.Keys.Except(before.Keys));
                Assert.Equal(IdOf(created), added);
                Assert.All(before, row => Assert.Equal(row.Value.Value, rows[row.Key].Value));
                await AssertValidAsync(rows[added].Row, essay);
                Assert.Null(rows[added].Row.ReplyToId);
            });
    }

    [Fact]
    public async Task MutatedUpdatesAreRefusedCleanlyOrLeaveAValidAnnotation()
    {
        var (client, essay) = await ReaderAsync();
        var id = IdOf(await client.CreateAsync(AnnotationRequests.Comment(essay, "Russo-Sino relations have long been difficult.", visibility: "private")));

        await FuzzAsync(6_200_000, client, random => (HttpMethod.Patch, AnnotationPath(id), ValidUpdate(essay, random)),
            random => Plausible(essay, random),
            async (response, before) =>
            {
                AssertStatus(HttpStatusCode.OK, response.StatusCode);
                var rows = await RowsAsync();
                Assert.Equal(before.Keys.Order(), rows.Keys.Order());
                Assert.All(before.Where(row => row.Key != id), row => Assert.Equal(row.Value.Value, rows[row.Key].Value));
                var changed = rows[id].Row;
                Assert.Equal(Motivation.Commenting, changed.Motivation);
                await AssertValidAsync(changed, essay);
            });
    }

    [Fact]
    public async Task MutatedRepliesAreRefusedCleanlyOrMakeAValidReply()
    {
        var (client, essay) = await ReaderAsync();
        var comment = IdOf(await client.CreateAsync(AnnotationRequests.Comment(essay, "Russo-Sino relations have long been difficult.", visibility: "public")));

        await FuzzAsync(6_300_000, client, random => (HttpMethod.Post, RepliesPath(comment), AnnotationRequests.Reply(Words(random))),
            random => Plausible(essay, random),
            async (response, before) =>
            {
                AssertStatus(HttpStatusCode.Created, response.StatusCode);
                var rows = await RowsAsync();
                var added = Assert.Single(rows.Keys.Except(before.Keys));
                Assert.All(before, row => Assert.Equal(row.Value.Value, rows[row.Key].Value));
                var reply = rows[added].Row;
                Assert.Equal(comment, reply.ReplyToId);
                Assert.Equal(Motivation.Replying, reply.Motivation);
                await AssertValidAsync(reply, essay);
            });
    }

    [Fact]
    public async Task MutatedListingQueriesNeverFailOnOurSide()
    {
        var (client, _) = await ReaderAsync();
        string[] values = ["", "0", "-1", "1.5", "abc", "NaN", "1e9", "2147483648", "9223372036854775808", "%00", "%FF", "%F0%9F%98", "[]", "{}", "true", new string('9', 5_000)];
        var failures = new List<string>();
        for (var seed = 6_400_000; seed < 6_400_000 + 100; seed++)
        {
            var random = new Random(seed);
            var query = string.Join('&', Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
                $"{QueryNames[random.Next(QueryNames.Length)]}={values[random.Next(values.Length)]}"));
            var path = random.Next(2) == 0 ? $"{AnnotationsPath()}?{query}" : $"{RepliesPath(Guid.CreateVersion7())}?{query}";

            using var response = await client.GetAsync(path);

            if ((int)response.StatusCode >= 500 || (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
            {
                failures.Add($"seed {seed}: GET {path[..Math.Min(path.Length, 200)]} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }

        Assert.Empty(failures);
    }

    public static TheoryData<string, string> HardCases() => new()
    {
        { "a lone high surrogate in a reply", """{"body": [{"value": "half a pair: \uD800 then nothing"}]}""" },
        { "a lone low surrogate in a reply", """{"body": [{"value": "\uDC00"}]}""" },
        { "a reply nested 10 000 arrays deep", """{"body": """ + new string('[', 10_000) + new string(']', 10_000) + "}" },
        { "an unknown member nested 1 000 objects deep", """{"body": [{"value": "Hi."}], "x": """ + string.Concat(Enumerable.Repeat("""{"x": """, 1_000)) + "1" + new string('}', 1_000) + "}" },
        { "a body of a number too large for any type", """{"body": 1e999}""" },
        { "NaN where the body belongs", """{"body": NaN}""" },
        // Sent as Latin-1 below: the bytes C0 AF, an overlong '/', which no UTF-8 decoder may accept.
        { "invalid UTF-8 in the body", "{\"body\": [{\"value\": \"\u00C0\u00AF\"}]}" },
        { "a reply that is not an object", "[]" },
        { "nothing but null", "null" },
    };

    /// <summary>The cases of the issue, named: each refused with 400 and a ProblemDetails, and nothing stored.</summary>
    [Theory]
    [MemberData(nameof(HardCases))]
    public async Task HardCasesAreRefusedWithAProblem(string what, string json)
    {
        var (client, essay) = await ReaderAsync();
        var comment = IdOf(await client.CreateAsync(AnnotationRequests.Comment(essay, "Russo-Sino relations have long been difficult.")));
        var bytes = Encoding.Latin1.GetBytes(json);

        var problem = await factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => client.PostAsync(RepliesPath(comment), new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } }));

        Assert.True(problem.TryGetProperty("title", out _), what);
    }

    /// <summary>
    /// <see cref="Cases"/> mutants of <paramref name="valid"/>, each from its own seed: refused cleanly
    /// (status, ProblemDetails, no row changed), or accepted and checked by <paramref name="assertAccepted"/>.
    /// </summary>
    private async Task FuzzAsync(
        int firstSeed,
        HttpClient client,
        Func<Random, (HttpMethod Method, string Path, JsonObject Body)> valid,
        Func<Random, JsonNode?> plausible,
        Func<HttpResponseMessage, IReadOnlyDictionary<Guid, (string Value, Annotation Row)>, Task> assertAccepted)
    {
        var failures = new List<string>();
        var (accepted, refused) = (0, 0);
        var statuses = new SortedDictionary<int, int>();
        for (var seed = firstSeed; seed < firstSeed + Cases && failures.Count < 5; seed++)
        {
            var random = new Random(seed);
            var (method, path, body) = valid(random);
            var mutator = new JsonMutator(seed);
            var bytes = mutator.Mutate(body, plausible);
            var before = await RowsAsync();
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };

            try
            {
                using var response = await client.SendAsync(request);
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                if (response.IsSuccessStatusCode)
                {
                    accepted++;
                    await assertAccepted(response, before);
                }
                else
                {
                    refused++;
                    Assert.Contains(response.StatusCode, Refusals);
                    await AssertProblemAsync(response.StatusCode, response);
                    Assert.Equal(before.Select(r => r.Value.Value).Order(), (await RowsAsync()).Select(r => r.Value.Value).Order());
                }
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException or InvalidOperationException)
            {
                var sent = Encoding.UTF8.GetString(bytes);
                failures.Add($"seed {seed}: {method} {path} after {string.Join("; ", mutator.Applied)}\n  sent {sent[..Math.Min(sent.Length, 300)]}\n  {e.Message}");
            }
        }

        var (calledMethod, calledPath, _) = valid(new Random(firstSeed));
        output.WriteLine($"{calledMethod} {calledPath}: {string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}"))}");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // A fuzz whose every mutant is refused would never test the accepting path, and the reverse.
        Assert.True(accepted >= Cases / 20 && refused >= Cases / 2, $"{accepted} accepted, {refused} refused");
    }

    private static void AssertStatus(HttpStatusCode expected, HttpStatusCode actual) => Assert.Equal(expected, actual);

    /// <summary>What makes a stored annotation valid: its quote is the essay's text at its offsets, its words within limits and well-formed.</summary>
    private async Task AssertValidAsync(Annotation row, CanonicalEssay essay)
    {
        var target = row.Target;
        Assert.Equal(essay.Version, target.EssayVersion);
        Assert.InRange(target.Start, 0, essay.Text.Length - 1);
        Assert.InRange(target.End, target.Start + 1, essay.Text.Length);
        Assert.Equal(essay.Text[target.Start..target.End], target.Exact);
        Assert.Equal(essay.Text[Math.Max(0, target.Start - AnnotationLimits.ContextLength)..target.Start], target.Prefix);
        Assert.Equal(essay.Text[target.End..Math.Min(essay.Text.Length, target.End + AnnotationLimits.ContextLength)], target.Suffix);
        Assert.True(row.Color is null || Enum.IsDefined(row.Color.Value));
        Assert.True(Enum.IsDefined(row.Visibility) && Enum.IsDefined(row.Motivation));
        if (row.Motivation == Motivation.Highlighting)
        {
            Assert.Null(row.BodyMarkdown);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(row.BodyMarkdown));
            Assert.InRange(row.BodyMarkdown!.Length, 1, AnnotationLimits.MaxBodyLength);
            Assert.Equal(row.BodyMarkdown.Trim(), row.BodyMarkdown);
            Assert.True(IsWellFormed(row.BodyMarkdown), "the stored body is not well-formed UTF-16");
            Assert.NotNull(row.BodyHtml);
            SafeHtml.AssertNoActiveContent(row.BodyHtml!);
        }

        // What the API answers for it is what was stored.
        var read = await factory.CreateClient().GetAsync(AnnotationPath(row.Id));
        if (row.Visibility == Visibility.Public)
        {
            var document = await read.ReadJsonAsync();
            Assert.Equal(row.BodyMarkdown, document.TryGetProperty("body", out var body) ? body[0].GetProperty("value").GetString() : null);
        }
    }

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Every annotation row by id: its comparable text (<see cref="AnnotationApi.AnnotationRowsAsync"/>'s columns) and the entity.</summary>
    private async Task<IReadOnlyDictionary<Guid, (string Value, Annotation Row)>> RowsAsync()
    {
        await using var scope = factory.CreateDbContext();
        var rows = await scope.Db.Annotations.AsNoTracking().ToListAsync();
        return rows.ToDictionary(a => a.Id, a => (string.Join('|',
            a.Seq, a.Id, a.OwnerId, a.Motivation, a.Visibility, a.Color, a.BodyMarkdown, a.BodyHtml,
            a.Target.Start, a.Target.End, a.Target.Exact, a.Target.Prefix, a.Target.Suffix, a.ReplyToId, a.IsDeleted, a.ModifiedUtc.Ticks), a));
    }

    private async Task<(HttpClient Client, CanonicalEssay Essay)> ReaderAsync()
    {
        var reader = await factory.SignInNewReaderAsync();
        return (reader.Client, await CanonicalEssay.GetAsync(reader.Client));
    }

    // A valid create request for a random span of the text: a highlight, or a comment with a few words.
    private static JsonObject ValidCreate(CanonicalEssay essay, Random random)
    {
        var (start, end) = Span(essay, random);
        var colors = new[] { "yellow", "green", "blue", "pink", "purple" };
        var request = random.Next(2) == 0
            ? AnnotationRequests.Annotation("highlighting", essay, start, end, body: null, colors[random.Next(colors.Length)], random.Next(2) == 0 ? "public" : "private")
            : AnnotationRequests.Annotation("commenting", essay, start, end, Words(random), color: null, visibility: random.Next(2) == 0 ? "public" : "private");
        Displace(request, essay, random);
        return request;
    }

    // A quarter of the time the position is moved and the quote kept: a little (found nearby), far, past
    // the end of the text, or to the end of int's range; the mutator does the rest.
    private static void Displace(JsonObject request, CanonicalEssay essay, Random random)
    {
        if (request["target"] is null || random.Next(4) != 0)
        {
            return;
        }

        var position = request.PositionSelector();
        var (start, end) = ((int)position["start"]!, (int)position["end"]!);
        var by = new[] { 1, -1, 10, 63, -64, 65, 500, -500, essay.Text.Length, int.MaxValue - end }[random.Next(10)];
        by = Math.Max(by, -start);
        position["start"] = start + by;
        position["end"] = end + by;
    }

    private static JsonObject ValidUpdate(CanonicalEssay essay, Random random)
    {
        var (start, end) = Span(essay, random);
        var update = new JsonObject
        {
            ["body"] = AnnotationRequests.Body(Words(random)),
            ["color"] = "green",
            ["visibility"] = random.Next(2) == 0 ? "public" : "private",
        };
        if (random.Next(2) == 0)
        {
            update["target"] = AnnotationRequests.Target(essay, start, end);
            Displace(update, essay, random);
        }

        return update;
    }

    // Values a client could well send: the mutator puts them anywhere, so some mutants stay valid.
    private static JsonNode? Plausible(CanonicalEssay essay, Random random)
    {
        var (start, end) = Span(essay, random);
        return random.Next(7) switch
        {
            0 => new[] { "yellow", "green", "blue", "pink", "purple" }[random.Next(5)],
            1 => random.Next(2) == 0 ? "public" : "private",
            2 => start,
            3 => AnnotationRequests.Target(essay, start, end),
            4 => AnnotationRequests.Body(Words(random)),
            5 => essay.Text[start..end],
            _ => null,
        };
    }

    private static (int Start, int End) Span(CanonicalEssay essay, Random random)
    {
        var start = random.Next(essay.Text.Length - 1);
        var end = Math.Min(essay.Text.Length, start + 1 + random.Next(120));
        // Never half a surrogate pair at either end: a page's selection cannot cut one.
        while (start > 0 && char.IsLowSurrogate(essay.Text[start]))
        {
            start--;
        }

        while (end < essay.Text.Length && char.IsLowSurrogate(essay.Text[end]))
        {
            end++;
        }

        return (start, end);
    }

    private static string Words(Random random)
    {
        string[] words = ["Why", "*not*", "the", "axis", "[link](https://example.org)", "<b>bold</b>", "`code`", "é", "😀", "#", "> quote"];
        return string.Join(' ', Enumerable.Range(0, 1 + random.Next(12)).Select(_ => words[random.Next(words.Length)]));
    }
}
