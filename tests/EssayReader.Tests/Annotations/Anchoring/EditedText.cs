using System.Text;
using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>
/// A text edited by primitive edits (insert, delete, replace, move) that remembers where every
/// original character went, so the right answer for an annotation is computed from the edits
/// themselves, never from the algorithm under test. Each character of the current text carries its
/// origin: an original index, "inserted", or "replaced original characters [min, max]" (what a
/// Replace writes stands for the words it rewrote).
/// </summary>
internal sealed class EditedText
{
    private const int Inserted = -1;

    private readonly List<char> _chars;
    private readonly List<int> _origins;
    private readonly List<(int Min, int Max)> _replaced = [];

    public EditedText(string original)
    {
        Original = original;
        _chars = [.. original];
        _origins = [.. Enumerable.Range(0, original.Length)];
    }

    public string Original { get; }

    public string Text => new([.. _chars]);

    public EditedText Insert(int at, string text)
    {
        CheckRange(at, 0);
        _chars.InsertRange(at, text);
        _origins.InsertRange(at, Enumerable.Repeat(Inserted, text.Length));
        return this;
    }

    public EditedText Delete(int start, int length)
    {
        CheckRange(start, length);
        _chars.RemoveRange(start, length);
        _origins.RemoveRange(start, length);
        return this;
    }

    public EditedText Replace(int start, int length, string text)
    {
        CheckRange(start, length);
        int min = int.MaxValue, max = -1;
        foreach (var origin in _origins.GetRange(start, length))
        {
            var (from, to) = origin >= 0 ? (origin, origin) : origin == Inserted ? (int.MaxValue, -1) : _replaced[-2 - origin];
            (min, max) = (Math.Min(min, from), Math.Max(max, to));
        }

        var tag = Inserted;
        if (max >= 0)
        {
            _replaced.Add((min, max));
            tag = -1 - _replaced.Count;
        }

        _chars.RemoveRange(start, length);
        _origins.RemoveRange(start, length);
        _chars.InsertRange(start, text);
        _origins.InsertRange(start, Enumerable.Repeat(tag, text.Length));
        return this;
    }

