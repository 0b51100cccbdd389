using AngleSharp.Html.Parser;
using EssayReader.Essays;
using EssayReader.Rendering;

namespace EssayReader.Tests.Rendering;

/// <summary>Server-drawn marks: on the exact words, nested where they overlap, and never a change to the text.</summary>
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

    [Fact]
    public void EachAnnotationsMarksReadItsWordsEvenWhereSpansOverlapAndCrossElements()
    {
        var spans = RandomSpans(seed: 11, count: 200)
            .Append(Span("Beijing and Moscow.1 Russia’s recent military posture"))
            .Append(Span("Political Science Quarterly,\u00A0113 (3)"))
            .Append(Span("Available at http://goo.gl/XG6SQ5 (archived copy) (Accessed"))
            .ToList();

        var root = Parse(MarkedHtml.Insert(Essay.Html, spans));

        foreach (var span in spans)
        {
            var marks = root.QuerySelectorAll($"mark[data-annotation-id='{span.Id}']");
            var expected = Essay.Text[span.Start..span.End].Replace("\n", string.Empty, StringComparison.Ordinal);
            Assert.Equal(expected, string.Concat(marks.Select(m => m.TextContent)));
            Assert.Single(root.QuerySelectorAll($"[id='annotation-{span.Id}']"));
        }
    }

    [Fact]
    public void AShorterSpanInsideALongerOneNestsInsideIt()
    {
        var outer = Span("the Sino-Soviet spilt initiated by Nikita Khrushchev");
        var inner = Span("spilt");

        var root = Parse(MarkedHtml.Insert(Essay.Html, [inner, outer]));

        var innerMark = root.QuerySelector($"mark[data-annotation-id='{inner.Id}']")!;
        Assert.Equal(outer.Id.ToString(), innerMark.ParentElement!.GetAttribute("data-annotation-id"));
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

    private static MarkSpan Span(string phrase)
    {
        var start = Essay.Text.IndexOf(phrase, StringComparison.Ordinal);
        Assert.True(start >= 0, phrase);
        return new MarkSpan(Guid.NewGuid(), start, start + phrase.Length, "yellow", IsComment: false, IsMine: true, Label: phrase);
    }

    private static List<MarkSpan> RandomSpans(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var start = random.Next(Essay.Text.Length - 1);
            var end = Math.Min(Essay.Text.Length, start + 1 + random.Next(400));
            return new MarkSpan(Guid.NewGuid(), start, end, "green", IsComment: random.Next(2) == 0, IsMine: false, Label: "label");
        }).ToList();
    }

    private static AngleSharp.Dom.IElement Parse(string fragment)
    {
        var document = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body><div id=\"root\">{fragment}</div></body></html>");
        return document.GetElementById("root")!;
    }
}
