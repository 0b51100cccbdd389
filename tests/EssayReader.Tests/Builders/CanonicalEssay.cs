using System.Text.Json;

namespace EssayReader.Tests.Builders;

/// <summary>
/// An essay's canonical text and version as <c>GET /api/essays/{slug}</c> serves them: what a page
/// counts its offsets in, and so what every test target is built from.
/// </summary>
public sealed record CanonicalEssay(string Slug, string Version, string Text)
{
    public static async Task<CanonicalEssay> GetAsync(HttpClient client, string slug = EssayReaderFactory.EssaySlug)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/essays/{slug}"));
        var root = document.RootElement;
        return new CanonicalEssay(
            root.GetProperty("slug").GetString()!,
            root.GetProperty("version").GetString()!,
            root.GetProperty("text").GetString()!);
    }

    /// <summary>Where the <paramref name="occurrence"/>-th (from 0) appearance of <paramref name="phrase"/> starts.</summary>
    public int IndexOf(string phrase, int occurrence = 0)
    {
        var at = -1;
        for (var seen = 0; seen <= occurrence; seen++)
        {
            at = Text.IndexOf(phrase, at + 1, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ArgumentException($"'{phrase}' occurs {seen} times in {Slug}, not {occurrence + 1}.", nameof(phrase));
            }
        }

        return at;
    }

    /// <summary>How many times <paramref name="phrase"/> occurs in the text (overlapping occurrences included).</summary>
    public int Occurrences(string phrase)
    {
        var count = 0;
        for (var at = Text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = Text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
