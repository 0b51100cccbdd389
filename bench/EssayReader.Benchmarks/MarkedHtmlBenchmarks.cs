using BenchmarkDotNet.Attributes;
using EssayReader.Annotations;
using EssayReader.Rendering;

namespace EssayReader.Benchmarks;

/// <summary>
/// Annotations drawn into the essay's HTML on the server, as GET /essays/{slug} does on every request
/// (not a 304) whose reader may see any: the spans cut into flat segments, then a mark per piece of
/// text. 100 annotations is a busy essay; 10 000 is the dense case of the browser test. The map from
/// text offsets to HTML indices is built on the first call for an essay version and cached with it,
/// so these figures are a warm page's.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class MarkedHtmlBenchmarks
{
    private static readonly string[] Colors = [.. Enum.GetValues<HighlightColor>().Select(AnnotationInput.Name)];

    private string _html = "";
    private MarkSpan[] _spans = [];

    [Params(100, 10_000)]
    public int Spans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var essay = BenchEssay.Load();
        _html = essay.Html;
        _spans = RandomSpans(essay.Text, Spans);
    }

    [Benchmark(Baseline = true)]
    public string Insert() => MarkedHtml.Insert(_html, _spans);

    /// <summary>The segment sweep alone (Insert's first step).</summary>
    [Benchmark]
    public List<MarkSegment> Segments() => MarkSegments.Compute(_spans);

    // As readers select: 1 to 9 words, one in four 10 to 40, starting and ending on word boundaries,
    // anywhere in the text (notes included); one in four a comment, the rest highlights of any colour.
    private static MarkSpan[] RandomSpans(string text, int count)
    {
        var starts = Enumerable.Range(0, text.Length).Where(i => char.IsLetterOrDigit(text[i]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))).ToArray();
        var random = new Random(5);
        var id = new byte[16];
        var spans = new MarkSpan[count];
        for (var i = 0; i < count; i++)
        {
            var first = random.Next(starts.Length);
            var words = random.Next(4) == 0 ? random.Next(10, 41) : random.Next(1, 10);
            var end = starts[Math.Min(starts.Length - 1, first + words - 1)];
            while (end < text.Length && char.IsLetterOrDigit(text[end]))
            {
                end++;
            }

            random.NextBytes(id);
            var isComment = random.Next(4) == 0;
            spans[i] = new MarkSpan(new Guid(id), starts[first], end, Colors[random.Next(Colors.Length)], isComment, isComment ? "A reader's comment" : "Your highlight");
        }

        return spans;
    }
}
