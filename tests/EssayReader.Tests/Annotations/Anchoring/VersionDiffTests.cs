using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>Step 2's map: how the diff carries old offsets into the new text.</summary>
public sealed class VersionDiffTests
{
    private const string Old = "China and Russia cooperate. The split was exploited by the US. Moscow looked east.";

    [Fact]
    public void IdenticalTextsMapEveryOffsetToItself()
    {
        var diff = VersionDiff.Create(Old, Old);

        Assert.True(diff.IsIdentical);
        for (var i = 0; i < Old.Length; i++)
        {
            Assert.Equal(i, diff.MapStart(i));
            Assert.Equal(i + 1, diff.MapEnd(i + 1));
        }
    }

    [Fact]
    public void WordsInsertedBeforeASpanShiftItWhole()
    {
        var diff = VersionDiff.Create(Old, "Today China and Russia cooperate. The split was exploited by the US. Moscow looked east.");
        var (start, end) = Targets.Span(Old, "The split was exploited");

        Assert.Equal(start + "Today ".Length, diff.MapStart(start));
        Assert.Equal(end + "Today ".Length, diff.MapEnd(end));
    }

    [Fact]
    public void WordsInsertedInsideASpanWidenIt()
    {
        var diff = VersionDiff.Create(Old, "China and Russia cooperate. The split was cleverly exploited by the US. Moscow looked east.");
        var (start, end) = Targets.Span(Old, "The split was exploited");

        Assert.Equal(start, diff.MapStart(start));
        Assert.Equal(end + "cleverly ".Length, diff.MapEnd(end));
    }

    [Fact]
    public void WordsInsertedRightAfterASpanStayOutOfIt()
    {
        var diff = VersionDiff.Create(Old, "China and Russia cooperate. The split was exploited, famously, by the US. Moscow looked east.");
        var (start, end) = Targets.Span(Old, "The split was exploited");

        Assert.Equal((start, end), (diff.MapStart(start), diff.MapEnd(end)));
    }

    [Fact]
    public void ADeletedSpanMapsToAnEmptySpanAtTheSentenceBoundaryWhereItWas()
    {
        var diff = VersionDiff.Create(Old, "China and Russia cooperate. Moscow looked east.");
        var (start, end) = Targets.Span(Old, "The split was exploited by the US.");

        Assert.Equal(diff.MapStart(start), diff.MapEnd(end));
        Assert.Equal("China and Russia cooperate.".Length, diff.MapStart(start));
    }

    [Fact]
    public void AReplacedWordMapsToItsReplacement()
    {
        var newText = Old.Replace("split", "spilt", StringComparison.Ordinal);
        var diff = VersionDiff.Create(Old, newText);
        var (start, end) = Targets.Span(Old, "split");

        Assert.Equal("spilt", newText[diff.MapStart(start)..diff.MapEnd(end)]);
    }

    [Fact]
    public void ASentenceAddedAfterAHighlightedSentenceSlidesToTheSentenceBoundary()
    {
        // "2008." then " It was a modest success." diffs equally well as "2008" then ". It was a
        // modest success": the second would pull the new sentence into a highlight ending at "2008.".
        const string old = "Medvedev concluded it in July 2008. Paradoxically, it held.";
        const string added = "Medvedev concluded it in July 2008. It was a modest success. Paradoxically, it held.";
        var diff = VersionDiff.Create(old, added);

        Assert.Equal(old.IndexOf(" Paradoxically", StringComparison.Ordinal), diff.MapEnd(old.IndexOf(" Paradoxically", StringComparison.Ordinal)));
    }

    [Fact]
    public void WordsARewrittenPassageSharesByChanceDoNotSplitItsChange()
    {
        // The rewrite shares spaces, "the" and a comma with the original; kept apart, those would map a
        // highlight in the old sentence onto fragments of the new one.
        const string old = "Start. However, rather than colluding, China is hedging the risks. End.";
        const string rewritten = "Start. In short, the country hedges its bets, not colluding at all. End.";
        var diff = VersionDiff.Create(old, rewritten);

        var changes = diff.Segments.ToArray().Where(s => !s.Unchanged).ToList();
        Assert.Single(changes);
    }

    [Fact]
    public void TextThatWasAlreadyThereElsewhereCountsAsPreexisting()
    {
        const string old = "Beijing first. Then a passage about Beijing. Last.";
        const string edited = "Beijing first. Last. A new line about Beijing.";
        var diff = VersionDiff.Create(old, edited);
        var (oldStart, oldEnd) = Targets.Span(old, "Beijing", 1);

        Assert.Equal("Beijing".Length, diff.PreexistingElsewhere(0, "Beijing".Length, oldStart, oldEnd));
        var added = edited.LastIndexOf("Beijing", StringComparison.Ordinal);
        Assert.Equal(0, diff.PreexistingElsewhere(added, added + "Beijing".Length, oldStart, oldEnd));
    }
}
