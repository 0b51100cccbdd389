namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// Where an annotation is in the newer text: [<paramref name="Start"/>, <paramref name="End"/>) in
/// UTF-16 code units. Start and End mean nothing when <paramref name="Status"/> is
/// <see cref="AnchorStatus.Orphaned"/> (both are 0).
/// </summary>
public readonly record struct AnchorResult(AnchorStatus Status, int Start, int End)
{
    public static AnchorResult Orphaned => new(AnchorStatus.Orphaned, 0, 0);

    public bool IsAnchored => Status != AnchorStatus.Orphaned;
}
