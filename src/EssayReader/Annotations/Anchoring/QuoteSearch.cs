using System.Buffers;

namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// Steps 3 and 4 of re-anchoring: looks for the quote in the whole new text, exact occurrences first,
/// then approximate ones, weighs each by <see cref="Confidence"/>, and anchors only a candidate with
/// enough evidence and no close rival; anything else is orphaned.
/// </summary>
internal static class QuoteSearch
{
    public static AnchorResult Find(in SearchRequest request)
    {
        var exact = FindExact(request, out var rivals);
        if (exact.IsAnchored)
        {
            return exact;
        }

        // Two or more places that read the quote exactly and that nothing tells apart: an approximate
        // search would only find them again.
        if (rivals >= 2 || request.Quote.Length < Confidence.ApproximateMinLength)
        {
            return AnchorResult.Orphaned;
        }

        return FindApproximate(request);
    }

    private static AnchorResult FindExact(in SearchRequest request, out int candidates)
    {
        var quote = request.Quote;
        var text = request.Text;
        var pick = new Pick();
        candidates = 0;
        for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            var end = at + quote.Length;
            if (!Eligible(request, at, end))
            {
                continue;
            }

            candidates++;
            pick.Offer(Evidence(request, at, end, 0, out _, out _), acceptable: true, at, end);
        }

