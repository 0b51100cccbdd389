namespace EssayReader.Annotations.Anchoring;

/// <summary>How an annotation made on one version of an essay was found in another.</summary>
public enum AnchorStatus
{
    /// <summary>The quote is where it was, at the same offsets.</summary>
    Exact,

    /// <summary>The quote reads the same (whitespace aside), at other offsets.</summary>
    Moved,

    /// <summary>The quoted words were edited a little; the span is where the edited words are now.</summary>
    Fuzzy,

    /// <summary>The quoted words are gone, or could not be told apart from look-alikes.</summary>
    Orphaned,
}
