using BenchmarkDotNet.Attributes;
using EssayReader.Annotations;
using EssayReader.Annotations.Anchoring;
using EssayReader.Essays;

namespace EssayReader.Benchmarks;

/// <summary>
/// Issue 4's server-side figure: 10 000 annotations on the essay, a new version arrives, how long
/// re-anchoring them all takes (the diff once, then every annotation). The new version makes the
/// edits an author makes between two versions: typos fixed, a sentence added, one deleted, two
/// paragraphs swapped, a sentence reworded, a passage deleted.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class ReanchorBenchmarks
{
    public const int Annotations = 10_000;

    private string _old = "";
    private string _new = "";
    private TextTarget[] _targets = [];
    private VersionDiff _diff = null!;

    [GlobalSetup]
    public void Setup()
    {
        var essay = BenchEssay.Load();
        _old = essay.Text;
        _new = NewVersion(_old);
        _targets = Targets(essay, Annotations);
        _diff = VersionDiff.Create(_old, _new);
    }

    /// <summary>A new version arrives: one diff, then all 10 000 annotations anchored in it.</summary>
    [Benchmark(Baseline = true)]
    public int DiffOnceThenAnchorAll()
    {
        var diff = VersionDiff.Create(_old, _new);
        var anchored = 0;
        foreach (var target in _targets)
        {
            anchored += Reanchorer.Anchor(target, diff).IsAnchored ? 1 : 0;
        }

        return anchored;
    }

    /// <summary>The diff alone, computed once per pair of versions.</summary>
    [Benchmark]
    public VersionDiff DiffOnly() => VersionDiff.Create(_old, _new);

    /// <summary>Anchoring all 10 000 with the diff already made (what the cache saves is this and the diff).</summary>
    [Benchmark]
    public int AnchorAllWithDiffMade()
    {
        var anchored = 0;
        foreach (var target in _targets)
        {
            anchored += Reanchorer.Anchor(target, _diff).IsAnchored ? 1 : 0;
        }

        return anchored;
    }

    /// <summary>The worst case: the old text unknown, so every annotation is a quote search.</summary>
    [Benchmark]
    public int AnchorAllWithoutOldText()
    {
        var anchored = 0;
        foreach (var target in _targets)
        {
            anchored += Reanchorer.Anchor(target, _new).IsAnchored ? 1 : 0;
        }

        return anchored;
    }

    // Readers select words, phrases, sentences and the odd paragraph: spans of 1 to 40 words that
    // start and end on word boundaries, anywhere in the text (notes included), from a fixed seed.
    private static TextTarget[] Targets(Essay essay, int count)
    {
        var text = essay.Text;
        var starts = Enumerable.Range(0, text.Length).Where(i => char.IsLetterOrDigit(text[i]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))).ToArray();
        var random = new Random(4);
        var targets = new TextTarget[count];
        for (var i = 0; i < count; i++)
        {
            var first = random.Next(starts.Length);
            var words = random.Next(4) == 0 ? random.Next(10, 41) : random.Next(1, 10);
            var last = Math.Min(starts.Length - 1, first + words - 1);
            var end = starts[last];
            while (end < text.Length && char.IsLetterOrDigit(text[end]))
            {
                end++;
            }

            targets[i] = TargetValidator.At(text, essay.Version, starts[first], end);
        }

        return targets;
    }

    private static string NewVersion(string text)
    {
        var edited = text
            .Replace("Sino-Soviet spilt", "Sino-Soviet split", StringComparison.Ordinal)
            .Replace("publically", "publicly", StringComparison.Ordinal)
            .Replace("Moscow.1 ", "Moscow.1 This matters more than it seems. ", StringComparison.Ordinal)
            .Replace(" These European ambitions represent a long-term project.", "", StringComparison.Ordinal)
            .Replace("Central Asian security", "Central Asia’s security", StringComparison.Ordinal)
            .Replace("However, rather than colluding, China is hedging. ", "", StringComparison.Ordinal);
        var under = Paragraph(edited, "Under “New Thinking”");
        var aspects = Paragraph(edited, "Aspects of this perspective");
        return edited.Replace(under + aspects, aspects + under, StringComparison.Ordinal);
    }

    private static string Paragraph(string text, string start)
    {
        var at = text.IndexOf(start, StringComparison.Ordinal);
        return text[at..(text.IndexOf('\n', at) + 1)];
    }
}