    /// <summary>Moves [start, start+length) so that it starts where <paramref name="to"/> is now (a position outside the moved span).</summary>
    public EditedText Move(int start, int length, int to)
    {
        CheckRange(start, length);
        if (to > start && to < start + length)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "A span cannot move inside itself.");
        }

        var chars = _chars.GetRange(start, length);
        var origins = _origins.GetRange(start, length);
        _chars.RemoveRange(start, length);
        _origins.RemoveRange(start, length);
        var at = to > start ? to - length : to;
        _chars.InsertRange(at, chars);
        _origins.InsertRange(at, origins);
        return this;
    }

    /// <summary>Where the <paramref name="occurrence"/>-th (from 0) <paramref name="phrase"/> starts in the current text.</summary>
    public int Find(string phrase, int occurrence = 0)
    {
        var text = Text;
        var at = -1;
        for (var seen = 0; seen <= occurrence; seen++)
        {
            at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ArgumentException($"'{phrase}' does not occur {occurrence + 1} times in the edited text.", nameof(phrase));
            }
        }

        return at;
    }

    public EditedText ReplaceText(string phrase, string with, int occurrence = 0) => Replace(Find(phrase, occurrence), phrase.Length, with);

    public EditedText DeleteText(string phrase, int occurrence = 0) => Delete(Find(phrase, occurrence), phrase.Length);

    public EditedText InsertBefore(string phrase, string text, int occurrence = 0) => Insert(Find(phrase, occurrence), text);

    public EditedText InsertAfter(string phrase, string text, int occurrence = 0) => Insert(Find(phrase, occurrence) + phrase.Length, text);

    /// <summary>Moves <paramref name="phrase"/> to just before <paramref name="before"/>.</summary>
    public EditedText MoveBefore(string phrase, string before, int occurrence = 0) =>
        Move(Find(phrase, occurrence), phrase.Length, Find(before));

    /// <summary>Moves <paramref name="phrase"/> to just after <paramref name="after"/>.</summary>
    public EditedText MoveAfter(string phrase, string after, int occurrence = 0) =>
        Move(Find(phrase, occurrence), phrase.Length, Find(after) + after.Length);

    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/> (the first occurrence of each after the other).</summary>
    public (int Start, int Length) Span(string first, string last)
    {
        var start = Find(first);
        var end = Text.IndexOf(last, start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new ArgumentException($"'{last}' does not occur after '{first}' in the edited text.", nameof(last));
        }

        return (start, end + last.Length - start);
    }

    /// <summary>
    /// Where the original span [start, end) is now, from the characters that came from it: the span
    /// from the first to the last of them (words inserted inside count, words inserted next to it do
    /// not), judged by how much its words changed.
    /// </summary>
    public Expectation Expect(int start, int end)
    {
        int first = -1, last = -1;
        for (var p = 0; p < _origins.Count; p++)
        {
            var origin = _origins[p];
            var ours = origin >= 0
                ? origin >= start && origin < end
                : origin != Inserted && _replaced[-2 - origin].Min < end && _replaced[-2 - origin].Max >= start;
            if (ours)
            {
                first = first < 0 ? p : first;
                last = p;
            }
        }

        var quote = Original[start..end];
        if (first < 0)
        {
            return Expectation.Gone(0);
        }

        var now = Text[first..(last + 1)];
        if (now == quote)
        {
            return Expectation.Survives(first, last + 1, first == start && last + 1 == end ? ExpectedText.Unmoved : ExpectedText.Same);
        }

        if (SameWords(quote, now))
        {
            return Expectation.Survives(first, last + 1, ExpectedText.Whitespace);
        }

        var ratio = Math.Abs(now.Length - quote.Length) * 2 > quote.Length ? 1.0 : (double)Osa(quote, now) / quote.Length;
        return ratio <= Expectation.Reworded ? Expectation.Survives(first, last + 1, ExpectedText.Edited, ratio)
            : ratio >= Expectation.Rewritten ? Expectation.Gone(ratio)
            : Expectation.Unclear(first, last + 1, ratio);
    }

    private void CheckRange(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > _chars.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start + length}) is outside the text of {_chars.Count} characters.");
        }
    }

    // Written again here, not borrowed from the code under test, so the expectations stand on their own.
    private static bool SameWords(string a, string b) => Collapse(a) == Collapse(b);

    private static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                result.Append(c);
            }
            else if (result.Length == 0 || result[^1] != ' ')
            {
                result.Append(' ');
            }
        }

        return result.ToString();
    }

    private static int Osa(string a, string b)
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
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

internal enum ExpectedText
{
    /// <summary>Same words at the same offsets: Exact.</summary>
    Unmoved,

    /// <summary>Same words elsewhere: Moved.</summary>
    Same,

    /// <summary>Same words, other whitespace: Moved.</summary>
    Whitespace,

    /// <summary>Lightly reworded: Fuzzy.</summary>
    Edited,
}

/// <summary>The right outcome for one annotation in one edited version.</summary>
internal sealed record Expectation(bool WordsExist, bool IsUnclear, int Start, int End, ExpectedText Text, double Ratio)
{
    /// <summary>Up to this share of the quote edited (optimal string alignment distance over its length), its words still exist, reworded.</summary>
    public const double Reworded = 0.25;

    /// <summary>From this share on, the words are gone. Between the two the corpus makes no case: a sharp truth or none.</summary>
    public const double Rewritten = 0.5;

    public static Expectation Survives(int start, int end, ExpectedText text, double ratio = 0) => new(true, false, start, end, text, ratio);

    public static Expectation Gone(double ratio) => new(false, false, 0, 0, ExpectedText.Same, ratio);

    public static Expectation Unclear(int start, int end, double ratio) => new(false, true, start, end, ExpectedText.Edited, ratio);

    public AnchorStatus Status => Text switch
    {
        ExpectedText.Unmoved => AnchorStatus.Exact,
        ExpectedText.Same or ExpectedText.Whitespace => AnchorStatus.Moved,
        _ => AnchorStatus.Fuzzy,
    };
}
