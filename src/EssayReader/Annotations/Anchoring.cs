using EssayReader.Essays;

namespace EssayReader.Annotations;

/// <summary>
/// Where an annotation's words are in the essay's current version. An annotation made on the current
/// version is exactly where it was made. One made on an earlier version is looked for by its quote:
/// still at its position, or elsewhere only when the quote occurs exactly once in the current text
/// (a quote that now occurs twice is ambiguous, and a wrong anchor is worse than an orphan).
/// </summary>
public static class Anchoring
{
    public static AnchorDocument Resolve(TextTarget target, string? oldText, Essay essay)
    {
        if (target.EssayVersion == essay.Version)
        {
            return new AnchorDocument("exact", target.Start, target.End);
        }

        var text = essay.Text;
        if (target.End <= text.Length && text.AsSpan(target.Start, target.End - target.Start).SequenceEqual(target.Exact))
        {
            return new AnchorDocument("exact", target.Start, target.End);
        }

        var first = text.IndexOf(target.Exact, StringComparison.Ordinal);
        if (first >= 0 && text.IndexOf(target.Exact, first + 1, StringComparison.Ordinal) < 0)
        {
            return new AnchorDocument("moved", first, first + target.Exact.Length);
        }

        return new AnchorDocument("orphaned", null, null);
    }
}
