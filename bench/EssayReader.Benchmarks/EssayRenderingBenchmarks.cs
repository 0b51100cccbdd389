using BenchmarkDotNet.Attributes;
using EssayReader.Essays;
using EssayReader.Rendering;

namespace EssayReader.Benchmarks;

/// <summary>
/// The essay's Markdown turned into what the page serves, whole and stage by stage. The catalogue pays
/// this once per version of a file, on the first request after start-up or after the file changed
/// (EssayCatalog reuses the essay while the file's bytes hash the same), so it adds to that one
/// request's latency and to cold start, never to a warm page.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class EssayRenderingBenchmarks
{
    private string _markdown = "";
    private string _frontMatter = "";
    private string _bodyHtml = "";

    [GlobalSetup]
    public void Setup()
    {
        _markdown = BenchEssay.Markdown();
        (var frontMatter, _bodyHtml) = EssayMarkdown.Render(_markdown);
        _frontMatter = frontMatter!;
    }

    /// <summary>All of EssayLoader.Load: front matter, Markdown, HTML finishing, canonical text, both hashes.</summary>
    [Benchmark(Baseline = true)]
    public Essay Load() => EssayLoader.Load(BenchEssay.Slug, _markdown, BenchEssay.FilePath, DateTimeOffset.UnixEpoch);

    /// <summary>Markdig alone with the app's pipeline: parse, take the front matter out, write the HTML.</summary>
    [Benchmark]
    public (string? FrontMatter, string Html) RenderMarkdown() => EssayMarkdown.Render(_markdown);

    /// <summary>The front matter's YAML read into its record.</summary>
    [Benchmark]
    public EssayFrontMatter ParseFrontMatter() => FrontMatterParser.Parse(_frontMatter);

    /// <summary>Markdig's HTML finished with AngleSharp: parsed as the page, notes section, labels, archive links, word count.</summary>
    [Benchmark]
    public EnhancedHtml FinishHtml() => EssayHtml.Enhance(_bodyHtml);
}
