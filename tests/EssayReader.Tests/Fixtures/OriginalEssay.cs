using System.Globalization;
using System.Text.RegularExpressions;

namespace EssayReader.Tests.Fixtures;

/// <summary>A paragraph or section heading of the original body, as a reader of our page must see it.</summary>
/// <param name="IsHeading">True for a section heading, false for a paragraph.</param>
/// <param name="Text">
/// The block with each bracketed marker "[N]" replaced by "N", the way the rendered footnote reference
/// reads; trailing whitespace removed (it is not significant), everything else exactly as published.
/// </param>
/// <param name="References">The note numbers of the markers in the block, in order.</param>
public sealed record OriginalBlock(bool IsHeading, string Text, IReadOnlyList<int> References);

/// <summary>A note of the original.</summary>
/// <param name="Number">The number of its bracketed marker.</param>
/// <param name="Text">The note without its "[N] " marker, its parts rejoined by one space where a page break split it.</param>
public sealed record OriginalNote(int Number, string Text);

/// <summary>
/// The essay as originally published (<c>Fixtures/why-a-moscow-beijing-axis-is-unlikely.txt</c>): a
/// title line, the body (paragraphs and section headings, one per line), the notes ("[N] …", two of
/// them broken across a page break), and the site's two metadata lines, in Latvian.
/// </summary>
public sealed partial class OriginalEssay
{
    private static readonly string[] LatvianMonths =
        ["janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris"];

    private OriginalEssay(string title, List<OriginalBlock> body, List<OriginalNote> notes, DateOnly published, string author)
    {
        Title = title;
        Body = body;
        Notes = notes;
        Published = published;
        Author = author;
    }

    public string Title { get; }
    public IReadOnlyList<OriginalBlock> Body { get; }
    public IReadOnlyList<OriginalNote> Notes { get; }
    public DateOnly Published { get; }
    public string Author { get; }

    public IEnumerable<OriginalBlock> Headings => Body.Where(b => b.IsHeading);
    public IEnumerable<OriginalBlock> Paragraphs => Body.Where(b => !b.IsHeading);

    public static OriginalEssay Load(string fileName = "why-a-moscow-beijing-axis-is-unlikely.txt")
    {
        var lines = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName))
            .ReplaceLineEndings("\n")
            .Split('\n')
            .Select(line => line.TrimEnd())
            .Where(line => line.Length > 0)
            .ToList();

        var title = lines[0];
        var body = new List<OriginalBlock>();
        var notes = new List<OriginalNote>();
        DateOnly? published = null;
        string? author = null;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("Publicēts ", StringComparison.Ordinal))
            {
                published = ParseLatvianDate(line["Publicēts ".Length..]);
            }
            else if (line.StartsWith("Autors ", StringComparison.Ordinal))
            {
                author = line["Autors ".Length..];
            }
            else if (NoteStart().Match(line) is { Success: true } start)
            {
                notes.Add(new OriginalNote(int.Parse(start.Groups["n"].Value, CultureInfo.InvariantCulture), start.Groups["text"].Value));
            }
            else if (notes.Count > 0)
            {
                // The rest of a note that a page break cut in two.
                notes[^1] = notes[^1] with { Text = notes[^1].Text + " " + line };
            }
            else
            {
                var references = Marker().Matches(line).Select(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();
                body.Add(new OriginalBlock(IsHeading(line), Marker().Replace(line, "${n}"), references));
            }
        }

        return new OriginalEssay(
            title,
            body,
            notes,
            published ?? throw new InvalidDataException("the original has no 'Publicēts' line"),
            author ?? throw new InvalidDataException("the original has no 'Autors' line"));
    }

    // A section heading is a short line that does not end a sentence.
    private static bool IsHeading(string line) => line.Length < 80 && !".!?”\")".Contains(line[^1], StringComparison.Ordinal);

    // "30. jūnijs, 2014"
    private static DateOnly ParseLatvianDate(string text)
    {
        var match = LatvianDate().Match(text);
        if (!match.Success)
        {
            throw new InvalidDataException($"not a Latvian date: '{text}'");
        }

        var month = Array.IndexOf(LatvianMonths, match.Groups["month"].Value) + 1;
        return new DateOnly(
            int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture),
            month,
            int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^\[(?<n>\d+)\] (?<text>.*)$")]
    private static partial Regex NoteStart();

    [GeneratedRegex(@"\[(?<n>\d+)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?<d>\d{1,2})\. (?<month>\p{L}+), (?<y>\d{4})$")]
    private static partial Regex LatvianDate();
}
