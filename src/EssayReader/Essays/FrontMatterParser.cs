using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EssayReader.Essays;

/// <summary>Reads the YAML front matter of an essay and checks every field an essay page needs.</summary>
public static class FrontMatterParser
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
        try
        {
            _ = CultureInfo.GetCultureInfo(language, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            throw new EssayFormatException($"front matter 'language' must be a language tag like en or lv, not '{language}'");
        }

        return new EssayFrontMatter(raw.Title!.Trim(), raw.Author!.Trim(), published, language, raw.Summary!.Trim());
    }

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
