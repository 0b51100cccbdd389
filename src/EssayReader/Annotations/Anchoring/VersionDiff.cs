using DiffPlex;
using DiffPlex.Chunkers;

namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// The differences between two versions of an essay's canonical text, computed once per (old version,
/// new version) pair and shared by every annotation made on the old version: it maps old offsets to
/// new ones. Immutable, so one instance may be used from many threads at once.
/// </summary>
public sealed class VersionDiff
{
    private readonly DiffSegment[] _segments;

    private VersionDiff(string oldText, string newText, DiffSegment[] segments, bool identical)
    {
        OldText = oldText;
        NewText = newText;
        _segments = segments;
        IsIdentical = identical;
    }

    /// <summary>The text the annotations' selectors were made on.</summary>
    public string OldText { get; }

    /// <summary>The text to anchor them in.</summary>
    public string NewText { get; }

    internal bool IsIdentical { get; }

    internal ReadOnlySpan<DiffSegment> Segments => _segments;

    /// <summary>Diffs two versions word by word (see <see cref="DiffGranularity"/>).</summary>
    public static VersionDiff Create(string oldText, string newText) => Create(oldText, newText, DiffGranularity.Word);

    internal static VersionDiff Create(string oldText, string newText, DiffGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return new VersionDiff(oldText, newText, [new DiffSegment(0, oldText.Length, 0, newText.Length, Unchanged: true)], identical: true);
        }

