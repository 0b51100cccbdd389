namespace EssayReader.Essays;

/// <summary>
/// One version of an essay's canonical text, as first served. Annotations keep the version they were
/// made on; with every version's text kept here, an annotation can be carried through each edit.
/// </summary>
public sealed class EssayVersion
{
    public required string Slug { get; init; }

    /// <summary>The short SHA-256 of <see cref="Text"/> (<see cref="CanonicalText.VersionOf"/>).</summary>
    public required string Version { get; init; }

    public required string Text { get; init; }

    public required DateTime FirstSeenUtc { get; init; }
}
