using EssayReader.Annotations.Anchoring;
using Xunit.Abstractions;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>
/// Issue 4's measure: the essay, its annotations and its edited versions (<see cref="MutationCorpus"/>),
/// every anchor judged against the answer the edits themselves give. The figures go to the test output
/// and to bench/README.md ("Re-anchoring: mutation corpus").
/// </summary>
public sealed class MutationCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void CorpusHasAtLeast30AnnotationsAnd40VersionsAndNoUnclearCase()
    {
        var measurement = CorpusMeasurement.Run((original, text, target) => Reanchorer.Anchor(target, VersionDiff.Create(original, text)));

        Assert.True(measurement.Annotations >= 30, $"{measurement.Annotations} annotations");
        Assert.True(measurement.Versions >= 40, $"{measurement.Versions} versions");
        Assert.Empty(measurement.Unclear);
    }

    [Fact]
    public void ReanchorsThroughTheDiffWithFullPrecisionAndAtLeast95PercentRecall()
    {
        var measurement = Measure(DiffGranularity.Word, "Word diff (the default)");

        Assert.Empty(measurement.Wrong);
        Assert.Equal(1.0, measurement.Precision);
        Assert.True(measurement.Recall >= 0.95, $"recall {measurement.Recall:P2}");
        Assert.Empty(measurement.WrongStatus);
    }

    [Fact]
    public void WordDiffsCarryAnnotationsAtLeastAsWellAsCharacterDiffs()
    {
        var words = Measure(DiffGranularity.Word, "Word diff");
        var characters = Measure(DiffGranularity.Character, "Character diff");

        Assert.True(words.Precision >= characters.Precision, $"precision: words {words.Precision:P2}, characters {characters.Precision:P2}");
        Assert.True(words.RightAnchors >= characters.RightAnchors, $"right anchors: words {words.RightAnchors}, characters {characters.RightAnchors}");
    }

    [Fact]
    public void WithoutTheOldTextQuoteSearchAloneNeverAnchorsWrongly()
    {
        var measurement = CorpusMeasurement.Run((_, text, target) => Reanchorer.Anchor(target, text));
        output.WriteLine(measurement.Report("Quote search only (old text unknown)"));

        Assert.Empty(measurement.Wrong);
    }

    private CorpusMeasurement Measure(DiffGranularity granularity, string title)
    {
        var diffs = new Dictionary<string, VersionDiff>(StringComparer.Ordinal);
        var measurement = CorpusMeasurement.Run((original, text, target) =>
        {
            // One diff per version, shared by all its annotations, as the caching service will do.
            if (!diffs.TryGetValue(text, out var diff))
            {
                diff = diffs[text] = VersionDiff.Create(original, text, granularity);
            }

            return Reanchorer.Anchor(target, diff);
        });
        output.WriteLine(measurement.Report(title));
        return measurement;
    }
}