        IChunker chunker = granularity == DiffGranularity.Word ? WordChunker.Instance : CharacterChunker.Instance;
        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, chunker);
        var oldOffsets = Offsets(diff.PiecesOld);
        var newOffsets = Offsets(diff.PiecesNew);

        var raw = new List<DiffSegment>(diff.DiffBlocks.Count * 2 + 1);
        int oldPiece = 0, newPiece = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(raw, Segment(oldOffsets, newOffsets, oldPiece, block.DeleteStartA - oldPiece, newPiece, block.InsertStartB - newPiece, unchanged: true));
            Add(raw, Segment(oldOffsets, newOffsets, block.DeleteStartA, block.DeleteCountA, block.InsertStartB, block.InsertCountB, unchanged: false));
            oldPiece = block.DeleteStartA + block.DeleteCountA;
            newPiece = block.InsertStartB + block.InsertCountB;
        }

        Add(raw, Segment(oldOffsets, newOffsets, oldPiece, diff.PiecesOld.Count - oldPiece, newPiece, diff.PiecesNew.Count - newPiece, unchanged: true));
        var segments = MergeCoincidences(raw);
        SlideToWordBoundaries(segments, oldText, newText);
        return new VersionDiff(oldText, newText, segments, identical: false);
    }

    /// <summary>Where the character at <paramref name="oldIndex"/> went: its new offset, or the start of what replaced it.</summary>
    internal int MapStart(int oldIndex)
    {
        var segment = _segments[FindByOld(oldIndex)];
        return segment.Unchanged ? segment.NewStart + (oldIndex - segment.OldStart) : segment.NewStart;
    }

    /// <summary>Where the end of a span ending at <paramref name="oldEnd"/> went: after its last character's image, or after what replaced it.</summary>
    internal int MapEnd(int oldEnd)
    {
        var last = oldEnd - 1;
        var segment = _segments[FindByOld(last)];
        return segment.Unchanged ? segment.NewStart + (last - segment.OldStart) + 1 : segment.NewEnd;
    }

    /// <summary>
    /// How many characters of new [<paramref name="start"/>, <paramref name="end"/>) were already in the
    /// old text somewhere outside old [<paramref name="oldStart"/>, <paramref name="oldEnd"/>): text
    /// that was there when the reader made the annotation and that the reader did not select.
    /// </summary>
    internal int PreexistingElsewhere(int start, int end, int oldStart, int oldEnd)
    {
        var count = 0;
        for (var i = FindByNew(start); i < _segments.Length && _segments[i].NewStart < end; i++)
        {
            var segment = _segments[i];
            if (!segment.Unchanged)
            {
                continue;
            }

            var from = Math.Max(start, segment.NewStart);
            var to = Math.Min(end, segment.NewEnd);
            if (to <= from)
            {
                continue;
            }

            var imageStart = segment.OldStart + (from - segment.NewStart);
            var imageEnd = imageStart + (to - from);
            var ours = Math.Max(0, Math.Min(imageEnd, oldEnd) - Math.Max(imageStart, oldStart));
            count += to - from - ours;
        }

        return count;
    }

    /// <summary>
    /// When old [<paramref name="oldStart"/>, <paramref name="oldEnd"/>) lies in a stretch of old text
    /// that was removed, and that stretch reappears whole and alone as an insertion, with the span
    /// landing on <paramref name="candidate"/>: the stretch's length (the author moved it there). 0
    /// otherwise, and 0 when the stretch was pasted into new words: a clause reused in a new sentence
    /// elsewhere is not the passage the reader marked.
    /// </summary>
    internal int MovedStretchLength(int oldStart, int oldEnd, int candidate)
    {
        const int Slack = 2; // the diff may hand a space or a stop at either end of a moved stretch to its neighbours
        var cut = _segments[FindByOld(oldStart)];
        var quoteLength = oldEnd - oldStart;
        if (cut.Unchanged || oldEnd > cut.OldEnd || candidate < 0 || candidate + quoteLength > NewText.Length)
        {
            return 0;
        }

        var paste = _segments[FindByNew(candidate)];
        if (paste.Unchanged || candidate + quoteLength > paste.NewEnd || Math.Abs(paste.NewLength - cut.OldLength) > 2 * Slack)
        {
            return 0;
        }

        var before = oldStart - cut.OldStart;
        var after = cut.OldEnd - oldEnd;
        var left = ContextAgreement.CommonSuffix(OldText.AsSpan(cut.OldStart, before), NewText.AsSpan(0, candidate));
        var right = ContextAgreement.CommonPrefix(OldText.AsSpan(oldEnd, after), NewText.AsSpan(candidate + quoteLength));
        return left >= before - Slack && right >= after - Slack ? cut.OldLength : 0;
    }

    // The last segment starting at or before the position that holds old text: pure insertions share
    // their start with the segment after them, which is the one that holds the character.
    private int FindByOld(int oldIndex)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_segments[mid].OldStart <= oldIndex)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private int FindByNew(int newIndex)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_segments[mid].NewStart <= newIndex)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static int[] Offsets(IReadOnlyList<string> pieces)
    {
        var offsets = new int[pieces.Count + 1];
        for (var i = 0; i < pieces.Count; i++)
        {
            offsets[i + 1] = offsets[i] + pieces[i].Length;
        }

        return offsets;
    }

    private static DiffSegment Segment(int[] oldOffsets, int[] newOffsets, int oldPiece, int oldPieces, int newPiece, int newPieces, bool unchanged) =>
        new(oldOffsets[oldPiece], oldOffsets[oldPiece + oldPieces] - oldOffsets[oldPiece],
            newOffsets[newPiece], newOffsets[newPiece + newPieces] - newOffsets[newPiece], unchanged);

    // Keeps the list alternating: empty segments dropped, neighbours of the same kind joined.
    private static void Add(List<DiffSegment> segments, DiffSegment segment)
    {
        if (segment.OldLength == 0 && segment.NewLength == 0)
        {
            return;
        }

        if (segments.Count > 0 && segments[^1].Unchanged == segment.Unchanged)
        {
            segments[^1] = Join(segments[^1], segment);
            return;
        }

        segments.Add(segment);
    }

    private static DiffSegment Join(DiffSegment first, DiffSegment second) =>
        new(first.OldStart, second.OldEnd - first.OldStart, first.NewStart, second.NewEnd - first.NewStart, first.Unchanged && second.Unchanged);

    // A rewritten sentence still shares spaces, commas and small words with what it replaced, and the
    // diff happily aligns them: one changed passage becomes many little changes around coincidental
    // matches, and an annotation in it maps to a fragment. As diff-match-patch's semantic clean-up
    // does, a shared stretch no longer than the changes on both sides of it is taken as coincidence
    // and folded into one change.
    private static DiffSegment[] MergeCoincidences(List<DiffSegment> segments)
    {
        var kept = new List<DiffSegment>(segments.Count);
        foreach (var segment in segments)
        {
            if (segment.Unchanged)
            {
                kept.Add(segment);
                continue;
            }

            var change = segment;
            while (kept.Count >= 2 && kept[^1].Unchanged && !kept[^2].Unchanged
                && kept[^1].OldLength <= Size(kept[^2]) && kept[^1].OldLength <= Size(change))
            {
                change = Join(Join(kept[^2], kept[^1]), change);
                kept.RemoveRange(kept.Count - 2, 2);
            }

            kept.Add(change);
        }

        return [.. kept];
    }

    private static int Size(DiffSegment change) => Math.Max(change.OldLength, change.NewLength);

    // An inserted (or deleted) stretch can often sit in several places with the same diff: adding
    // " It was a modest success." after "2008." diffs equally well as ". It was a modest success"
    // after "2008", which would pull the new sentence into a highlight ending at "2008.". As
    // diff-match-patch's lossless clean-up does, slide each such stretch to where its edges fall on
    // the best boundaries: line breaks, then sentence ends, then spaces.
    private static void SlideToWordBoundaries(DiffSegment[] segments, string oldText, string newText)
    {
        // A change at either end has a neighbour on one side only; it stays where it is.
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var change = segments[i];
            if (change.Unchanged || (change.OldLength > 0 && change.NewLength > 0))
            {
                continue;
            }

            var inserted = change.NewLength > 0;
            var text = inserted ? newText : oldText;
            var start = inserted ? change.NewStart : change.OldStart;
            var length = inserted ? change.NewLength : change.OldLength;
            var roomBefore = segments[i - 1].OldLength;
            var roomAfter = segments[i + 1].OldLength;

            // The stretch moves left one character while the character before it equals its last. It
            // leaves at least one character of each neighbour, so no segment empties.
            var left = 0;
            while (left < roomBefore - 1 && text[start - left - 1] == text[start + length - left - 1])
            {
                left++;
            }

            var right = 0;
            while (right < roomAfter - 1 && text[start + right] == text[start + length + right])
            {
                right++;
            }

            var best = 0;
            var bestScore = int.MinValue;
            for (var shift = -left; shift <= right; shift++)
            {
                var score = BoundaryScore(text, start + shift) + BoundaryScore(text, start + shift + length);
                if (score > bestScore || (score == bestScore && shift == 0))
                {
                    (best, bestScore) = (shift, score);
                }
            }

            if (best == 0)
            {
                continue;
            }

            var previous = segments[i - 1];
            var next = segments[i + 1];
            segments[i - 1] = previous with { OldLength = previous.OldLength + best, NewLength = previous.NewLength + best };
            segments[i] = change with { OldStart = change.OldStart + best, NewStart = change.NewStart + best };
            segments[i + 1] = next with
            {
                OldStart = next.OldStart + best,
                OldLength = next.OldLength - best,
                NewStart = next.NewStart + best,
                NewLength = next.NewLength - best,
            };
        }
    }

    // How good a place for the edge of a change the position between text[at - 1] and text[at] is
    // (diff-match-patch's semantic score): the text's ends, then line breaks, then the end of a
    // sentence, then whitespace, then other punctuation.
    private static int BoundaryScore(string text, int at)
    {
        if (at <= 0 || at >= text.Length)
        {
            return 6;
        }

        var before = text[at - 1];
        var after = text[at];
        if (before is '\n' or '\r' || after is '\n' or '\r')
        {
            return 4;
        }

        var beforeIsMark = !char.IsLetterOrDigit(before);
        if (beforeIsMark && !char.IsWhiteSpace(before) && char.IsWhiteSpace(after))
        {
            return 3;
        }

        if (char.IsWhiteSpace(before) || char.IsWhiteSpace(after))
        {
            return 2;
        }

        return beforeIsMark || !char.IsLetterOrDigit(after) ? 1 : 0;
    }
}
