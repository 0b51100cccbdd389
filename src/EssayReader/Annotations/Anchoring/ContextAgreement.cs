namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// How well the text around a candidate agrees with the text that was around the quote: reading away
/// from the quote, each agreeing character counts 1 and each edit costs 2, so a typo fixed next to
/// the quote costs a little and unrelated text earns about nothing.
/// </summary>
internal static class ContextAgreement
{
    private const int Band = 2;
    private const int Width = 2 * Band + 1;
    private const int Unreachable = int.MinValue / 2;

    /// <summary>Agreement of the text just before a candidate with the expected prefix (both read backwards from the quote).</summary>
    public static int Before(ReadOnlySpan<char> expectedPrefix, ReadOnlySpan<char> textBefore) =>
        Score(expectedPrefix, textBefore[Math.Max(0, textBefore.Length - expectedPrefix.Length - Band)..], backwards: true);

    /// <summary>Agreement of the text just after a candidate with the expected suffix.</summary>
    public static int After(ReadOnlySpan<char> expectedSuffix, ReadOnlySpan<char> textAfter) =>
        Score(expectedSuffix, textAfter[..Math.Min(textAfter.Length, expectedSuffix.Length + Band)], backwards: false);

    public static int CommonPrefix(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => a.CommonPrefixLength(b);

    public static int CommonSuffix(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[^(n + 1)] == b[^(n + 1)])
        {
            n++;
        }

        return n;
    }

    // A banded alignment of the expected context against the actual text, both anchored at the quote,
    // free to stop anywhere: the best score over all its cells. The band (two edits of drift) is all a
    // typo needs, and keeps this at a few hundred steps.
    private static int Score(ReadOnlySpan<char> expected, ReadOnlySpan<char> actual, bool backwards)
    {
        Span<int> previous = stackalloc int[Width];
        Span<int> current = stackalloc int[Width];
        for (var k = 0; k < Width; k++)
        {
            var j = k - Band;
            previous[k] = j >= 0 && j <= actual.Length ? -2 * j : Unreachable;
        }

        var best = 0;
        for (var i = 1; i <= expected.Length; i++)
        {
            var e = backwards ? expected[^i] : expected[i - 1];
            var alive = false;
            for (var k = 0; k < Width; k++)
            {
                var j = i + k - Band;
                if (j < 0 || j > actual.Length)
                {
                    current[k] = Unreachable;
                    continue;
                }

                var value = Unreachable;
                if (j >= 1 && previous[k] > Unreachable)
                {
                    var a = backwards ? actual[^j] : actual[j - 1];
                    value = previous[k] + (a == e ? 1 : -2);
                }

                if (k + 1 < Width && previous[k + 1] > Unreachable)
                {
                    value = Math.Max(value, previous[k + 1] - 2);
                }

                if (k > 0 && current[k - 1] > Unreachable)
                {
                    value = Math.Max(value, current[k - 1] - 2);
                }

                current[k] = value;
                best = Math.Max(best, value);
                alive |= value > Unreachable;
            }

            if (!alive)
            {
                break;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return best;
    }
}
