using System.Text.RegularExpressions;

namespace EssayReader.Essays;

/// <summary>What an essay slug may look like: lower-case words of a-z and digits joined by single hyphens.</summary>
public static partial class SlugRules
{
    public const int MaxLength = 120;

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
