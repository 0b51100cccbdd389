using EssayReader.Essays;

namespace EssayReader.Tests.Essays;

public sealed class FrontMatterParserTests
{
    [Fact]
    public void ValidFrontMatterGivesEveryField()
    {
        var meta = FrontMatterParser.Parse("""
            title: "Why a Moscow-Beijing Axis is Unlikely"
            author: "Eoin Micheál Mcnamara"
            published: 2014-06-30
            language: lv
            summary: "  A one-line summary.  "
            """);

        Assert.Equal(new EssayFrontMatter("Why a Moscow-Beijing Axis is Unlikely", "Eoin Micheál Mcnamara", new DateOnly(2014, 6, 30), "lv", "A one-line summary."), meta);
    }

    [Fact]
    public void LanguageDefaultsToEnglish()
    {
        var meta = FrontMatterParser.Parse("title: T\nauthor: A\npublished: 2020-01-02\nsummary: S\n");

        Assert.Equal("en", meta.Language);
    }

    [Fact]
    public void UnknownFieldsAreIgnored()
    {
        var meta = FrontMatterParser.Parse("title: T\nauthor: A\npublished: 2020-01-02\nsummary: S\ntags: [a, b]\n");

        Assert.Equal("T", meta.Title);
    }

    [Theory]
    [InlineData("author: A\npublished: 2020-01-02\nsummary: S", "title")]
    [InlineData("title: T\npublished: 2020-01-02\nsummary: S", "author")]
    [InlineData("title: T\nauthor: A\nsummary: S", "published")]
    [InlineData("title: T\nauthor: A\npublished: 2020-01-02", "summary")]
    [InlineData("title: \"  \"\nauthor: A\npublished: 2020-01-02\nsummary: S", "title")]
    public void AMissingFieldIsNamed(string yaml, string field)
    {
        var error = Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse(yaml));

        Assert.Equal($"front matter is missing {field}", error.Message);
    }

    [Fact]
    public void EveryMissingFieldIsNamedAtOnce()
    {
        var error = Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse("language: en"));

        Assert.Equal("front matter is missing title, author, published, summary", error.Message);
    }

    [Theory]
    [InlineData("30.06.2014")]
    [InlineData("2014-13-01")]
    [InlineData("2014-02-30")]
    [InlineData("June 2014")]
    [InlineData("2014-06-30T10:00:00Z")]
    public void ABadDateIsRejectedAndQuoted(string date)
    {
        var error = Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse($"title: T\nauthor: A\npublished: \"{date}\"\nsummary: S"));

        Assert.Contains("'published'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{date}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title: \"unterminated\nauthor: A")]
    [InlineData("title: T\n  author: [unclosed")]
    [InlineData("title: [a, b]\nauthor: A\npublished: 2020-01-02\nsummary: S")]
    [InlineData("title: a: b")]
    public void BadYamlIsRejectedWithItsPosition(string yaml)
    {
        var error = Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse(yaml));

        Assert.StartsWith("front matter is not valid YAML (line ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just a sentence")]
    [InlineData("- a list\n- of things")]
    public void FrontMatterThatIsNotAMappingIsRejected(string yaml)
    {
        Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse(yaml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment")]
    public void EmptyFrontMatterIsRejected(string yaml)
    {
        var error = Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse(yaml));

        Assert.Equal("front matter is empty", error.Message);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("not a language")]
    [InlineData("xx-YY-zz")]
    [InlineData("en_GB")]
    [InlineData("en-")]
    [InlineData("e")]
    [InlineData("en-GB-x")]
    public void ABadLanguageIsRejectedAndQuoted(string language)
    {
        var error = Assert.Throws<EssayFormatException>(() => FrontMatterParser.Parse($"title: T\nauthor: A\npublished: 2020-01-02\nsummary: S\nlanguage: {language}"));

        Assert.Contains($"'{language}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("lv")]
    [InlineData("en-GB")]
    [InlineData("zh-Hant-TW")]
    [InlineData("es-419")]
    [InlineData("de-CH-1996")]
    [InlineData("sr-Latn-x-old")]
    public void AKnownLanguageTagIsKept(string language)
    {
        var meta = FrontMatterParser.Parse($"title: T\nauthor: A\npublished: 2020-01-02\nsummary: S\nlanguage: {language}");

        Assert.Equal(language, meta.Language);
    }
}
