using System.Globalization;
using System.Text.RegularExpressions;

namespace EssayReader.Tests.Fixtures;

/// <summary>A hostile comment: its number in the corpus (from 1), the kind of attack, and the Markdown a reader would post.</summary>
public sealed record XssVector(int Number, string Category, string Markdown)
{
    /// <summary>The body the API keeps: what was posted, without surrounding white space.</summary>
    public string StoredMarkdown => Markdown.Trim();

    public override string ToString() => $"#{Number} ({Category}): {Markdown.Replace("\n", "⏎", StringComparison.Ordinal)}";
}

/// <summary>
/// Markdown written to run script in another reader's browser: <c>Fixtures/xss-vectors.txt</c> (written
/// by hand, by kind of attack; the file's header gives its format), then every dangerous scheme spelt
/// in every encoding, in every Markdown form that takes an address. Each vector appears once.
/// </summary>
public static partial class XssCorpus
{
    public const string FileName = "xss-vectors.txt";

    public const string GeneratedCategory = "encoded schemes in Markdown addresses (generated)";

    private const string CategoryPrefix = "%% category:";

    // What runs (or renders a page that runs) when a browser follows the address, and the rest of the address.
    private static readonly (string Scheme, string Remainder)[] Addresses =
    [
        ("javascript", "alert(1);top.__xss=1"),
        ("vbscript", "msgbox(1)"),
        ("data", "text/html,<script>alert(1);top.__xss=1</script>"),
        ("data", "text/html;base64,PHNjcmlwdD5hbGVydCgxKTt0b3AuX194c3M9MTwvc2NyaXB0Pg=="),
        ("data", "image/svg+xml,<svg/onload=alert(1);top.__xss=1>"),
    ];

    // Ways to spell "scheme:" that an HTML or URL parser may still read as the scheme.
    private static readonly Func<string, string>[] SchemeSpellings =
    [
        s => s + ":",
        s => s.ToUpperInvariant() + ":",
        s => string.Concat(s.Select((c, i) => i % 2 == 0 ? c : char.ToUpperInvariant(c))) + ":",
        s => $"&#{(int)s[0]};{s[1..]}:",
        s => string.Concat((s + ":").Select(c => $"&#{(int)c};")),
        s => string.Concat((s + ":").Select(c => $"&#x{(int)c:x};")),
        s => $"&#{(int)s[0]:D7};{s[1..]}:",
        s => s + "&colon;",
        s => s + "&#58;",
        s => s + "%3A",
        s => $"%{(int)s[0]:X2}{s[1..]}:",
        s => s[..2] + "&Tab;" + s[2..] + ":",
        s => s[..2] + "&NewLine;" + s[2..] + ":",
        s => "&#32;" + s + ":",
        s => "&#1;" + s + ":",
        s => s + "\\:",
        s => s[..2] + "\u200B" + s[2..] + ":",
    ];

    // The Markdown forms that carry an address.
    private static readonly Func<string, string>[] AddressForms =
    [
        url => $"[x]({url})",
        url => $"![x]({url})",
        url => $"[x][r]\n\n[r]: {url}",
        url => $"<{url}>",
    ];

    /// <summary>Every vector, the file's first, in order.</summary>
    public static IReadOnlyList<XssVector> All { get; } = Load();

    private static List<XssVector> Load()
    {
        var vectors = new List<XssVector>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string category, string markdown)
        {
            if (seen.Add(markdown))
            {
                vectors.Add(new XssVector(vectors.Count + 1, category, markdown));
            }
        }

        var category = "uncategorised";
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", FileName)))
        {
            if (line.StartsWith(CategoryPrefix, StringComparison.Ordinal))
            {
                category = line[CategoryPrefix.Length..].Trim();
            }
            else if (line.Length > 0 && !line.StartsWith("%%", StringComparison.Ordinal))
            {
                Add(category, Unescape(line));
            }
        }

        foreach (var (scheme, remainder) in Addresses)
        {
            foreach (var spell in SchemeSpellings)
            {
                foreach (var form in AddressForms)
                {
                    Add(GeneratedCategory, form(spell(scheme) + remainder));
                }
            }
        }

        return vectors;
    }

    // "⏎" is a line feed; "{U+XXXX}" is that UTF-16 code unit (two make a surrogate pair).
    private static string Unescape(string line) =>
        CodeUnit().Replace(line.Replace("⏎", "\n", StringComparison.Ordinal),
            m => ((char)int.Parse(m.Groups["hex"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    [GeneratedRegex(@"\{U\+(?<hex>[0-9A-Fa-f]{4})\}")]
    private static partial Regex CodeUnit();
}