        return pick.Confident ? Result(request, pick.Start, pick.End) : AnchorResult.Orphaned;
    }

    private static AnchorResult FindApproximate(in SearchRequest request)
    {
        var quote = request.Quote;
        var text = request.Text;
        var budget = Confidence.ErrorBudget(quote.Length);
        Span<ApproximateEnd> ends = stackalloc ApproximateEnd[Confidence.MaxCandidates];
        var count = FindEnds(request, budget, ends);
        if (count <= 0)
        {
            return AnchorResult.Orphaned;
        }

        var pick = new Pick();
        using var backward = new PatternMasks(quote, reversed: true);
        foreach (var found in ends[..count])
        {
            var (start, distance) = BitParallelMatcher.FindStart(backward, text, found.End, quote.Length + budget);
            if (distance > budget || !Eligible(request, start, found.End))
            {
                continue;
            }

            var evidence = Evidence(request, start, found.End, distance, out var before, out var after);
            var sameWords = TextComparison.SameWords(quote, text.AsSpan(start, found.End - start));
            pick.Offer(evidence, acceptable: sameWords || Corroborated(request, before, after), start, found.End);
        }

        return pick.Confident ? Result(request, pick.Start, pick.End) : AnchorResult.Orphaned;
    }

    // The ends of approximate occurrences, or -1 when there are too many to tell apart. Without the
    // old text the whole text is searched. With it, only where an eligible candidate can be: at
    // least half of one is new text or the annotation's own mapped place. So the search scans the
    // place's surroundings, and those of each cluster of insertions (changes less than a candidate's
    // length apart) that holds enough new text to make up half a candidate; typo fixes alone never
    // do for a long quote. An essay's new version is mostly old text, so this is a small part of it.
    private static int FindEnds(in SearchRequest request, int budget, Span<ApproximateEnd> ends)
    {
        var text = request.Text;
        using var forward = new PatternMasks(request.Quote, reversed: false);
        if (request.Diff is null)
        {
            return BitParallelMatcher.FindEnds(forward, text, budget, ends);
        }

        var segments = request.Diff.Segments;
        var windows = ArrayPool<(int Start, int End)>.Shared.Rent(segments.Length + 1);
        try
        {
            var count = 0;
            foreach (var (start, end) in windows.AsSpan(0, Windows(request, budget, windows)))
            {
                var found = BitParallelMatcher.FindEnds(forward, text.AsSpan(start, end - start), budget, ends[count..]);
                if (found < 0)
                {
                    return -1;
                }

                for (var i = count; i < count + found; i++)
                {
                    ends[i] = ends[i] with { End = ends[i].End + start };
                }

                count += found;
            }

            return count;
        }
        finally
        {
            ArrayPool<(int, int)>.Shared.Return(windows);
        }
    }

    // The stretches of new text to scan, in order and apart: the annotation's own mapped place and
    // each cluster of insertions with enough new text, each widened by a candidate's length.
    private static int Windows(in SearchRequest request, int budget, (int Start, int End)[] windows)
    {
        var length = request.Text.Length;
        var reach = request.Quote.Length + budget;
        var enough = (request.Quote.Length - budget + 1) / 2;
        var own = (Math.Max(0, request.Expected - reach), Math.Min(length, request.MappedEnd + reach));
        var ownAdded = false;
        var count = 0;
        int clusterStart = -1, clusterEnd = -1, clusterNew = 0;
        var segments = request.Diff!.Segments;
        for (var i = 0; i <= segments.Length; i++)
        {
            var last = i == segments.Length;
            if (!last && (segments[i].Unchanged || segments[i].NewLength == 0))
            {
                continue;
            }

            if (!last && clusterStart >= 0 && segments[i].NewStart - clusterEnd <= reach)
            {
                clusterEnd = segments[i].NewEnd;
                clusterNew += segments[i].NewLength;
                continue;
            }

            if (clusterStart >= 0 && clusterNew >= enough)
            {
                var window = (Math.Max(0, clusterStart - reach), Math.Min(length, clusterEnd + reach));
                if (!ownAdded && own.Item1 <= window.Item1)
                {
                    count = Add(windows, count, own);
                    ownAdded = true;
                }

                count = Add(windows, count, window);
            }

            if (!last)
            {
                (clusterStart, clusterEnd, clusterNew) = (segments[i].NewStart, segments[i].NewEnd, segments[i].NewLength);
            }
        }

        return ownAdded ? count : Add(windows, count, own);
    }

    // Windows arrive in order of their starts; one that overlaps the last widens it.
    private static int Add((int Start, int End)[] windows, int count, (int Start, int End) window)
    {
        if (count > 0 && window.Start <= windows[count - 1].End)
        {
            windows[count - 1].End = Math.Max(windows[count - 1].End, window.End);
            return count;
        }

        windows[count] = window;
        return count + 1;
    }

    // With the old text known, a candidate made mostly of text that was already there, elsewhere, when
    // the reader selected the quote is another passage that happens to read the same: not ours.
    private static bool Eligible(in SearchRequest request, int start, int end) =>
        request.Diff is null || request.Diff.PreexistingElsewhere(start, end, request.OldStart, request.OldEnd) * 2 <= end - start;

    // An approximate match is what a look-alike is, so its surroundings must vouch for it: enough
    // context in all, and some on each side that has any (a span glued from the end of one passage
    // and the start of another agrees on one side only).
    private static bool Corroborated(in SearchRequest request, int before, int after) =>
        before + after >= Confidence.ApproximateContext
        && (before >= Confidence.ApproximateSideContext || request.Prefix.Length < Confidence.ApproximateSideContext)
        && (after >= Confidence.ApproximateSideContext || request.Suffix.Length < Confidence.ApproximateSideContext);

    private static int Evidence(in SearchRequest request, int start, int end, int distance, out int before, out int after)
    {
        var text = request.Text.AsSpan();
        var quote = Math.Clamp(request.Quote.Length - 2 * distance, 0, Confidence.QuoteCap);
        before = ContextAgreement.Before(request.Prefix, text[..start]);
        after = ContextAgreement.After(request.Suffix, text[end..]);
        var context = before + after;
        var away = Math.Abs(start - request.Expected);
        var position = away >= Confidence.PositionRadius ? 0 : Confidence.PositionMax * (Confidence.PositionRadius - away) / Confidence.PositionRadius;
        var pasted = distance == 0 && request.Diff is not null
            ? Math.Min(Confidence.QuoteCap, request.Diff.MovedStretchLength(request.OldStart, request.OldEnd, start))
            : 0;
        return quote + context + position + pasted;
    }

    private static AnchorResult Result(in SearchRequest request, int start, int end)
    {
        var found = request.Text.AsSpan(start, end - start);
        if (found.SequenceEqual(request.Quote))
        {
            var same = start == request.OriginalStart && end == request.OriginalEnd;
            return new AnchorResult(same ? AnchorStatus.Exact : AnchorStatus.Moved, start, end);
        }

        return new AnchorResult(TextComparison.SameWords(request.Quote, found) ? AnchorStatus.Moved : AnchorStatus.Fuzzy, start, end);
    }

    // The best acceptable candidate and the strongest of the others, acceptable or not: a look-alike
    // that may not win can still make the winner ambiguous.
    private struct Pick()
    {
        private int _best = int.MinValue;
        private int _rival = 0;

        public int Start { get; private set; } = -1;

        public int End { get; private set; } = -1;

        public readonly bool Confident => Start >= 0 && _best >= Confidence.Threshold && _best - _rival >= Confidence.Margin;

        public void Offer(int evidence, bool acceptable, int start, int end)
        {
            if (acceptable && evidence > _best)
            {
                if (Start >= 0)
                {
                    _rival = Math.Max(_rival, _best);
                }

                (_best, Start, End) = (evidence, start, end);
                return;
            }

            _rival = Math.Max(_rival, evidence);
        }
    }
}
