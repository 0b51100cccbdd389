using System.Net;
using Serilog.Events;

namespace EssayReader.Tests.Essays;

/// <summary>A broken essay file costs only itself: it is logged by name, and every other essay keeps working.</summary>
public sealed class MalformedContentTests
{
    private static readonly string EssayPath = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

    public static TheoryData<string, string, string> MalformedFiles => new()
    {
        { "broken YAML", "---\ntitle: \"An unfinished quote\nauthor: [Someone\n---\n\nText.\n", "not valid YAML" },
        { "no front matter", "# Just a heading\n\nSome text without any front matter.\n", "front matter" },
        { "a missing field", TestEssay.Markdown(summary: null), "summary" },
        { "a bad date", TestEssay.Markdown(published: "30.06.2014"), "published" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task AMalformedFileIs404AndLoggedByNameWhileTheGoodEssayServes(string problem, string markdown, string explanation)
    {
        await using var factory = new EssayReaderFactory();
        var broken = TestEssay.Write(factory.ContentPath, "a-broken-essay", markdown);
        var client = factory.CreateClient();

        var good = await client.GetPageAsync(EssayPath);
        using var response = await client.GetAsync("/essays/a-broken-essay");

        Assert.NotNull(good.QuerySelector("[data-essay-root]"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var errors = factory.Logs.MessagesAtLeast(LogEventLevel.Error);
        Assert.True(
            errors.Any(m => m.Contains(broken, StringComparison.Ordinal) && m.Contains(explanation, StringComparison.Ordinal)),
            $"no error naming {broken} and '{explanation}' for {problem}; errors were: {string.Join(" | ", errors)}");
    }

    [Fact]
    public async Task AnEssayBrokenWhileTheSiteRunsIs404AndLoggedByNameWhileTheOthersServe()
    {
        await using var factory = new EssayReaderFactory();
        var file = TestEssay.Write(factory.ContentPath, "soon-broken", TestEssay.Markdown());
        var client = factory.CreateClient();
        await client.GetPageAsync("/essays/soon-broken");

        await File.WriteAllTextAsync(file, TestEssay.Markdown(published: "yesterday"));

        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/essays/soon-broken")).StatusCode == HttpStatusCode.NotFound),
            "the broken essay was still served after the timeout");
        await client.GetPageAsync(EssayPath);
        Assert.Contains(factory.Logs.MessagesAtLeast(LogEventLevel.Error), m => m.Contains(file, StringComparison.Ordinal) && m.Contains("yesterday", StringComparison.Ordinal));
    }
}
