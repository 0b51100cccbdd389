namespace EssayReader.Annotations.Anchoring;

/// <summary>Step 2 of re-anchoring: reads the span the diff maps the annotation to.</summary>
internal static class MappedSpan
{
    /// <summary>
    /// Anchors the quote at new [<paramref name="start"/>, <paramref name="end"/>) when that span reads
    /// it exactly or with other whitespace; or, when it reads it within
    /// <see cref="Confidence.ErrorBudget"/> edits, at the best alignment of the quote within that
    /// budget around it. The diff vouches for the place, but not for the edges of a reworded quote:
    /// the diff may hand a shared full stop or word at the edge to a neighbouring change.
    /// </summary>
    public static bool TryRead(string quote, string text, int start, int end, int originalStart, int originalEnd, out AnchorResult result)
    {
        result = AnchorResult.Orphaned;
        var span = text.AsSpan(start, end - start);
        if (span.SequenceEqual(quote))
        {
            result = new AnchorResult(start == originalStart && end == originalEnd ? AnchorStatus.Exact : AnchorStatus.Moved, start, end);
            return true;
        }

        if (TextComparison.SameWords(quote, span))
        {
            result = new AnchorResult(AnchorStatus.Moved, start, end);
            return true;
        }

        // A span much longer than the quote is a whole rewritten passage, not the quote reworded;
        // looking for the quote inside it belongs to the search, which weighs context.
        var budget = Confidence.ErrorBudget(quote.Length);
        if (budget == 0 || span.IsEmpty || span.Length > quote.Length + 2 * budget)
        {
            return false;
        }

        var mappedDistance = EditDistance.Bounded(quote, span, budget);
        var (nearStart, nearEnd, nearDistance) = BestNearby(quote, text, start, end, budget);
        if (nearDistance <= budget && nearDistance < mappedDistance)
        {
            (start, end) = (nearStart, nearEnd);
        }
        else if (mappedDistance > budget)
        {
            return false;
        }

        var found = text.AsSpan(start, end - start);
        result = new AnchorResult(TextComparison.SameWords(quote, found) ? AnchorStatus.Moved : AnchorStatus.Fuzzy, start, end);
        return true;
    }

    // The alignment of the quote with the fewest edits that overlaps the mapped span, within the
    // budget's reach of it; (0, 0, budget + 1) when there is none.
    private static (int Start, int End, int Distance) BestNearby(string quote, string text, int start, int end, int budget)
    {
        var none = (0, 0, budget + 1);
        var from = Math.Max(0, start - budget);
        var to = Math.Min(text.Length, end + budget);
        Span<ApproximateEnd> ends = stackalloc ApproximateEnd[8];
        int count;
        using (var forward = new PatternMasks(quote, reversed: false))
        {
            count = BitParallelMatcher.FindEnds(forward, text.AsSpan(from, to - from), budget, ends);
        }

        if (count <= 0)
        {
            return none;
        }

        var best = ApproximateEnd.None;
        foreach (var found in ends[..count])
        {
            if (found.Distance < best.Distance)
            {
                best = found;
            }
        }

        using var backward = new PatternMasks(quote, reversed: true);
        var foundEnd = from + best.End;
        var (foundStart, distance) = BitParallelMatcher.FindStart(backward, text, foundEnd, Math.Min(foundEnd - from, quote.Length + budget));
        return distance <= budget && foundEnd > start && foundStart < end ? (foundStart, foundEnd, distance) : none;
    }
}
