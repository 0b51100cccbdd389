using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>The approximate search's engine, checked against the textbook tables it replaces.</summary>
public sealed class BitParallelMatcherTests
{
    public static TheoryData<int> PatternLengths => [1, 5, 63, 64, 65, 130, 300];

    [Theory]
    [MemberData(nameof(PatternLengths))]
    public void DistanceAgreesWithTheLevenshteinTable(int patternLength)
    {
        var random = new Random(patternLength);
        for (var round = 0; round < 20; round++)
        {
            var a = RandomText(random, patternLength);
            var b = Mutate(random, a, random.Next(0, patternLength / 3 + 2));
            using var pattern = new PatternMasks(a, reversed: false);

            Assert.Equal(Levenshtein(a, b), BitParallelMatcher.Distance(pattern, b, int.MaxValue / 2));
        }
    }

    [Theory]
    [MemberData(nameof(PatternLengths))]
    public void SearchScoresAgreeWithSellersTable(int patternLength)
    {
        var random = new Random(1000 + patternLength);
        var ends = new ApproximateEnd[64];
        for (var round = 0; round < 10; round++)
        {
            var pattern = RandomText(random, patternLength);
            var text = RandomText(random, 200) + Mutate(random, pattern, patternLength / 8) + RandomText(random, 200);
            var budget = patternLength / 4;
            using var masks = new PatternMasks(pattern, reversed: false);

            var count = BitParallelMatcher.FindEnds(masks, text, budget, ends);

            var best = Sellers(pattern, text);
            Assert.True(count > 0);
            foreach (var end in ends.AsSpan(0, count))
            {
                Assert.Equal(best[end.End], end.Distance);
            }

            Assert.Equal(best.Min(), ends.Take(count).Min(e => e.Distance));
        }
    }

    [Fact]
    public void TheStartOfAnOccurrenceIsFoundFromItsEnd()
    {
        const string text = "Some text, then the quick brown fox jumps over, then more.";
        const string quote = "the quikc brown fox jumps";
        var end = text.IndexOf(" over", StringComparison.Ordinal);
        using var reversed = new PatternMasks(quote, reversed: true);

        var (start, distance) = BitParallelMatcher.FindStart(reversed, text, end, quote.Length + 6);

        Assert.Equal(text.IndexOf("the quick", StringComparison.Ordinal), start);
        Assert.Equal(2, distance);
    }

    [Fact]
    public void TooManyOccurrencesAreReportedAsSuch()
    {
        var text = string.Concat(Enumerable.Repeat("abcdefghij xx ", 10));
        using var masks = new PatternMasks("abcdefghij", reversed: false);
        Span<ApproximateEnd> ends = stackalloc ApproximateEnd[4];

        Assert.Equal(-1, BitParallelMatcher.FindEnds(masks, text, 2, ends));
    }

    [Fact]
    public void CharactersBeyondAsciiMatchLikeAnyOther()
    {
        using var masks = new PatternMasks("Russia’s “peaceful rise”", reversed: false);

        Assert.Equal(0, BitParallelMatcher.Distance(masks, "Russia’s “peaceful rise”", 5));
        Assert.Equal(3, BitParallelMatcher.Distance(masks, "Russia's \"peaceful rise\"", 5));
    }

    [Fact]
    public void ASwapOfTwoLettersIsOneEditInAShortQuote()
    {
        Assert.Equal(1, EditDistance.Bounded("spilt", "split", 1));
        Assert.True(EditDistance.Bounded("China", "Japan", 1) > 1);
    }

    // A small alphabet, so random texts share letters as prose does.
    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => "abcde ’é"[random.Next(8)])]);

    private static string Mutate(Random random, string text, int edits)
    {
        var chars = text.ToList();
        for (var i = 0; i < edits && chars.Count > 1; i++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars[at] = 'z'; break;
                case 1: chars.RemoveAt(at); break;
                default: chars.Insert(at, 'y'); break;
            }
        }

        return new string([.. chars]);
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }

    // Sellers (1980): the edit distance of the pattern to the best substring ending at each text position.
    private static int[] Sellers(string pattern, string text)
    {
        var column = Enumerable.Range(0, pattern.Length + 1).ToArray();
        var best = new int[text.Length + 1];
        best[0] = pattern.Length;
        for (var j = 1; j <= text.Length; j++)
        {
            var diagonal = column[0];
            column[0] = 0;
            for (var i = 1; i <= pattern.Length; i++)
            {
                var above = column[i];
                column[i] = Math.Min(Math.Min(column[i] + 1, column[i - 1] + 1), diagonal + (pattern[i - 1] == text[j - 1] ? 0 : 1));
                diagonal = above;
            }

            best[j] = column[pattern.Length];
        }

        return best;
    }
}
