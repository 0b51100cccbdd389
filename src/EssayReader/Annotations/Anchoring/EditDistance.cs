using System.Buffers;

namespace EssayReader.Annotations.Anchoring;

/// <summary>Bounded edit distances between a quote and the text found for it.</summary>
internal static class EditDistance
{
    // The quadratic table serves quotes up to a word's worth of bits, where a swap matters; beyond,
    // the bit-parallel algorithm costs a few operations per character instead of one per cell.
    private const int MaxTableCells = 65 * 65 * 2;

    /// <summary>
    /// The edit distance of <paramref name="a"/> and <paramref name="b"/>, or any value above
    /// <paramref name="max"/> once it is known to exceed it. Short texts count a swap of two adjacent
    /// characters as one edit (optimal string alignment), as a reader would: "spilt" fixed to "split"
    /// is one typo, not two. Long texts count it as two (Levenshtein, bit-parallel), where one edit
    /// more hardly moves the ratio.
    /// </summary>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        if ((long)(a.Length + 1) * (b.Length + 1) > MaxTableCells)
        {
            using var pattern = new PatternMasks(a, reversed: false);
            return BitParallelMatcher.Distance(pattern, b, max);
        }

        return OptimalStringAlignment(a, b, max);
    }

    private static int OptimalStringAlignment(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        var width = b.Length + 1;
        var rented = width * 3 > 768 ? ArrayPool<int>.Shared.Rent(width * 3) : null;
        var rows = rented is null ? stackalloc int[width * 3] : rented.AsSpan(0, width * 3);
        try
        {
            var twoBack = rows[..width];
            var previous = rows.Slice(width, width);
            var current = rows.Slice(2 * width, width);
            for (var j = 0; j < width; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var rowMin = i;
                for (var j = 1; j < width; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        value = Math.Min(value, twoBack[j - 2] + 1);
                    }

                    current[j] = value;
                    rowMin = Math.Min(rowMin, value);
                }

                if (rowMin > max)
                {
                    return max + 1;
                }

                var recycled = twoBack;
                twoBack = previous;
                previous = current;
                current = recycled;
            }

            return previous[width - 1];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }
}
