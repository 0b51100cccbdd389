using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EssayReader.Essays;
using EssayReader.Rendering;

namespace EssayReader.Tests.Rendering;

/// <summary>
/// Server-drawn marks: flat, on the exact words, showing the most specific annotation where several
/// overlap, one permalink target per annotation, and never a change to the text.
/// </summary>
public sealed class MarkedHtmlTests
{
    private static readonly Essay Essay = EssayLoader.Load(
        EssayReaderFactory.EssaySlug,
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "content", EssayReaderFactory.EssaySlug + ".md")),
        "essay.md",
        DateTimeOffset.UnixEpoch);

    [Fact]
    public void MarksLeaveTheCanonicalTextExactlyAsItWas()
    {
        var spans = RandomSpans(seed: 7, count: 300);

        var marked = MarkedHtml.Insert(Essay.Html, spans);

        Assert.Equal(Essay.Text, CanonicalText.FromHtmlFragment(marked));
    }

    [Theory]
    [InlineData(11, 1)]
    [InlineData(12, 5)]
    [InlineData(13, 200)]
    [InlineData(14, 2000)]
    public void EveryCharacterShowsTheAnnotationsThatCoverIt(int seed, int count)
    {
        var spans = RandomSpans(seed, count)
            .Append(Span("Beijing and Moscow.1 Russia’s recent military posture"))
            .Append(Span("Political Science Quarterly,\u00A0113 (3)"))
            .Append(Span("Available at http://goo.gl/XG6SQ5 (archived copy) (Accessed"))
            .ToList();

        var drawn = Characters(Parse(MarkedHtml.Insert(Essay.Html, spans)));

        Assert.Equal(Essay.Text.Length, drawn.Count);
        for (var at = 0; at < drawn.Count; at++)
        {
            var covering = spans.Where(s => s.Start <= at && at < s.End).ToList();
            var expected = covering.Count == 0 || drawn[at].IsBlockWhitespace
                ? null
                : new Drawn(
                    covering.MinBy(s => (s.Length, s.Id.ToString()))!.Id.ToString(),
                    covering.MinBy(s => (s.Length, s.Id.ToString()))!.Color,
                    covering.Count,
                    covering.Any(s => s.IsComment));
            Assert.True(expected == drawn[at].Mark, $"At {at} ('{Essay.Text[at]}'): expected {expected}, drawn {drawn[at].Mark}");
        }
    }

    [Fact]
    public void MarksAreFlatAndTheirNumberGrowsWithBoundariesNotWithOverlap()
    {
        var spans = RandomSpans(seed: 21, count: 10_000);

        var root = Parse(MarkedHtml.Insert(Essay.Html, spans));

        var marks = root.QuerySelectorAll("mark");
        Assert.Empty(root.QuerySelectorAll("mark mark"));
        var textRuns = Characters(root).Count(c => c.StartsNode);
        var boundaries = spans.SelectMany(s => new[] { s.Start, s.End }).Distinct().Count();
        Assert.InRange(marks.Length, 1, boundaries + textRuns);
    }

    [Fact]
    public void EachAnnotationHasOnePermalinkTargetAndTopAnnotationsOneTabStop()
    {
        var spans = RandomSpans(seed: 31, count: 400);

        var root = Parse(MarkedHtml.Insert(Essay.Html, spans));

        var tops = root.QuerySelectorAll("mark").Select(m => m.GetAttribute("data-annotation-id")!).ToHashSet();
        foreach (var span in spans)
        {
            var target = Assert.Single(root.QuerySelectorAll($"[id='annotation-{span.Id}']"));
            if (tops.Contains(span.Id.ToString()))
            {
                // The first of its marks, focusable and labelled.
                Assert.Same(target, root.QuerySelector($"mark[data-annotation-id='{span.Id}']"));
                Assert.Equal("0", target.GetAttribute("tabindex"));
                Assert.Equal(span.Label, target.GetAttribute("aria-label"));
            }
            else if (target.LocalName == "mark")
            {
                // Covered everywhere by shorter annotations: the mark (of another) that starts where it starts.
                Assert.NotEqual(span.Id.ToString(), target.GetAttribute("data-annotation-id"));
                Assert.Null(target.GetAttribute("tabindex"));
                Assert.Equal(span.Start, TextOffsetOf(root, target));
            }
            else
            {
                // ...or, where that mark has an id already, an empty anchor there.
                Assert.Equal("annotation-anchor", target.ClassName);
                Assert.Equal(string.Empty, target.TextContent);
            }
        }

        Assert.Equal(tops.Count, root.QuerySelectorAll("mark[tabindex]").Length);
    }

    [Fact]
    public void AnAnnotationShownNowhereOnTopIsTheTargetOfTheMarkWhereItStartsRatherThanAnEmptyElement()
    {
        var hidden = Span("recent military posture");
        var split = hidden.Start + "recent military".Length;
        // Shorter annotations cover all of it: one from two characters before it, one to its end.
        var before = hidden with { Id = Guid.NewGuid(), Start = hidden.Start - 2, End = split };
        var after = hidden with { Id = Guid.NewGuid(), Start = split };

        var root = Parse(MarkedHtml.Insert(Essay.Html, [hidden, before, after]));

        Assert.Empty(root.QuerySelectorAll(".annotation-anchor"));
        var target = Assert.Single(root.QuerySelectorAll($"[id='annotation-{hidden.Id}']"));
        Assert.Equal("mark", target.LocalName);
        Assert.Equal(before.Id.ToString(), target.GetAttribute("data-annotation-id"));
        Assert.Null(target.GetAttribute("tabindex"));
        Assert.Equal(hidden.Start, TextOffsetOf(root, target));
    }

    // How much of the canonical text comes before the element.
    private static int TextOffsetOf(IElement root, IElement element)
    {
        var offset = 0;
        foreach (var node in root.GetDescendants())
        {
            if (node == element)
            {
                return offset;
            }

            if (node is IText text)
            {
                offset += text.Data.Length;
            }
        }

        throw new InvalidOperationException("Not inside the root.");
    }

    [Fact]
    public void AShorterSpanInsideALongerOneShowsOnTopAndTheLongerOneAroundIt()
    {
        var outer = Span("the Sino-Soviet spilt initiated by Nikita Khrushchev") with { Color = "blue" };
        var inner = Span("spilt") with { Color = "pink", IsComment = true };

        var root = Parse(MarkedHtml.Insert(Essay.Html, [inner, outer]));

        var marks = root.QuerySelectorAll("mark").ToList();
        Assert.Equal(["the Sino-Soviet ", "spilt", " initiated by Nikita Khrushchev"], marks.Select(m => m.TextContent));
        Assert.Equal([outer.Id, inner.Id, outer.Id], marks.Select(m => Guid.Parse(m.GetAttribute("data-annotation-id")!)));
        Assert.Equal(["blue", "pink", "blue"], marks.Select(m => m.GetAttribute("data-color")));
        Assert.Equal([null, "2", null], marks.Select(m => m.GetAttribute("data-depth")));
        Assert.Equal([false, true, false], marks.Select(m => m.ClassList.Contains("has-comment")));
    }

    [Fact]
    public void GuidOrderIsTheOrdinalOrderOfTheirStringsAsThePageScriptComparesThem()
    {
        var random = new Random(5);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            var a = new Guid(bytes.AsSpan(0, 16));
            var b = new Guid(bytes.AsSpan(16, 16));
            Assert.Equal(Math.Sign(string.CompareOrdinal(a.ToString(), b.ToString())), Math.Sign(a.CompareTo(b)));
        }
    }

    [Fact]
    public void UserTextInALabelIsEscaped()
    {
        var span = Span("spilt") with { Label = "\"><script>alert(1)</script>", Color = "yellow\" onclick=\"x" };

        var root = Parse(MarkedHtml.Insert(Essay.Html, [span]));

        Assert.Empty(root.QuerySelectorAll("script"));
        var mark = root.QuerySelector("mark")!;
        Assert.Equal("\"><script>alert(1)</script>", mark.GetAttribute("aria-label"));
        Assert.Null(mark.GetAttribute("onclick"));
    }

    private sealed record Drawn(string Id, string Color, int Depth, bool HasComment);

    private sealed record Character(Drawn? Mark, bool IsBlockWhitespace, bool StartsNode);

    /// <summary>Each character of the root's text with the mark it lies in, as a browser would read the DOM.</summary>
    private static List<Character> Characters(IElement root)
    {
        var characters = new List<Character>();
        foreach (var node in root.Descendants<IText>())
        {
            var mark = node.ParentElement is { LocalName: "mark" } m
                ? new Drawn(m.GetAttribute("data-annotation-id")!, m.GetAttribute("data-color")!, int.Parse(m.GetAttribute("data-depth") ?? "1", System.Globalization.CultureInfo.InvariantCulture), m.ClassList.Contains("has-comment"))
                : null;
            var blockWhitespace = string.IsNullOrWhiteSpace(node.Data) && node.Data.Contains('\n', StringComparison.Ordinal);
            characters.AddRange(node.Data.Select((_, i) => new Character(mark, blockWhitespace, i == 0)));
        }

        return characters;
    }

    private static MarkSpan Span(string phrase)
    {
        var start = Essay.Text.IndexOf(phrase, StringComparison.Ordinal);
        Assert.True(start >= 0, phrase);
        return new MarkSpan(Guid.NewGuid(), start, start + phrase.Length, "yellow", IsComment: false, Label: phrase);
    }

    private static List<MarkSpan> RandomSpans(int seed, int count)
    {
        var random = new Random(seed);
        string[] colors = ["yellow", "green", "blue", "pink", "purple"];
        return Enumerable.Range(0, count).Select(i =>
        {
            var start = random.Next(Essay.Text.Length - 1);
            var end = Math.Min(Essay.Text.Length, start + 1 + random.Next(400));
            var bytes = new byte[16];
            random.NextBytes(bytes);
            // A few share another's exact span, so ties between equally long spans are decided by id.
            return new MarkSpan(new Guid(bytes), start, end, colors[random.Next(colors.Length)], IsComment: random.Next(2) == 0, Label: $"label {i}");
        }).SelectMany((s, i) => i % 50 == 0 ? [s, s with { Id = Guid.NewGuid(), Color = "purple" }] : new[] { s }).ToList();
    }

    private static IElement Parse(string fragment)
    {
        var document = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body><div id=\"root\">{fragment}</div></body></html>");
        return document.GetElementById("root")!;
    }
}
