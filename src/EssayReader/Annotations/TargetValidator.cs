using EssayReader.Essays;

namespace EssayReader.Annotations;

/// <summary>
/// Checks a reader's selection against the essay's canonical text, as the server owns that text:
/// the quote must be found at its position, or near it (a page and the server can disagree by a few
/// characters only if something is wrong, so "near" is tight). The stored context (prefix and
/// suffix) is cut from the server's text, never taken from the client.
/// </summary>
public static class TargetValidator
{
    /// <summary>How far from the given position (in UTF-16 code units) a quote may be found.</summary>
    public const int SearchRadius = 64;

    public static TargetCheck Check(Essay essay, string exact, string? prefix, string? suffix, int start, int end) =>
        Check(essay.Text, essay.Version, exact, prefix, suffix, start, end);

    public static TargetCheck Check(string text, string version, string exact, string? prefix, string? suffix, int start, int end)
    {
        if (exact.Length == 0)
        {
            return TargetCheck.Failed("The quote (TextQuoteSelector.exact) is empty.");
        }

        // A position a little past the end is "near" like any other: a quote that ends the text, off
        // by a few characters, must be found there too. Only a position no quote could be near is outside.
        if (start < 0 || start >= end || start > text.Length + SearchRadius)
        {
            return TargetCheck.Failed($"The position {start}-{end} is outside the essay's text, which has {text.Length} characters.");
        }

        var atPosition = end <= text.Length && text.AsSpan(start, end - start).SequenceEqual(exact);
        var found = atPosition ? start : FindNear(text, exact, prefix, suffix, start);
        if (found < 0)
        {
            return TargetCheck.Failed($"The quote was not found at or near position {start} of the essay's current text. Reload the essay and select the passage again.");
        }

        return TargetCheck.Succeeded(At(text, version, found, found + exact.Length));
    }

    /// <summary>A target for the span [start, end) of <paramref name="text"/>, with its context cut from the text.</summary>
    public static TextTarget At(string text, string version, int start, int end)
    {
        var context = AnnotationLimits.ContextLength;
        var prefixStart = Math.Max(0, start - context);
        var suffixEnd = Math.Min(text.Length, end + context);
        return new TextTarget(
            text[start..end],
            text[prefixStart..start],
            text[end..suffixEnd],
            start,
            end,
            version);
    }

    // Of the occurrences starting within the radius, the one whose context agrees best with what the
    // client saw, then the closest: a quote that appears several times in the essay must not jump to
    // a look-alike elsewhere.
    private static int FindNear(string text, string exact, string? prefix, string? suffix, int start)
    {
        var from = Math.Max(0, start - SearchRadius);
        var to = Math.Min(text.Length - exact.Length, start + SearchRadius);
        var best = -1;
        var bestScore = int.MinValue;
        for (var at = from; at <= to; at++)
        {
            at = text.IndexOf(exact, at, to - at + exact.Length, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            var score = (CommonSuffix(text.AsSpan(0, at), prefix) + CommonPrefix(text.AsSpan(at + exact.Length), suffix)) * 4
                - Math.Abs(at - start);
            if (score > bestScore)
            {
                (best, bestScore) = (at, score);
            }
        }

        return best;
    }

    private static int CommonSuffix(ReadOnlySpan<char> before, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return 0;
        }

        var n = 0;
        while (n < before.Length && n < prefix.Length && before[^(n + 1)] == prefix[^(n + 1)])
        {
            n++;
        }

        return n;
    }

    private static int CommonPrefix(ReadOnlySpan<char> after, string? suffix)
    {
        if (string.IsNullOrEmpty(suffix))
        {
            return 0;
        }

        var n = 0;
        while (n < after.Length && n < suffix.Length && after[n] == suffix[n])
        {
            n++;
        }

        return n;
    }
}

/// <summary>The outcome of <see cref="TargetValidator.Check(string, string, string, string?, string?, int, int)"/>: a target, or why there is none.</summary>
public sealed record TargetCheck(TextTarget? Target, string? Error)
{
    public static TargetCheck Succeeded(TextTarget target) => new(target, null);

    public static TargetCheck Failed(string error) => new(null, error);
}
