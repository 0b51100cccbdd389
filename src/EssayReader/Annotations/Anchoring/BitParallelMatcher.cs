using System.Buffers;

namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// Approximate string matching with Myers' bit-vector algorithm (J. ACM 46(3), 1999), in the
/// block-based form edlib uses for patterns longer than a machine word: one column of the edit
/// distance table costs ceil(m/64) word operations, so searching a quote of m characters in n
/// characters of text costs about n*m/64 steps, not the n*m of Sellers' table.
/// </summary>
internal static class BitParallelMatcher
{
    private const ulong TopBit = 1UL << 63;

    /// <summary>
    /// Where the best approximate occurrences of the pattern end in <paramref name="text"/> (exclusive
    /// ends), with at most <paramref name="maxDistance"/> edits: in each run of ends within the budget
    /// the one with the fewest edits (of equals, the last that ends on the pattern's last character,
    /// so a quote ending in a full stop keeps it). Returns how many were written to <paramref name="found"/>, or -1
    /// when there were more than it holds (the quote is then too common to tell apart).
    /// </summary>
    public static int FindEnds(PatternMasks pattern, ReadOnlySpan<char> text, int maxDistance, Span<ApproximateEnd> found)
    {
        var count = 0;
        var inRun = false;
        var runBest = ApproximateEnd.None;
        var state = new Columns(pattern, anchored: false);
        try
        {
            for (var j = 0; j < text.Length; j++)
            {
                var score = state.Advance(text[j]);
                if (score <= maxDistance)
                {
                    if (!inRun || score < runBest.Distance || (score == runBest.Distance && text[j] == pattern.Last))
                    {
                        runBest = new ApproximateEnd(j + 1, score);
                    }

                    inRun = true;
                }
                else if (inRun)
                {
                    if (count == found.Length)
                    {
                        return -1;
                    }

                    found[count++] = runBest;
                    inRun = false;
                }
            }

            if (inRun)
            {
                if (count == found.Length)
                {
                    return -1;
                }

                found[count++] = runBest;
            }

            return count;
        }
        finally
        {
            state.Dispose();
        }
    }

    /// <summary>
    /// Where the occurrence ending at <paramref name="end"/> starts: aligns the reversed pattern
    /// against the text read backwards from <paramref name="end"/>, over at most
    /// <paramref name="maxLength"/> characters, and takes the start with the fewest edits (of those,
    /// the one whose length is closest to the pattern's).
    /// </summary>
    public static (int Start, int Distance) FindStart(PatternMasks reversedPattern, ReadOnlySpan<char> text, int end, int maxLength)
    {
        var state = new Columns(reversedPattern, anchored: true);
        try
        {
            var bestStart = end;
            var bestDistance = reversedPattern.Length;
            var limit = Math.Max(0, end - maxLength);
            for (var j = end - 1; j >= limit; j--)
            {
                var score = state.Advance(text[j]);
                var length = end - j;
                if (score < bestDistance
                    || (score == bestDistance && Math.Abs(length - reversedPattern.Length) < Math.Abs(end - bestStart - reversedPattern.Length)))
                {
                    (bestStart, bestDistance) = (j, score);
                }
            }

            return (bestStart, bestDistance);
        }
        finally
        {
            state.Dispose();
        }
    }

    /// <summary>The Levenshtein distance of the pattern and <paramref name="text"/>, or a value above <paramref name="max"/> once it must exceed it.</summary>
    public static int Distance(PatternMasks pattern, ReadOnlySpan<char> text, int max)
    {
        var state = new Columns(pattern, anchored: true);
        try
        {
            var score = pattern.Length;
            for (var j = 0; j < text.Length; j++)
            {
                score = state.Advance(text[j]);

                // Each remaining column lowers the score by one at most.
                if (score - (text.Length - 1 - j) > max)
                {
                    return max + 1;
                }
            }

            return score;
        }
        finally
        {
            state.Dispose();
        }
    }

    // The state of one column of the table: vertical deltas as positive and negative bit-vectors, and
    // the score of its last row. "Anchored" puts the pattern's start at the text's start (row 0 of the
    // table grows by one per column); otherwise it may start anywhere (row 0 is all zeros).
    private struct Columns(PatternMasks pattern, bool anchored) : IDisposable
    {
        private readonly ulong[] _positive = Filled(ArrayPool<ulong>.Shared.Rent(pattern.Blocks), pattern.Blocks, ulong.MaxValue);
        private readonly ulong[] _negative = Filled(ArrayPool<ulong>.Shared.Rent(pattern.Blocks), pattern.Blocks, 0);
        private readonly ulong _lastBit = 1UL << ((pattern.Length - 1) % 64);
        private int _score = pattern.Length;

        public int Advance(char c)
        {
            var masks = pattern.Masks(pattern.Row(c));
            var last = pattern.Blocks - 1;
            var carry = anchored ? 1 : 0;
            for (var b = 0; b <= last; b++)
            {
                carry = Block(ref _positive[b], ref _negative[b], masks[b], carry, b == last ? _lastBit : TopBit);
            }

            _score += carry;
            return _score;
        }

        public readonly void Dispose()
        {
            ArrayPool<ulong>.Shared.Return(_positive);
            ArrayPool<ulong>.Shared.Return(_negative);
        }

        private static ulong[] Filled(ulong[] array, int length, ulong value)
        {
            array.AsSpan(0, length).Fill(value);
            return array;
        }

        // One block of one column (Myers 1999, Fig. 9; Hyyrö's notation): takes the horizontal delta
        // entering the block's top row and returns the one leaving its bottom row (the last pattern
        // position of the last block, whose higher padding bits never reach lower ones).
        private static int Block(ref ulong positive, ref ulong negative, ulong equal, int carryIn, ulong bottom)
        {
            var pv = positive;
            var mv = negative;
            var xv = equal | mv;
            if (carryIn < 0)
            {
                equal |= 1UL;
            }

            var xh = (((equal & pv) + pv) ^ pv) | equal;
            var ph = mv | ~(xh | pv);
            var mh = pv & xh;
            var carryOut = (ph & bottom) != 0 ? 1 : (mh & bottom) != 0 ? -1 : 0;
            ph <<= 1;
            mh <<= 1;
            if (carryIn < 0)
            {
                mh |= 1UL;
            }
            else if (carryIn > 0)
            {
                ph |= 1UL;
            }

            positive = mh | ~(xv | ph);
            negative = ph & xv;
            return carryOut;
        }
    }
}

/// <summary>An approximate occurrence's exclusive end and its number of edits.</summary>
internal readonly record struct ApproximateEnd(int End, int Distance)
{
    public static ApproximateEnd None => new(-1, int.MaxValue);
}
