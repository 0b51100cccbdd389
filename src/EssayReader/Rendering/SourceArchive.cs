using System.Globalization;
using System.Text.RegularExpressions;

namespace EssayReader.Rendering;

/// <summary>
/// Addresses of archived copies of cited web pages. The short links of 2014 have mostly died, so
/// every web link in an essay also leads to the Wayback Machine: to the capture nearest the date the
/// note says the page was read, or to the list of all captures when the note gives no date.
/// </summary>
public static partial class SourceArchive
{
    private const string Wayback = "https://web.archive.org/web/";

    private static readonly string[] NamedDateFormats = ["d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "MMM d, yyyy"];

    /// <summary>The Wayback Machine address for <paramref name="url"/>, read on <paramref name="accessed"/> when known.</summary>
    public static string ArchiveUrl(string url, DateOnly? accessed) =>
        accessed is { } date
            ? $"{Wayback}{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{url}"
            : $"{Wayback}*/{url}";

    /// <summary>True for links that need no archived copy: archives themselves and persistent identifiers.</summary>
    public static bool IsPersistent(Uri uri) =>
        uri.Host is "web.archive.org" or "archive.org" or "doi.org" or "dx.doi.org" or "hdl.handle.net";

    /// <summary>
    /// The access date a citation gives, as in "(Accessed 28.06.2014)", "accessed 2014-06-28" or
    /// "Accessed 28 June 2014"; day-first when written with dots or slashes, as in the essays we host.
    /// </summary>
    public static DateOnly? FindAccessDate(string citation)
    {
        var match = AccessedPattern().Match(citation);
        if (!match.Success)
        {
            return null;
        }

        var text = match.Groups["date"].Value.Trim().TrimEnd('.', ',', ')');
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
        {
            return iso;
        }

        var numeric = DayFirstPattern().Match(text);
        if (numeric.Success)
        {
            var day = int.Parse(numeric.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(numeric.Groups["m"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(numeric.Groups["y"].Value, CultureInfo.InvariantCulture);
            // DaysInMonth throws for a year 0, which would take the whole essay (and catalogue) down with it.
            return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                ? new DateOnly(year, month, day)
                : null;
        }

        return DateOnly.TryParseExact(text, NamedDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var named)
            ? named
            : null;
    }

    [GeneratedRegex(@"\baccessed(?:\s+on)?\s*:?\s*(?<date>\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},\s+\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessedPattern();

    [GeneratedRegex(@"^(?<d>\d{1,2})[./](?<m>\d{1,2})[./](?<y>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DayFirstPattern();
}
