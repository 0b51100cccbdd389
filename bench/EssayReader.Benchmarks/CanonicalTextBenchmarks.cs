using BenchmarkDotNet.Attributes;
using EssayReader.Essays;

namespace EssayReader.Benchmarks;

/// <summary>
/// The canonical text that annotation offsets count in: the finished HTML parsed once more with
/// AngleSharp for the root's textContent, and its short SHA-256 (the essay's version). EssayLoader.Load
/// pays both once per version of the file; VersionOf is also on every essay page request, where the
/// ETag hashes the reader's id and a stamp of the visible annotations (a string that grows with them).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class CanonicalTextBenchmarks
{
    private string _html = "";
    private string _text = "";

    [GlobalSetup]
    public void Setup()
    {
        var essay = BenchEssay.Load();
        _html = essay.Html;
        _text = essay.Text;
    }

    /// <summary>The essay's served HTML to its canonical text.</summary>
    [Benchmark(Baseline = true)]
    public string FromHtmlFragment() => CanonicalText.FromHtmlFragment(_html);

    /// <summary>The version of the essay's canonical text (13 042 characters).</summary>
    [Benchmark]
    public string VersionOfText() => CanonicalText.VersionOf(_text);
}
