using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace EssayReader.Rendering;

/// <summary>One span of the canonical text to mark: an annotation's resolved anchor.</summary>
public sealed record MarkSpan(Guid Id, int Start, int End, string Color, bool IsComment, bool IsMine, string Label);

/// <summary>
/// Draws annotations into the essay's body HTML on the server, so the page shows them with script off
/// and the script finds them already drawn. Only <c>&lt;mark&gt;</c> tags are added, each around one
/// piece of text and never across an element boundary, so the root's text (what offsets count in) is
/// unchanged; where annotations overlap their marks nest, longest outermost, as the script nests them.
/// </summary>
public static class MarkedHtml
{
    private static readonly ConditionalWeakTable<string, TextMap> Maps = [];

    public static string Insert(string html, IReadOnlyCollection<MarkSpan> spans)
    {
        if (spans.Count == 0)
        {
            return html;
        }

        var map = Maps.GetValue(html, TextMap.Build);
        var boundaries = new SortedSet<int>();
        foreach (var span in spans)
        {
            boundaries.Add(span.Start);
            boundaries.Add(span.End);
        }

        // A sweep in text order: spans join the active set at their start and leave at their end;
        // the set is ordered longest first, so that shorter spans nest inside longer ones.
        var byStart = spans.Where(s => s.End > s.Start).OrderBy(s => s.Start).ToList();
        var next = 0;
        var active = new SortedSet<MarkSpan>(Comparer<MarkSpan>.Create(static (a, b) =>
            (b.End - b.Start).CompareTo(a.End - a.Start) is var byLength and not 0 ? byLength : a.Id.CompareTo(b.Id)));
        var ends = new PriorityQueue<MarkSpan, int>();
        var opened = new HashSet<Guid>();
        var output = new StringBuilder(html.Length + (spans.Count * 96));
        var copied = 0;
        foreach (var run in map.Runs)
        {
            var pieceStart = run.TextStart;
            var inside = run.TextEnd - run.TextStart >= 2 ? boundaries.GetViewBetween(run.TextStart + 1, run.TextEnd - 1) : [];
            foreach (var cut in inside.Append(run.TextEnd))
            {
                while (next < byStart.Count && byStart[next].Start <= pieceStart)
                {
                    active.Add(byStart[next]);
                    ends.Enqueue(byStart[next], byStart[next].End);
                    next++;
                }

                while (ends.TryPeek(out var ending, out var end) && end <= pieceStart)
                {
                    active.Remove(ending);
                    ends.Dequeue();
                }
                if (active.Count > 0 && cut > pieceStart && !run.IsBlockWhitespace)
                {
                    var from = run.HtmlIndex(pieceStart);
                    var to = run.HtmlIndex(cut);
                    output.Append(html, copied, from - copied);
                    foreach (var span in active)
                    {
                        OpenMark(output, span, isFirstPiece: opened.Add(span.Id));
                    }

                    output.Append(html, from, to - from);
                    output.Insert(output.Length, "</mark>", active.Count);
                    copied = to;
                }

                pieceStart = cut;
            }
        }

        output.Append(html, copied, html.Length - copied);
        return output.ToString();
    }

    private static void OpenMark(StringBuilder output, MarkSpan span, bool isFirstPiece)
    {
        output.Append("<mark class=\"annotation-mark");
        if (span.IsComment)
        {
            output.Append(" has-comment");
        }

        if (span.IsMine)
        {
            output.Append(" is-mine");
        }

        output.Append("\" data-annotation-id=\"").Append(span.Id).Append("\" data-color=\"").Append(WebUtility.HtmlEncode(span.Color)).Append('"');
        if (isFirstPiece)
        {
            // The permalink target, and one stop in the tab order per annotation.
            output.Append(" id=\"annotation-").Append(span.Id).Append("\" tabindex=\"0\" aria-label=\"").Append(WebUtility.HtmlEncode(span.Label)).Append('"');
        }

        output.Append('>');
    }

    /// <summary>Where each run of text of the HTML lies, in the HTML string and in the canonical text.</summary>
    private sealed class TextMap
    {
        public required List<TextRun> Runs { get; init; }

        public static TextMap Build(string html)
        {
            var runs = new List<TextRun>();
            var text = 0;
            var i = 0;
            while (i < html.Length)
            {
                if (html[i] == '<')
                {
                    // Tags, comments and the like: AngleSharp's serializer escapes '>' in attribute values
                    // only as part of quoted strings, so scan to the closing '>' outside quotes.
                    i = EndOfTag(html, i);
                    continue;
                }

                var offsets = new List<int>();
                while (i < html.Length && html[i] != '<')
                {
                    offsets.Add(i);
                    i = html[i] == '&' ? EndOfEntity(html, i) : i + 1;
                }

                offsets.Add(i);
                var length = offsets.Count - 1;
                // Markdig puts a line break between blocks; a mark there would be an empty box between paragraphs.
                var blockWhitespace = html.AsSpan(offsets[0], i - offsets[0]).IndexOfAnyExcept(" \t\r\n") < 0 && html.AsSpan(offsets[0], i - offsets[0]).Contains('\n');
                runs.Add(new TextRun(text, text + length, [.. offsets], blockWhitespace));
                text += length;
            }

            return new TextMap { Runs = runs };
        }

        private static int EndOfTag(string html, int at)
        {
            if (string.CompareOrdinal(html, at, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", at + 4, StringComparison.Ordinal);
                return end < 0 ? html.Length : end + 3;
            }

            var quote = '\0';
            for (var i = at + 1; i < html.Length; i++)
            {
                var c = html[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == '>')
                {
                    return i + 1;
                }
            }

            return html.Length;
        }

        // One character of text per entity: the serializer writes &amp; &lt; &gt; &nbsp; and numeric ones.
        private static int EndOfEntity(string html, int at)
        {
            var semicolon = html.IndexOf(';', at);
            return semicolon > at && semicolon - at <= 10 ? semicolon + 1 : at + 1;
        }
    }

    /// <summary>A run of text between tags: canonical offsets [TextStart, TextEnd) and the HTML index of each.</summary>
    private sealed record TextRun(int TextStart, int TextEnd, int[] HtmlOffsets, bool IsBlockWhitespace)
    {
        public int HtmlIndex(int textOffset) => HtmlOffsets[textOffset - TextStart];
    }
}
