namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// What step 3 looks for: <paramref name="Quote"/> in <paramref name="Text"/>, with the context expected
/// around it, near <paramref name="Expected"/> (the diff's mapped position, or the old offset when the
/// old text is unknown). With a <paramref name="Diff"/>, old [<paramref name="OldStart"/>,
/// <paramref name="OldEnd"/>) is the annotation's span in the diff's old text and
/// [<paramref name="Expected"/>, <paramref name="MappedEnd"/>) the span the diff maps it to.
/// </summary>
internal readonly ref struct SearchRequest(
    string Quote,
    string Text,
    ReadOnlySpan<char> Prefix,
    ReadOnlySpan<char> Suffix,
    int Expected,
    int MappedEnd,
    int OriginalStart,
    int OriginalEnd,
    VersionDiff? Diff,
    int OldStart,
    int OldEnd)
{
    public string Quote { get; } = Quote;
    public string Text { get; } = Text;
    public ReadOnlySpan<char> Prefix { get; } = Prefix;
    public ReadOnlySpan<char> Suffix { get; } = Suffix;
    public int Expected { get; } = Expected;
    public int MappedEnd { get; } = MappedEnd;

    /// <summary>The annotation's offsets when it was made: finding the quote there again is <see cref="AnchorStatus.Exact"/>.</summary>
    public int OriginalStart { get; } = OriginalStart;
    public int OriginalEnd { get; } = OriginalEnd;
    public VersionDiff? Diff { get; } = Diff;
    public int OldStart { get; } = OldStart;
    public int OldEnd { get; } = OldEnd;
}
