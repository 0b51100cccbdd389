namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// Finds an annotation made on one version of an essay in another version (issue 4), in order:
/// (1) the same text: exactly where it was; (2) the span the diff maps it to, when that reads the quote,
/// or reads it within a small edit; (3) the quote searched in the whole new text, exact occurrences
/// first, then approximate ones within an error budget, each weighed by its context, its closeness to
/// the mapped position and whether it was cut and pasted there; (4) anything not clearly right is
/// orphaned, since a wrong anchor is worse than an orphan. Pure and thread-safe.
/// </summary>
public static class Reanchorer
{
    /// <summary>
    /// Anchors <paramref name="target"/>, whose selectors (Exact, Prefix, Suffix, Start, End) were made
    /// over <see cref="VersionDiff.OldText"/>, in <see cref="VersionDiff.NewText"/>. A target whose
    /// position does not read its quote in the old text is searched for by quote alone.
    /// </summary>
    public static AnchorResult Anchor(TextTarget target, VersionDiff diff)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(diff);
        var quote = target.Exact;
        if (quote.Length == 0)
        {
            return AnchorResult.Orphaned;
        }

        var oldText = diff.OldText;
        if (target.Start < 0 || target.End > oldText.Length || target.End - target.Start != quote.Length
            || !oldText.AsSpan(target.Start, quote.Length).SequenceEqual(quote))
        {
            return Anchor(target, diff.NewText);
        }

        if (diff.IsIdentical)
        {
            return new AnchorResult(AnchorStatus.Exact, target.Start, target.End);
        }

        var newText = diff.NewText;
        var start = diff.MapStart(target.Start);
        var end = diff.MapEnd(target.End);
        if (MappedSpan.TryRead(quote, newText, start, end, target.Start, target.End, out var mapped))
        {
            return mapped;
        }

        // The old text gives more context than the stored selectors' 32 characters a side.
        var prefix = oldText.AsSpan(Math.Max(0, target.Start - Confidence.ContextLength), Math.Min(target.Start, Confidence.ContextLength));
        var suffix = oldText.AsSpan(target.End, Math.Min(oldText.Length - target.End, Confidence.ContextLength));
        return QuoteSearch.Find(new SearchRequest(quote, newText, prefix, suffix, start, end, target.Start, target.End, diff, target.Start, target.End));
    }

    /// <summary>
    /// Anchors <paramref name="target"/> in <paramref name="newText"/> when the text it was made on is
    /// unknown: no diff, only the quote searched with its stored context, near its old offset.
    /// </summary>
    public static AnchorResult Anchor(TextTarget target, string newText)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(newText);
        if (target.Exact.Length == 0)
        {
            return AnchorResult.Orphaned;
        }

        var expected = Math.Clamp(target.Start, 0, newText.Length);
        return QuoteSearch.Find(new SearchRequest(target.Exact, newText, target.Prefix, target.Suffix, expected, expected, target.Start, target.End, null, 0, 0));
    }
}
