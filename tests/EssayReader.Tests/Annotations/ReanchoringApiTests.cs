using System.Text.Json;
using EssayReader.Tests.Builders;

namespace EssayReader.Tests.Annotations;

/// <summary>An author edits the essay file; annotations follow their words, or are kept as orphans.</summary>
public sealed class ReanchoringApiTests
{
    private const string Added = "An opening sentence added by the author. ";
    private const string Heading = "Stability and Recklessness";
    private const string DeletedSentence = "Dmitry Medvedev was the Russian president that concluded final demarcation 17 years later in July 2008. ";
    private const string Typo = "the Sino-Soviet spilt initiated by Nikita Khrushchev";

    [Fact]
    public async Task AfterAnEditAnnotationsMoveWithTheirWordsOrAreOrphanedAndTheirSelectorsAreKept()
    {
        await using var factory = new EssayReaderFactory();
        var ada = await factory.SignInNewReaderAsync();
        var before = await CanonicalEssay.GetAsync(ada.Client);
        var moved = await ada.Client.CreateAsync(AnnotationRequests.Highlight(before, Heading));
        var orphan = await ada.Client.CreateAsync(AnnotationRequests.Comment(before, DeletedSentence.TrimEnd(), "Gone soon."));

        var file = factory.EssayFile(EssayReaderFactory.EssaySlug);
        var markdown = await File.ReadAllTextAsync(file);
        markdown = markdown.Replace("Many experts have claimed", Added + "Many experts have claimed", StringComparison.Ordinal)
            .Replace(DeletedSentence, string.Empty, StringComparison.Ordinal);
        await EssayReaderFactory.SaveEssayFileAsync(file, markdown);
        Assert.True(await Eventually.TrueAsync(async () => (await CanonicalEssay.GetAsync(ada.Client)).Version != before.Version), "the edit is served");
        var after = await CanonicalEssay.GetAsync(ada.Client);

        var items = (await ada.Client.GetJsonAsync(AnnotationApi.AnnotationsPath())).GetProperty("items").EnumerateArray().ToList();
        var movedNow = items.Single(a => a.GetProperty("id").GetString() == moved.GetProperty("id").GetString());
        var orphanNow = items.Single(a => a.GetProperty("id").GetString() == orphan.GetProperty("id").GetString());

        var anchor = movedNow.GetProperty("anchor");
        Assert.Equal("moved", anchor.GetProperty("status").GetString());
        Assert.Equal(Heading, after.Text[anchor.GetProperty("start").GetInt32()..anchor.GetProperty("end").GetInt32()]);
        // The heading comes after the deleted sentence: it moves by what was added less what was removed.
        Assert.Equal(before.IndexOf(Heading) + Added.Length - DeletedSentence.Length, anchor.GetProperty("start").GetInt32());

        Assert.Equal("orphaned", orphanNow.GetProperty("anchor").GetProperty("status").GetString());
        Assert.False(orphanNow.GetProperty("anchor").TryGetProperty("start", out _));
        Assert.Equal("Gone soon.", orphanNow.GetProperty("body")[0].GetProperty("value").GetString());

        // The original selectors are never rewritten: they still describe the version they were made on.
        Assert.Equal(before.Version, movedNow.GetProperty("essayVersion").GetString());
        Assert.Equal(before.IndexOf(Heading), Position(movedNow).Start);
        Assert.Equal(DeletedSentence.TrimEnd(), Quote(orphanNow));
    }

    [Fact]
    public async Task EveryVersionAnAnnotationWasMadeOnIsRecorded()
    {
        await using var factory = new EssayReaderFactory();
        var ada = await factory.SignInNewReaderAsync();
        var before = await CanonicalEssay.GetAsync(ada.Client);
        await ada.Client.CreateAsync(AnnotationRequests.Highlight(before, Typo));
        var file = factory.EssayFile(EssayReaderFactory.EssaySlug);
        await EssayReaderFactory.SaveEssayFileAsync(file, (await File.ReadAllTextAsync(file)).Replace("Sino-Soviet spilt initiated", "Sino-Soviet split initiated", StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(async () => (await CanonicalEssay.GetAsync(ada.Client)).Version != before.Version));
        var after = await CanonicalEssay.GetAsync(ada.Client);

        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await using var scope = factory.CreateDbContext();
            var versions = scope.Db.EssayVersions.Where(v => v.Slug == EssayReaderFactory.EssaySlug).Select(v => v.Version).ToList();
            return versions.Contains(before.Version) && versions.Contains(after.Version);
        }), "both versions are in EssayVersions");
        await using var check = factory.CreateDbContext();
        Assert.Equal(before.Text, check.Db.EssayVersions.Single(v => v.Slug == EssayReaderFactory.EssaySlug && v.Version == before.Version).Text);
    }

    [Fact]
    public async Task ATypoFixedInsideAHighlightLeavesItOnTheCorrectedWordsAsFuzzy()
    {
        await using var factory = new EssayReaderFactory();
        var ada = await factory.SignInNewReaderAsync();
        var before = await CanonicalEssay.GetAsync(ada.Client);
        var highlight = await ada.Client.CreateAsync(AnnotationRequests.Highlight(before, Typo));
        var file = factory.EssayFile(EssayReaderFactory.EssaySlug);
        await EssayReaderFactory.SaveEssayFileAsync(file, (await File.ReadAllTextAsync(file)).Replace("Sino-Soviet spilt initiated", "Sino-Soviet split initiated", StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(async () => (await CanonicalEssay.GetAsync(ada.Client)).Version != before.Version));
        var after = await CanonicalEssay.GetAsync(ada.Client);

        var anchor = (await ada.Client.GetJsonAsync(AnnotationApi.AnnotationPath(Guid.Parse(highlight.GetProperty("id").GetString()!.Split('/')[^1])))).GetProperty("anchor");

        Assert.Equal("fuzzy", anchor.GetProperty("status").GetString());
        Assert.Equal("the Sino-Soviet split initiated by Nikita Khrushchev", after.Text[anchor.GetProperty("start").GetInt32()..anchor.GetProperty("end").GetInt32()]);
    }

    private static string Quote(JsonElement annotation) =>
        annotation.GetProperty("target").GetProperty("selector").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "TextQuoteSelector").GetProperty("exact").GetString()!;

    private static (int Start, int End) Position(JsonElement annotation)
    {
        var selector = annotation.GetProperty("target").GetProperty("selector").EnumerateArray()
            .Single(s => s.GetProperty("type").GetString() == "TextPositionSelector");
        return (selector.GetProperty("start").GetInt32(), selector.GetProperty("end").GetInt32());
    }
}
