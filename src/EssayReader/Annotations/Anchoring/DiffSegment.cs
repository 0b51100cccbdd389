namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// One stretch of a diff, in characters: text both versions share, or old text replaced by new text
/// (either side may be empty: a pure deletion or a pure insertion).
/// </summary>
internal readonly record struct DiffSegment(int OldStart, int OldLength, int NewStart, int NewLength, bool Unchanged)
{
    public int OldEnd => OldStart + OldLength;

    public int NewEnd => NewStart + NewLength;
}
