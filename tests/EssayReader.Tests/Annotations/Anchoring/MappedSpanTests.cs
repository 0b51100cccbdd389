using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>Steps 1 and 2: the same text, and the span the diff maps an annotation to.</summary>
public sealed class MappedSpanTests
{
    private const string Old = "Coming to light during the 1960s, the Sino-Soviet spilt initiated by Nikita Khrushchev was bitter. The spilt was exploited by the US. Others\u00a0 agreed.";

    [Fact]
    public void TheSameTextIsExactAtTheSameOffsets()
    {
        var target = Targets.Of(Old, "The spilt was exploited");

        Assert.Equal(new AnchorResult(AnchorStatus.Exact, target.Start, target.End), Reanchorer.Anchor(target, VersionDiff.Create(Old, Old)));
    }

    [Fact]
    public void TextShiftedByAnEditElsewhereIsMoved()
    {
        var edited = "Foreword. " + Old;
        var target = Targets.Of(Old, "The spilt was exploited");

        Assert.Equal(new AnchorResult(AnchorStatus.Moved, target.Start + 10, target.End + 10), Reanchorer.Anchor(target, VersionDiff.Create(Old, edited)));
    }

    [Fact]
    public void AnEditOutsideTheQuoteLeavesItExact()
    {
        var edited = Old.Replace("bitter", "bitterly fought", StringComparison.Ordinal);
        var target = Targets.Of(Old, "Nikita Khrushchev");

        Assert.Equal(new AnchorResult(AnchorStatus.Exact, target.Start, target.End), Reanchorer.Anchor(target, VersionDiff.Create(Old, edited)));
    }

    [Fact]
    public void ATypoFixedInsideAOneWordQuoteIsFuzzyOnTheFixedWord()
    {
        var edited = Old.Replace("Sino-Soviet spilt", "Sino-Soviet split", StringComparison.Ordinal);
        var target = Targets.Of(Old, "spilt");

        var result = Reanchorer.Anchor(target, VersionDiff.Create(Old, edited));

        Assert.Equal(new AnchorResult(AnchorStatus.Fuzzy, target.Start, target.End), result);
        Assert.Equal("split", edited[result.Start..result.End]);
    }

    [Fact]
    public void AFixedDoubleSpaceInsideTheQuoteIsMovedNotFuzzy()
    {
        var edited = Old.Replace("Others\u00a0 agreed", "Others agreed", StringComparison.Ordinal);
        var target = Targets.Of(Old, "Others\u00a0 agreed.");

        var result = Reanchorer.Anchor(target, VersionDiff.Create(Old, edited));

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal("Others agreed.", edited[result.Start..result.End]);
    }

    [Fact]
    public void AWordInsertedInsideTheQuoteIsFuzzyOverTheWholeNewSpan()
    {
        var edited = Old.Replace("was exploited", "was well exploited", StringComparison.Ordinal);
        var target = Targets.Of(Old, "The spilt was exploited by the US.");

        var result = Reanchorer.Anchor(target, VersionDiff.Create(Old, edited));

        Assert.Equal(AnchorStatus.Fuzzy, result.Status);
        Assert.Equal("The spilt was well exploited by the US.", edited[result.Start..result.End]);
    }

    [Fact]
    public void ARewordingOfMoreThanAQuarterOfTheQuoteOrphansIt()
    {
        var edited = Old.Replace("The spilt was exploited by the US.", "Washington used the rift well.", StringComparison.Ordinal);
        var target = Targets.Of(Old, "The spilt was exploited by the US.");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(Old, edited)).Status);
    }

    [Fact]
    public void AShortQuoteReplacedByAnotherWordIsOrphaned()
    {
        var edited = Old.Replace("Nikita Khrushchev", "Nikita Bulganin", StringComparison.Ordinal);
        var target = Targets.Of(Old, "Khrushchev");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(Old, edited)).Status);
    }

    [Fact]
    public void ATargetWhosePositionDoesNotReadItsQuoteInTheOldTextIsFoundByQuoteAlone()
    {
        var stale = Targets.Of(Old, "Nikita Khrushchev") with { Start = 0, End = "Nikita Khrushchev".Length };

        var result = Reanchorer.Anchor(stale, VersionDiff.Create(Old, Old));

        Assert.Equal("Nikita Khrushchev", Old[result.Start..result.End]);
    }

    [Fact]
    public void AnEmptyQuoteIsOrphaned()
    {
        var empty = Targets.Of(Old, "Nikita") with { Exact = "", End = Old.IndexOf("Nikita", StringComparison.Ordinal) };

        Assert.Equal(AnchorResult.Orphaned, Reanchorer.Anchor(empty, VersionDiff.Create(Old, Old + " More.")));
    }
}
