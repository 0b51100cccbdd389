namespace EssayReader.Rendering;

/// <summary>One span of the canonical text to mark: an annotation's resolved anchor.</summary>
public sealed record MarkSpan(Guid Id, int Start, int End, string Color, bool IsComment, string Label)
{
    public int Length => End - Start;
}

/// <summary>
/// A stretch of the canonical text covered by the same annotations: drawn as flat marks (one per text
/// piece), showing its most specific annotation (<see cref="Top"/>), how many overlap there and whether
/// any of them is a comment.
/// </summary>
public sealed record MarkSegment(int Start, int End, MarkSpan Top, int Depth, bool HasComment);

/// <summary>
/// Cuts overlapping spans into segments. The page script (wwwroot/js/annotations/marks.js) cuts them
/// the same way, so that marks drawn on either side are the same marks:
/// <list type="bullet">
/// <item>a segment boundary is wherever some span starts or ends; stretches no span covers are left out;</item>
/// <item>the top span of a segment is the shortest covering it, ties going to the smaller id (by its
/// lower-case "D" string, ordinal; <see cref="Guid.CompareTo(Guid)"/> orders the same way);</item>
/// <item>neighbouring segments with the same top, depth and comment flag are one segment.</item>
/// </list>
/// One sweep in text order, O(n log n): thousands of overlapping annotations cost thousands of marks,
/// not one element per annotation per piece of text as nesting would.
/// </summary>
public static class MarkSegments
{
    private static readonly Comparer<MarkSpan> MostSpecificFirst = Comparer<MarkSpan>.Create(static (a, b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.Id.CompareTo(b.Id));

    public static List<MarkSegment> Compute(IEnumerable<MarkSpan> spans)
    {
        var byStart = spans.Where(s => s.End > s.Start).OrderBy(s => s.Start).ToArray();
        var segments = new List<MarkSegment>();
        if (byStart.Length == 0)
        {
            return segments;
        }

        var byEnd = byStart.OrderBy(s => s.End).ToArray();
        var points = byStart.Select(s => s.Start).Concat(byEnd.Select(s => s.End)).Distinct().Order().ToArray();
        var covering = new PriorityQueue<MarkSpan, MarkSpan>(MostSpecificFirst);
        int started = 0, ended = 0, depth = 0, comments = 0;
        for (var p = 0; p < points.Length - 1; p++)
        {
            var at = points[p];
            for (; ended < byEnd.Length && byEnd[ended].End <= at; ended++)
            {
                depth--;
                comments -= byEnd[ended].IsComment ? 1 : 0;
            }

            for (; started < byStart.Length && byStart[started].Start <= at; started++)
            {
                depth++;
                comments += byStart[started].IsComment ? 1 : 0;
                covering.Enqueue(byStart[started], byStart[started]);
            }

            if (depth == 0)
            {
                continue;
            }

            // Spans that ended stay in the queue until they come to its head.
            while (covering.Peek().End <= at)
            {
                covering.Dequeue();
            }

            var top = covering.Peek();
            var hasComment = comments > 0;
            if (segments.Count > 0 && segments[^1] is { } last && last.End == at && ReferenceEquals(last.Top, top) && last.Depth == depth && last.HasComment == hasComment)
            {
                segments[^1] = last with { End = points[p + 1] };
            }
            else
            {
                segments.Add(new MarkSegment(at, points[p + 1], top, depth, hasComment));
            }
        }

        return segments;
    }
}
