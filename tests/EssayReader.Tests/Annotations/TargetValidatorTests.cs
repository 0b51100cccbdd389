using EssayReader.Annotations;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// A reader's selection is checked against the server's text: the quote must be at its position or
/// near it, and when it occurs several times the one the reader saw (nearest, then best context) wins.
/// </summary>
public sealed class TargetValidatorTests
{
    private const string Version = "0123456789abcdef";

    // "the axis" occurs four times: at 4, 40 and 76 inside the filler, and at 200 far away.
    private static readonly string Text =
        "One the axis of power." + new string('.', 14) +
        "Two the axis of trade." + new string('.', 14) +
        "Six the axis of words." + new string('.', 102) +
        "Far the axis of nothing.";

    private const string Quote = "the axis";

    [Fact]
    public void TheTextUnderTestHasTheQuoteWhereTheTestsSayItIs()
    {
        Assert.Equal([4, 40, 76, 200], Occurrences(Text, Quote));
        Assert.Equal([212], Occurrences(Text, "nothing"));
        Assert.Equal(220, Text.Length);
    }

    [Fact]
    public void AQuoteAtItsPositionIsAccepted()
    {
        var check = TargetValidator.Check(Text, Version, Quote, null, null, 40, 48);

        var target = Assert.IsType<TextTarget>(check.Target);
        Assert.Null(check.Error);
        Assert.Equal((40, 48), (target.Start, target.End));
        Assert.Equal(Quote, target.Exact);
        Assert.Equal(Version, target.EssayVersion);
    }

    [Fact]
    public void TheContextIsCutFromTheTextWhateverTheClientSent()
    {
        var check = TargetValidator.Check(Text, Version, Quote, "nonsense", "more nonsense", 40, 48);

        var target = check.Target!;
        Assert.Equal(Text[8..40], target.Prefix);
        Assert.Equal(Text[48..80], target.Suffix);
        Assert.Equal(32, target.Prefix.Length);
    }

