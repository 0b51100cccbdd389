using EssayReader.Annotations;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>Targets cut from a text as the API cuts them (quote, 32 characters of context a side, offsets).</summary>
internal static class Targets
{
    public static TextTarget Of(string text, string phrase, int occurrence = 0)
    {
        var at = -1;
        for (var seen = 0; seen <= occurrence; seen++)
        {
            at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{phrase}' occurs fewer than {occurrence + 1} times");
        }

        return TargetValidator.At(text, "old", at, at + phrase.Length);
    }

    /// <summary>Where <paramref name="phrase"/> is in <paramref name="text"/>, as [start, end).</summary>
    public static (int Start, int End) Span(string text, string phrase, int occurrence = 0)
    {
        var target = Of(text, phrase, occurrence);
        return (target.Start, target.End);
    }
}
