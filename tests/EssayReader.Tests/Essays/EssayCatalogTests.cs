using EssayReader.Essays;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EssayReader.Tests.Essays;

/// <summary>The catalogue over a folder of its own per test.</summary>
public sealed class EssayCatalogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "essayreader-tests", Guid.NewGuid().ToString("N"));
    private readonly ListLogger<EssayCatalog> _logger = new();
    private readonly List<EssayCatalog> _catalogs = [];

    public EssayCatalogTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        foreach (var catalog in _catalogs)
        {
            catalog.Dispose();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void LoadsEveryEssayInTheFolderAndItsSubfolders()
    {
        Write("first", TestEssay.Markdown(title: "First"));
        Directory.CreateDirectory(Path.Combine(_folder, "more"));
        TestEssay.Write(Path.Combine(_folder, "more"), "second", TestEssay.Markdown(title: "Second"));
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not an essay");

        var catalog = CreateCatalog();

        Assert.Equal(["first", "second"], catalog.Essays.Select(e => e.Slug).Order(StringComparer.Ordinal));
        var first = catalog.Find("first");
        Assert.NotNull(first);
        Assert.Equal("First", first.Meta.Title);
        Assert.Equal(Path.Combine(_folder, "first.md"), first.SourcePath);
        Assert.Equal(1, first.NoteCount);
        Assert.Empty(_logger.Errors);
    }

    [Fact]
    public void ListsNewestFirstAndSameDayEssaysBySlug()
    {
        Write("older", TestEssay.Markdown(published: "2010-05-01"));
        Write("newest", TestEssay.Markdown(published: "2020-05-01"));
        Write("same-day-b", TestEssay.Markdown(published: "2015-05-01"));
        Write("same-day-a", TestEssay.Markdown(published: "2015-05-01"));

        var catalog = CreateCatalog();

        Assert.Equal(["newest", "same-day-a", "same-day-b", "older"], catalog.Essays.Select(e => e.Slug));
    }

    [Fact]
    public void FindIgnoresCaseButAnUnknownSlugIsNull()
    {
        Write("an-essay", TestEssay.Markdown());

        var catalog = CreateCatalog();

        Assert.Equal("an-essay", catalog.Find("An-Essay")?.Slug);
        Assert.Null(catalog.Find("another-essay"));
    }

    [Theory]
    [InlineData("---\ntitle: [broken\n---\n\nText.\n", "not valid YAML")]
    [InlineData("No front matter at all.\n", "does not start with front matter")]
    [InlineData("---\ntitle: T\nauthor: A\npublished: 2020-01-01\n---\n\nText.\n", "missing summary")]
    [InlineData("---\ntitle: T\nauthor: A\npublished: 01/01/2020\nsummary: S\n---\n\nText.\n", "'published'")]
    [InlineData("---\ntitle: T\nauthor: A\npublished: 2020-01-01\nsummary: S\n---\n", "no text")]
    public void SkipsAMalformedFileAndLogsItsNameAndProblem(string markdown, string problem)
    {
        Write("good", TestEssay.Markdown());
        var broken = Write("broken", markdown);

        var catalog = CreateCatalog();

        Assert.Equal(["good"], catalog.Essays.Select(e => e.Slug));
        Assert.Null(catalog.Find("broken"));
        var error = Assert.Single(_logger.Errors);
        Assert.Contains(broken, error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipsAFileThatIsNotUtf8()
    {
        Write("good", TestEssay.Markdown());
        var latin1 = Path.Combine(_folder, "latin1.md");
        File.WriteAllBytes(latin1, [.. System.Text.Encoding.Latin1.GetBytes(TestEssay.Markdown(author: "Micheál"))]);

        var catalog = CreateCatalog();

        Assert.Equal(["good"], catalog.Essays.Select(e => e.Slug));
        Assert.Contains(_logger.Errors, e => e.Contains(latin1, StringComparison.Ordinal) && e.Contains("UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileWhoseNotesCannotBeRenderedDoesNotTakeTheOthersDown()
    {
        Write("good", TestEssay.Markdown());
        Write("odd-date", TestEssay.Markdown(body: "Text.[^1]\n\n[^1]: See <http://example.org/> (Accessed 01.01.0000).\n"));

        var catalog = CreateCatalog();

        Assert.NotNull(catalog.Find("good"));
    }

    [Fact]
    public void ASecondFileWithTheSameSlugIsSkippedAndLogged()
    {
        var first = Write("same", TestEssay.Markdown(title: "First"));
        var second = Write("Same", TestEssay.Markdown(title: "Second"));

        var catalog = CreateCatalog();

        // Files are read in ordinal order of their paths: "Same.md" comes before "same.md".
        Assert.Equal("Second", Assert.Single(catalog.Essays).Meta.Title);
        var error = Assert.Single(_logger.Errors);
        Assert.Contains(first, error, StringComparison.Ordinal);
        Assert.Contains(second, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("café")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("under_score")]
    public void AFileNameThatIsNotASlugIsSkippedAndLogged(string name)
    {
        var file = Write(name, TestEssay.Markdown());

        var catalog = CreateCatalog();

        Assert.Empty(catalog.Essays);
        var error = Assert.Single(_logger.Errors);
        Assert.Contains(file, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUpperCaseFileNameGivesALowerCaseSlug()
    {
        Write("Loud-Title", TestEssay.Markdown());

        var catalog = CreateCatalog();

        Assert.Equal("loud-title", Assert.Single(catalog.Essays).Slug);
    }

    [Fact]
    public async Task AnEditedFileIsReloaded()
    {
        var file = Write("edited", TestEssay.Markdown(title: "Before"));
        var catalog = CreateCatalog();
        var before = catalog.Find("edited");
        Assert.Equal("Before", before?.Meta.Title);

        await File.WriteAllTextAsync(file, TestEssay.Markdown(title: "After", body: "Other words.\n"));

        Assert.True(await Eventually.TrueAsync(() => catalog.Find("edited")?.Meta.Title == "After"), "the edit was not seen within the timeout");
        var after = catalog.Find("edited")!;
        Assert.NotEqual(before!.Version, after.Version);
        Assert.NotEqual(before.SourceHash, after.SourceHash);
    }

    [Fact]
    public async Task ChangeTokenFiresWhenAnEssayChanges()
    {
        var file = Write("watched", TestEssay.Markdown());
        var catalog = CreateCatalog();
        var token = catalog.ChangeToken;
        Assert.False(token.HasChanged);

        await File.WriteAllTextAsync(file, TestEssay.Markdown(title: "Changed"));

        Assert.True(await Eventually.TrueAsync(() => token.HasChanged), "the change token did not fire within the timeout");
    }

    [Fact]
    public async Task AnAddedFileAppearsAndARemovedOneGoes()
    {
        var removed = Write("removed", TestEssay.Markdown());
        var catalog = CreateCatalog();
        Assert.NotNull(catalog.Find("removed"));

        File.Delete(removed);
        Write("added", TestEssay.Markdown());

        Assert.True(await Eventually.TrueAsync(() => catalog.Find("removed") is null && catalog.Find("added") is not null), "the catalogue did not follow the folder within the timeout");
        Assert.Equal(["added"], catalog.Essays.Select(e => e.Slug));
    }

    [Fact]
    public async Task AFileThatIsFixedAfterBreakingIsServedAgain()
    {
        var file = Write("fixed-later", TestEssay.Markdown(published: "someday"));
        var catalog = CreateCatalog();
        Assert.Null(catalog.Find("fixed-later"));

        await File.WriteAllTextAsync(file, TestEssay.Markdown());

        Assert.True(await Eventually.TrueAsync(() => catalog.Find("fixed-later") is not null), "the fixed file was not served within the timeout");
    }

    [Fact]
    public void AMissingFolderIsLoggedAndGivesNoEssays()
    {
        var missing = Path.Combine(_folder, "does-not-exist");

        var catalog = CreateCatalog(missing);

        Assert.Empty(catalog.Essays);
        Assert.False(catalog.IsContentFolderReadable);
        Assert.Contains(_logger.Errors, e => e.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void ARelativePathStartsAtTheContentRoot()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "content"));
        TestEssay.Write(Path.Combine(_folder, "content"), "relative", TestEssay.Markdown());

        var catalog = CreateCatalog("content");

        Assert.Equal(Path.Combine(_folder, "content"), catalog.Root);
        Assert.NotNull(catalog.Find("relative"));
    }

    [Fact]
    public async Task AContentFolderRemovedWhileRunningServesNoEssaysInsteadOfFailing()
    {
        Write("first", TestEssay.Markdown(title: "First"));
        var catalog = CreateCatalog();
        Assert.NotNull(catalog.Find("first"));

        Directory.Delete(_folder, recursive: true);

        Assert.True(await Eventually.TrueAsync(() => catalog.Find("first") is null), "the essay is gone once the folder is");
        Assert.Empty(catalog.Essays);
        Assert.False(catalog.IsContentFolderReadable);
    }

    private string Write(string slug, string markdown) => TestEssay.Write(_folder, slug, markdown);

    private EssayCatalog CreateCatalog(string? path = null)
    {
        var catalog = new EssayCatalog(Options.Create(new EssayOptions { Path = path ?? _folder }), new FolderHostEnvironment(_folder), _logger);
        _catalogs.Add(catalog);
        return catalog;
    }

    private sealed class FolderHostEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "EssayReader.Tests";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