    [Fact]
    public void AtTheEdgesOfTheTextTheContextIsShorter()
    {
        var start = TargetValidator.Check(Text, Version, "One", null, null, 0, 3).Target!;
        var end = TargetValidator.Check(Text, Version, "nothing.", null, null, Text.Length - 8, Text.Length).Target!;

        Assert.Equal(string.Empty, start.Prefix);
        Assert.Equal(string.Empty, end.Suffix);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    [InlineData(12)]
    public void AQuoteAFewCharactersOffIsFoundAndRepositioned(int offBy)
    {
        // The only occurrence near enough is the one at 200.
        var check = TargetValidator.Check(Text, Version, Quote, null, null, 200 + offBy, 208 + offBy);

        Assert.Equal(200, check.Target?.Start);
        Assert.Equal(208, check.Target?.End);
    }

    [Fact]
    public void OfSeveralOccurrencesTheOneAtThePositionWinsEvenAgainstBetterContext()
    {
        // The context the client sent matches the occurrence at 76, but the quote is exactly at 40.
        var check = TargetValidator.Check(Text, Version, Quote, Text[44..76], Text[84..116], 40, 48);

        Assert.Equal(40, check.Target?.Start);
    }

    [Fact]
    public void OfSeveralOccurrencesTheNearestWins()
    {
        // 38 is 2 from the occurrence at 40 and 34 from the one at 4.
        var check = TargetValidator.Check(Text, Version, Quote, null, null, 38, 46);

        Assert.Equal(40, check.Target?.Start);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(40)]
    public void BetweenTwoOccurrencesEquallyNearTheContextDecides(int seen)
    {
        // 22 is 18 from both 4 and 40; the prefix and suffix the client saw tell which one it was.
        var prefix = Text[Math.Max(0, seen - 32)..seen];
        var suffix = Text[(seen + 8)..(seen + 40)];

        var check = TargetValidator.Check(Text, Version, Quote, prefix, suffix, 22, 30);

        Assert.Equal(seen, check.Target?.Start);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(40)]
    public void APrefixAloneOrASuffixAloneCanDecideATie(int seen)
    {
        var byPrefix = TargetValidator.Check(Text, Version, Quote, Text[Math.Max(0, seen - 32)..seen], null, 22, 30);
        var bySuffix = TargetValidator.Check(Text, Version, Quote, null, Text[(seen + 8)..(seen + 40)], 22, 30);

        Assert.Equal(seen, byPrefix.Target?.Start);
        Assert.Equal(seen, bySuffix.Target?.Start);
    }

    [Fact]
    public void AQuoteFarFromItsPositionIsRefused()
    {
        // "nothing" occurs only near the end of the text, far beyond the search radius around 0.
        var check = TargetValidator.Check(Text, Version, "nothing", null, null, 0, 7);

        Assert.Null(check.Target);
        Assert.Contains("not found", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuoteJustOutsideTheSearchRadiusIsRefused()
    {
        // "nothing" occurs once, at 212.
        var outside = 212 - TargetValidator.SearchRadius - 1;

        Assert.Null(TargetValidator.Check(Text, Version, "nothing", null, null, outside, outside + 7).Target);
        Assert.Equal(212, TargetValidator.Check(Text, Version, "nothing", null, null, outside + 1, outside + 8).Target?.Start);
    }

    [Fact]
    public void AQuoteThatIsNowhereInTheTextIsRefused()
    {
        var check = TargetValidator.Check(Text, Version, "the alliance", null, null, 4, 16);

        Assert.Null(check.Target);
        Assert.NotNull(check.Error);
    }

    [Fact]
    public void AQuoteIsMatchedExactlyNotIgnoringCase()
    {
        Assert.Null(TargetValidator.Check(Text, Version, "THE AXIS", null, null, 4, 12).Target);
    }

    [Fact]
    public void AQuoteThatEndsTheTextIsFoundWhenItsPositionRunsPastTheEnd()
    {
        // Off by 3 like any other near quote; only here the shifted end falls outside the text.
        var check = TargetValidator.Check(Text, Version, "nothing.", null, null, 215, 223);

        Assert.Equal(212, check.Target?.Start);
        Assert.Equal(220, check.Target?.End);
    }

    [Theory]
    [InlineData(-1, 7)]
    [InlineData(300, 308)]
    [InlineData(10, 10)]
    [InlineData(10, 5)]
    public void APositionOutsideTheTextIsRefused(int start, int end)
    {
        var check = TargetValidator.Check(Text, Version, Quote, null, null, start, end);

        Assert.Null(check.Target);
        Assert.Contains(Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyQuoteIsRefused()
    {
        var check = TargetValidator.Check(Text, Version, string.Empty, null, null, 4, 4);

        Assert.Null(check.Target);
        Assert.Contains("empty", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyTextHasNoPlaceForAnyQuote()
    {
        Assert.Null(TargetValidator.Check(string.Empty, Version, Quote, null, null, 0, 8).Target);
    }

    [Fact]
    public void AQuoteRunningPastTheEndNearTheEndIsRefusedWithoutFailing()
    {
        // A quote longer than what is left of the text near its position must not make the search read past the end.
        var quote = "of nothing. And more";

        var check = TargetValidator.Check(Text, Version, quote, null, null, Text.Length - 20, Text.Length);

        Assert.Null(check.Target);
    }

    [Fact]
    public void OffsetsCountUtf16CodeUnits()
    {
        // "𝔸" is two UTF-16 code units, as a JavaScript string index counts it.
        const string text = "An 𝔸 axiom, then the axiom.";

        var check = TargetValidator.Check(text, Version, "axiom", null, null, 6, 11);

        Assert.Equal(6, check.Target?.Start);
        Assert.Equal("𝔸 ", check.Target?.Prefix[^3..]);
    }

    private static List<int> Occurrences(string text, string quote)
    {
        var found = new List<int>();
        for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            found.Add(at);
        }

        return found;
    }
}
