using System.Buffers;

namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// The match masks of Myers' bit-vector algorithm for one pattern: for each character, the bits of
/// the pattern positions that hold it, in blocks of 64 positions. Characters are rows: row 0 for any
/// character absent from the pattern, one row per ASCII character, then one per distinct other
/// character of the pattern (an essay's quotes use a handful: curly quotes, dashes, accents). The
/// arrays are rented, so dispose it.
/// </summary>
internal sealed class PatternMasks : IDisposable
{
    private const int AsciiRows = 129;

    private readonly ulong[] _masks;
    private readonly char[] _others;
    private readonly int _otherCount;

    public PatternMasks(ReadOnlySpan<char> pattern, bool reversed)
    {
        if (pattern.IsEmpty)
        {
            throw new ArgumentException("An empty pattern has no masks.", nameof(pattern));
        }

        Length = pattern.Length;
        Blocks = (pattern.Length + 63) / 64;
        Last = reversed ? pattern[0] : pattern[^1];

        _others = ArrayPool<char>.Shared.Rent(pattern.Length);
        foreach (var c in pattern)
        {
            if (c >= 128)
            {
                _others[_otherCount++] = c;
            }
        }

        var others = _others.AsSpan(0, _otherCount);
        others.Sort();
        _otherCount = Distinct(others);

        var rows = AsciiRows + _otherCount;
        _masks = ArrayPool<ulong>.Shared.Rent(rows * Blocks);
        _masks.AsSpan(0, rows * Blocks).Clear();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = reversed ? pattern[^(i + 1)] : pattern[i];
            _masks[Row(c) * Blocks + i / 64] |= 1UL << (i % 64);
        }
    }

    /// <summary>The pattern's length in characters.</summary>
    public int Length { get; }

    /// <summary>The character the pattern ends with, in the order it is matched.</summary>
    public char Last { get; }

    /// <summary>How many 64-bit blocks a column takes.</summary>
    public int Blocks { get; }

    public int Row(char c)
    {
        if (c < 128)
        {
            return c + 1;
        }

        var at = _others.AsSpan(0, _otherCount).BinarySearch(c);
        return at >= 0 ? AsciiRows + at : 0;
    }

    public ReadOnlySpan<ulong> Masks(int row) => _masks.AsSpan(row * Blocks, Blocks);

    public void Dispose()
    {
        ArrayPool<ulong>.Shared.Return(_masks);
        ArrayPool<char>.Shared.Return(_others);
    }

    private static int Distinct(Span<char> sorted)
    {
        var count = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (count == 0 || sorted[count - 1] != sorted[i])
            {
                sorted[count++] = sorted[i];
            }
        }

        return count;
    }
}
