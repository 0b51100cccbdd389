using EssayReader.Annotations;

namespace EssayReader.Tests.Annotations;

/// <summary>Requests are read at the edge: each problem is named by field, in words a client developer can act on.</summary>
public sealed class AnnotationInputTests
{
    private static readonly SelectorRequest Quote = new("TextQuoteSelector", Exact: "the axis", Prefix: "One ", Suffix: " of power");
    private static readonly SelectorRequest Position = new("TextPositionSelector", Start: 4, End: 12);

    [Theory]
    [InlineData("highlighting", Motivation.Highlighting)]
    [InlineData("commenting", Motivation.Commenting)]
    [InlineData("replying", Motivation.Replying)]
    public void KnownMotivationsAreRead(string value, Motivation expected)
    {
        var errors = new Errors();

        Assert.Equal(expected, AnnotationInput.ParseMotivation(value, errors));
        Assert.Equal(0, errors.Count);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("bookmarking", "'bookmarking' is not a motivation")]
    [InlineData("Highlighting", "is not a motivation")]
    public void AMissingOrUnknownMotivationIsAnErrorOnMotivation(string? value, string message)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseMotivation(value, errors));
        Assert.Contains(message, Assert.Single(errors.ToDictionary()["motivation"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("private", Visibility.Private)]
    [InlineData("public", Visibility.Public)]
    public void KnownVisibilitiesAreRead(string value, Visibility expected)
    {
        Assert.Equal(expected, AnnotationInput.ParseVisibility(value, new Errors()));
    }

    [Fact]
    public void NoVisibilityIsNoChoiceNotAnError()
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseVisibility(null, errors));
        Assert.Equal(0, errors.Count);
    }

    [Theory]
    [InlineData("Public")]
    [InlineData("friends")]
    [InlineData("")]
    public void AnUnknownVisibilityIsAnError(string value)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseVisibility(value, errors));
        Assert.Single(errors.ToDictionary()["visibility"]);
    }

    [Theory]
    [InlineData("yellow", HighlightColor.Yellow)]
    [InlineData("green", HighlightColor.Green)]
    [InlineData("blue", HighlightColor.Blue)]
    [InlineData("pink", HighlightColor.Pink)]
    [InlineData("purple", HighlightColor.Purple)]
    public void ThePaletteIsRead(string value, HighlightColor expected)
    {
        Assert.Equal(expected, AnnotationInput.ParseColor(value, new Errors()));
        Assert.Equal(value, AnnotationInput.Name(expected));
    }

    [Theory]
    [InlineData("red")]
    [InlineData("Yellow")]
    [InlineData("#ffff00")]
    public void AColourOutsideThePaletteIsAnErrorThatNamesThePalette(string value)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseColor(value, errors));
        Assert.Contains("yellow, green, blue, pink, purple", Assert.Single(errors.ToDictionary()["color"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Motivation.Highlighting, "highlighting")]
    [InlineData(Motivation.Commenting, "commenting")]
    [InlineData(Motivation.Replying, "replying")]
    public void MotivationsAreNamedAsTheW3CModelNamesThem(Motivation motivation, string name)
    {
        Assert.Equal(name, AnnotationInput.Name(motivation));
    }

    [Fact]
    public void AMarkdownBodyIsRead()
    {
        var errors = new Errors();

        var body = AnnotationInput.ParseBody([new BodyRequest("**Yes.**", "TextualBody", "text/markdown")], errors);

        Assert.Equal("**Yes.**", body);
        Assert.Equal(0, errors.Count);
    }

    [Fact]
    public void ABodyMayLeaveOutItsTypeAndFormat()
    {
        Assert.Equal("Yes.", AnnotationInput.ParseBody([new BodyRequest("Yes.")], new Errors()));
    }

    [Fact]
    public void APlainTextBodyIsReadAsMarkdown()
    {
        Assert.Equal("Yes.", AnnotationInput.ParseBody([new BodyRequest("Yes.", Format: "text/plain")], new Errors()));
    }

    [Fact]
    public void SpaceAroundABodyIsTrimmed()
    {
        Assert.Equal("Yes.", AnnotationInput.ParseBody([new BodyRequest("  \n Yes. \n")], new Errors()));
    }

    [Fact]
    public void NoBodyIsNoBodyNotAnError()
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseBody(null, errors));
        Assert.Null(AnnotationInput.ParseBody([], errors));
        Assert.Equal(0, errors.Count);
    }

    [Fact]
    public void ABodyOfTenThousandCharactersIsRead()
    {
        var value = new string('a', AnnotationLimits.MaxBodyLength);

        Assert.Equal(value, AnnotationInput.ParseBody([new BodyRequest(value)], new Errors()));
    }

    [Fact]
    public void ABodyOverTenThousandCharactersIsAnErrorThatSaysHowLong()
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseBody([new BodyRequest(new string('a', 10_001))], errors));
        Assert.Equal("The comment has 10001 characters; the most is 10000.", Assert.Single(errors.ToDictionary()["body[0].value"]));
    }

    [Fact]
    public void TheLimitCountsTheTrimmedBody()
    {
        var value = "  " + new string('a', AnnotationLimits.MaxBodyLength) + "  ";

        Assert.NotNull(AnnotationInput.ParseBody([new BodyRequest(value)], new Errors()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n ")]
    public void AnEmptyBodyIsAnError(string? value)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseBody([new BodyRequest(value)], errors));
        Assert.Single(errors.ToDictionary()["body[0].value"]);
    }

    [Fact]
    public void TwoBodiesAreAnError()
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseBody([new BodyRequest("One."), new BodyRequest("Two.")], errors));
        Assert.Single(errors.ToDictionary()["body"]);
    }

    [Theory]
    [InlineData("Image", null, "body[0].type")]
    [InlineData("TextualBody", "text/html", "body[0].format")]
    public void ABodyThatIsNotMarkdownTextIsAnError(string type, string? format, string field)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseBody([new BodyRequest("<b>x</b>", type, format)], errors));
        Assert.Single(errors.ToDictionary()[field]);
    }

    [Fact]
    public void ANullBodyEntryIsAnError()
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseBody([null!], errors));
        Assert.Equal(1, errors.Count);
    }

    [Fact]
    public void BothSelectorsAreRead()
    {
        var errors = new Errors();

        var selectors = AnnotationInput.ParseTarget(new TargetRequest([Quote, Position]), errors);

        Assert.Equal(new SelectorInput("the axis", "One ", " of power", 4, 12), selectors);
        Assert.Equal(0, errors.Count);
    }

    [Fact]
    public void SelectorsAreFoundByTypeInAnyOrder()
    {
        Assert.NotNull(AnnotationInput.ParseTarget(new TargetRequest([Position, Quote]), new Errors()));
    }

    [Fact]
    public void OtherSelectorTypesBesideTheTwoAreIgnored()
    {
        var css = new SelectorRequest("CssSelector");

        Assert.NotNull(AnnotationInput.ParseTarget(new TargetRequest([css, Quote, null!, Position]), new Errors()));
    }

    [Fact]
    public void PrefixAndSuffixMayBeLeftOut()
    {
        var selectors = AnnotationInput.ParseTarget(new TargetRequest([Quote with { Prefix = null, Suffix = null }, Position]), new Errors());

        Assert.Equal(new SelectorInput("the axis", null, null, 4, 12), selectors);
    }

    public static TheoryData<string, TargetRequest?> TargetsWithoutBothSelectors() => new()
    {
        { "no target", null },
        { "no selector list", new TargetRequest(null) },
        { "empty selector list", new TargetRequest([]) },
        { "quote only", new TargetRequest([Quote]) },
        { "position only", new TargetRequest([Position]) },
        { "untyped", new TargetRequest([Quote with { Type = null }, Position with { Type = null }]) },
        { "misspelt type", new TargetRequest([Quote with { Type = "textQuoteSelector" }, Position]) },
    };

    [Theory]
    [MemberData(nameof(TargetsWithoutBothSelectors))]
    public void ATargetWithoutBothSelectorsIsAnErrorOnTheSelectors(string shape, TargetRequest? target)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseTarget(target, errors));
        Assert.True(errors.ToDictionary().ContainsKey("target.selector"), shape);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AnEmptyQuoteIsAnError(string? exact)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseTarget(new TargetRequest([Quote with { Exact = exact }, Position]), errors));
        Assert.Single(errors.ToDictionary()["target.selector.exact"]);
    }

    [Fact]
    public void AQuoteLongerThanTheLimitIsAnError()
    {
        var exact = new string('q', AnnotationLimits.MaxQuoteLength + 1);
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseTarget(new TargetRequest([Quote with { Exact = exact }, Position with { End = 4 + exact.Length }]), errors));
        Assert.Single(errors.ToDictionary()["target.selector.exact"]);
    }

    [Theory]
    [InlineData(null, 12)]
    [InlineData(4, null)]
    public void APositionWithoutStartOrEndIsAnError(int? start, int? end)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseTarget(new TargetRequest([Quote, Position with { Start = start, End = end }]), errors));
        Assert.Single(errors.ToDictionary()["target.selector.start"]);
    }

    [Theory]
    [InlineData(-1, 7)]
    [InlineData(4, 4)]
    [InlineData(12, 4)]
    public void APositionThatIsNoSpanIsAnError(int start, int end)
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseTarget(new TargetRequest([Quote, Position with { Start = start, End = end }]), errors));
        Assert.Single(errors.ToDictionary()["target.selector.start"]);
    }

    [Fact]
    public void APositionThatDisagreesWithTheQuotesLengthIsAnError()
    {
        var errors = new Errors();

        Assert.Null(AnnotationInput.ParseTarget(new TargetRequest([Quote, Position with { End = 13 }]), errors));
        Assert.Equal("end - start is 9 but the quote has 8 characters.", Assert.Single(errors.ToDictionary()["target.selector.end"]));
    }

    [Fact]
    public void ErrorsFromEarlierFieldsDoNotMakeAGoodTargetFail()
    {
        var errors = new Errors();
        errors.Add("color", "Not a colour.");

        Assert.NotNull(AnnotationInput.ParseTarget(new TargetRequest([Quote, Position]), errors));
        Assert.Equal(1, errors.Count);
    }

    [Fact]
    public void ErrorsAreKeptByFieldInTheOrderFound()
    {
        var errors = new Errors();
        errors.Add("body", "First.");
        errors.Add("color", "Second.");
        errors.Add("body", "Third.");

        var byField = errors.ToDictionary();

        Assert.Equal(3, errors.Count);
        Assert.Equal(["First.", "Third."], byField["body"]);
        Assert.Equal(["Second."], byField["color"]);
    }
}
