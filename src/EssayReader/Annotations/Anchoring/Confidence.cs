namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// The budgets and thresholds of re-anchoring, in one place. Evidence for a candidate is counted in
/// characters that agree: the quote's own (less two per edit), the context's on either side, a little
/// for being near where the quote was expected, and the length of a stretch that was moved with it. A wrong anchor is worse than an orphan, so a candidate must earn a full
/// <see cref="Threshold"/> and stand clear of every other by <see cref="Margin"/>.
/// </summary>
internal static class Confidence
{
    /// <summary>
    /// Evidence needed to anchor: as much as a 64-character quote found exactly. A shorter quote
    /// needs its context too, so a name or a phrase that merely recurs in new text ("Beijing", "a
    /// thinly veiled retaliatory political message") does not capture an annotation whose passage was deleted.
    /// </summary>
    public const int Threshold = 64;

    /// <summary>What the best candidate must have over the next one: two equally good places are an ambiguity, and ambiguity orphans.</summary>
    public const int Margin = 16;

    /// <summary>The most a quote counts for itself: beyond a sentence, length adds no certainty that context would not.</summary>
    public const int QuoteCap = 64;

    /// <summary>Characters of context compared on each side when the old text is known (the stored selectors hold 32).</summary>
    public const int ContextLength = 64;

    /// <summary>
    /// Context an approximate match must have on top of its quote. An approximate match of a sentence
    /// is just what a look-alike sentence is; only its surroundings can show it is the same passage.
    /// </summary>
    public const int ApproximateContext = 24;

    /// <summary>Context an approximate match must have on each side that has any to compare.</summary>
    public const int ApproximateSideContext = 8;

    /// <summary>Evidence for a candidate at exactly the expected position; it falls to 0 at <see cref="PositionRadius"/> away.</summary>
    public const int PositionMax = 16;

    public const int PositionRadius = 256;

    /// <summary>Quotes shorter than this are never searched approximately: a few letters within a few edits match all over any text.</summary>
    public const int ApproximateMinLength = 10;

    /// <summary>Approximate candidates beyond this many mean the quote is too common to place.</summary>
    public const int MaxCandidates = 64;

    /// <summary>
    /// Edits a quote may have undergone and still be the reader's words: a quarter of it (optimal
    /// string alignment for short quotes, so "spilt" fixed to "split" is one edit; Levenshtein for
    /// long ones). The same budget serves the diff's mapped span and the search: the diff vouches
    /// for a place, not for words, and anything reworded more than this is another passage, however
    /// it got there.
    /// </summary>
    public static int ErrorBudget(int quoteLength) => quoteLength / 4;
}
