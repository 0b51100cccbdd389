using EssayReader.Annotations;

namespace EssayReader.Tests.Annotations;

/// <summary>A comment's Markdown becomes HTML that can run nothing in another reader's browser.</summary>
public sealed class CommentMarkdownTests
{
    private static readonly CommentMarkdown Markdown = new();

    public static TheoryData<string> XssVectors() =>
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"https://example.org\" onclick=\"alert(1)\">click</a>",
        "<body onload=alert(1)>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background-image:url(javascript:alert(1))\">x</div>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<details open ontoggle=alert(1)>",
        "<p onmouseover=\"alert(1)\">hover</p>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](file:///etc/passwd)",
        "[x](https://example.org \"title\" onclick=alert(1))",
        "[x](https://example.org\"onclick=\"alert(1))",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "![x](javascript:alert(1))",
        "![x](https://example.org/x.png)",
        "![x](x \"onerror=alert(1)\")",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "> <script>alert(1)</script>",
        "**<img src=x onerror=alert(1)>**",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "[<img src=x onerror=alert(1)>](https://example.org)",
        "[x](https://example.org/\"><script>alert(1)</script>)",
    ];

    [Theory]
    [MemberData(nameof(XssVectors))]
    public void NothingAReaderWritesBecomesActiveContent(string markdown)
    {
        SafeHtml.AssertNoActiveContent(Markdown.ToSafeHtml(markdown));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<b>not bold</b>")]
    public void RawHtmlIsShownAsTheTextItWasWritten(string markdown)
    {
        // What is not Markdown stays readable as text: nothing a reader wrote silently vanishes.
        var html = HtmlPages.Parse(Markdown.ToSafeHtml(markdown));

        Assert.Equal(markdown, html.Body!.TextContent);
        Assert.Single(html.Body.QuerySelectorAll("*"));
    }

    [Fact]
    public void StrongAndEmphasisRender()
    {
        var html = HtmlPages.Parse(Markdown.ToSafeHtml("**bold** and *italic* and ~~gone~~"));

        Assert.Equal("bold", html.QuerySelector("p > strong")?.TextContent);
        Assert.Equal("italic", html.QuerySelector("p > em")?.TextContent);
        Assert.Equal("gone", html.QuerySelector("p > del")?.TextContent);
    }

    [Fact]
    public void ListsRender()
    {
        var html = HtmlPages.Parse(Markdown.ToSafeHtml("- one\n- two\n\n1. first\n2. second"));

        Assert.Equal(["one", "two"], html.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        Assert.Equal(["first", "second"], html.QuerySelectorAll("ol > li").Select(li => li.TextContent));
    }

    [Fact]
    public void QuotesAndCodeRender()
    {
        var html = HtmlPages.Parse(Markdown.ToSafeHtml("> quoted\n\n`inline`\n\n```\nblock\n```"));

        Assert.Equal("quoted", html.QuerySelector("blockquote > p")?.TextContent);
        Assert.Equal("inline", html.QuerySelector("p > code")?.TextContent);
        Assert.Equal("block\n", html.QuerySelector("pre > code")?.TextContent);
    }

    [Theory]
    [InlineData("See https://example.org/page for more.", "https://example.org/page")]
    [InlineData("See www.example.org for more.", "http://www.example.org")]
    [InlineData("See <https://example.org/page>.", "https://example.org/page")]
    [InlineData("See [the page](https://example.org/page).", "https://example.org/page")]
    [InlineData("Write to <someone@example.org>.", "mailto:someone@example.org")]
    public void LinksRenderAndAreMarkedAsUserContent(string markdown, string href)
    {
        var html = Markdown.ToSafeHtml(markdown);

        var link = Assert.Single(HtmlPages.Parse(html).QuerySelectorAll("a"));
        Assert.Equal(href, link.GetAttribute("href"));
        SafeHtml.AssertSafeLink(link, html);
    }

    [Theory]
    [InlineData("[x](/account/sign-out)")]
    [InlineData("[x](//evil.example/page)")]
    [InlineData("[x](page.html)")]
    [InlineData("[x](#annotation-1)")]
    public void RelativeLinksLeadNowhere(string markdown)
    {
        // A comment is shown on other pages than where it was written: a relative link would point
        // somewhere its author did not see, and "//host" leaves the site without saying so.
        SafeHtml.AssertNoActiveContent(Markdown.ToSafeHtml(markdown));
    }

    [Theory]
    [InlineData("[my bank](https://bank.example@evil.example/login)", "my bank")]
    [InlineData("See https://user:secret@example.org/ now", "https://user:secret@example.org/")]
    [InlineData("See <https://bank.example@evil.example/>.", "https://bank.example@evil.example/")]
    public void AWebAddressWithAUserNameBeforeItsHostLeadsNowhere(string markdown, string text)
    {
        var html = Markdown.ToSafeHtml(markdown);
        var page = HtmlPages.Parse(html);

        Assert.Empty(page.QuerySelectorAll("[href]"));
        Assert.Contains(text, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("![the 1954 border](https://example.org/map.png)", "the 1954 border")]
    [InlineData("![](https://example.org/map.png)", "https://example.org/map.png")]
    [InlineData("![map][m]\n\n[m]: https://example.org/map.png", "map")]
    public void AnImageIsShownAsALinkToIt(string markdown, string text)
    {
        var html = Markdown.ToSafeHtml(markdown);
        var page = HtmlPages.Parse(html);

        Assert.Empty(page.QuerySelectorAll("img"));
        var link = Assert.Single(page.QuerySelectorAll("a"));
        Assert.Equal("https://example.org/map.png", link.GetAttribute("href"));
        Assert.Equal(text, link.TextContent);
        SafeHtml.AssertSafeLink(link, html);
    }

    [Fact]
    public void ALineBreakInACommentIsKept()
    {
        var html = HtmlPages.Parse(Markdown.ToSafeHtml("first line\nsecond line"));

        Assert.Single(html.QuerySelectorAll("p > br"));
    }

    [Fact]
    public void HtmlIsHtmlEncodedText()
    {
        var html = Markdown.ToSafeHtml("1 < 2 & \"quotes\"");

        Assert.Equal("1 < 2 & \"quotes\"", HtmlPages.Parse(html).Body!.TextContent);
    }
}
