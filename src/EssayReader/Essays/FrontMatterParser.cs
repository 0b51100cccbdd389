using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EssayReader.Essays;

/// <summary>Reads the YAML front matter of an essay and checks every field an essay page needs.</summary>
public static partial class FrontMatterParser
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static EssayFrontMatter Parse(string yaml)
    {
        RawFrontMatter? raw;
        try
        {
            raw = Yaml.Deserialize<RawFrontMatter?>(yaml);
        }
        catch (YamlException ex)
        {
            throw new EssayFormatException(
                $"front matter is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        if (raw is null)
        {
            throw new EssayFormatException("front matter is empty");
        }

        var missing = new List<string>();
        Require(raw.Title, "title", missing);
        Require(raw.Author, "author", missing);
        Require(raw.Published, "published", missing);
        Require(raw.Summary, "summary", missing);
        if (missing.Count > 0)
        {
            throw new EssayFormatException($"front matter is missing {string.Join(", ", missing)}");
        }

        if (!DateOnly.TryParseExact(raw.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var published))
        {
            throw new EssayFormatException($"front matter 'published' must be a date like 2014-06-30, not '{raw.Published}'");
        }

        var language = string.IsNullOrWhiteSpace(raw.Language) ? "en" : raw.Language.Trim();
        if (!LanguageTag().IsMatch(language))
        {
            throw new EssayFormatException($"front matter 'language' must be a language tag like en or lv, not '{language}'");
        }

        return new EssayFrontMatter(raw.Title!.Trim(), raw.Author!.Trim(), published, language, raw.Summary!.Trim());
    }

    // The tag goes into <html lang>, which asks for a well-formed BCP 47 tag (RFC 5646, section 2.1):
    // checked by its grammar, since the app runs without ICU's list of cultures (InvariantGlobalization).
    // Only ISO 639 primary subtags (two or three letters) are taken, so a word such as "english" is not.
    [GeneratedRegex("""
        ^[a-z]{2,3}(-[a-z]{3}){0,3}      # language, extended language subtags
        (-[a-z]{4})?                      # script
        (-([a-z]{2}|[0-9]{3}))?           # region
        (-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*   # variants
        (-[0-9a-wyz](-[a-z0-9]{2,8})+)*   # extensions
        (-x(-[a-z0-9]{1,8})+)?$           # private use
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    private static void Require(string? value, string name, List<string> missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            missing.Add(name);
        }
    }

    // YamlDotNet fills this by reflection; every field is optional here so that a missing one gets our own message.
    private sealed class RawFrontMatter
    {
        public string? Title { get; set; }
        public string? Author { get; set; }
        public string? Published { get; set; }
        public string? Language { get; set; }
        public string? Summary { get; set; }
    }
}
