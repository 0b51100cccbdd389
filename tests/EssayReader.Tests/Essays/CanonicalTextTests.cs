using EssayReader.Essays;

namespace EssayReader.Tests.Essays;

public sealed class CanonicalTextTests
{
    [Theory]
    [InlineData("<p>One &amp; two</p>\n<p>Three</p>", "One & two\nThree")]
    [InlineData("<p>Text.<a id=\"fnref:1\" href=\"#fn:1\" class=\"footnote-ref\"><sup>1</sup></a> More.</p>", "Text.1 More.")]
    [InlineData("<p>Tibet.&nbsp; On</p>", "Tibet.\u00a0 On")]
    [InlineData("<p>‘Quoted’ “twice”  spaced</p>", "‘Quoted’ “twice”  spaced")]
    [InlineData("<p>a<!-- a comment -->b</p>", "ab")]
    [InlineData("<p>a<br>b</p>", "ab")]
    [InlineData("", "")]
    public void TextIsTheRootsTextContentAsABrowserBuildsIt(string fragment, string expected)
    {
        Assert.Equal(expected, CanonicalText.FromHtmlFragment(fragment));
    }

    [Fact]
    public void AStrayEndTagAffectsTheTextAsItWouldInTheBrowser()
    {
        // The HTML parser closes the root's div at "</div>": what follows is no longer in the root.
        Assert.Equal("inside", CanonicalText.FromHtmlFragment("<p>inside</p></div><p>outside</p>"));
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c14")]
    [InlineData("abc", "ba7816bf8f01cfea")]
    [InlineData("Micheál", "4b53508a2e052203")]
    [InlineData("One & two\u00a0three", "f50ab48622dfb9d9")]
    public void VersionIsTheFirstSixteenHexDigitsOfTheUtf8Sha256(string text, string version)
    {
        Assert.Equal(version, CanonicalText.VersionOf(text));
    }

    [Fact]
    public void VersionIsSixteenLowercaseHexDigitsAndStable()
    {
        var text = CanonicalText.FromHtmlFragment("<h2 id=\"a\">A Heading</h2>\n<p>Some text.</p>");

        var version = CanonicalText.VersionOf(text);

        Assert.Matches("^[0-9a-f]{16}$", version);
        Assert.Equal(version, CanonicalText.VersionOf(new string(text.AsSpan())));
    }

    [Fact]
    public void AnyChangeToTheTextChangesTheVersion()
    {
        Assert.NotEqual(CanonicalText.VersionOf("The Sino-Soviet spilt"), CanonicalText.VersionOf("The Sino-Soviet split"));
        Assert.NotEqual(CanonicalText.VersionOf("Tibet.\u00a0 On"), CanonicalText.VersionOf("Tibet.  On"));
    }
}
