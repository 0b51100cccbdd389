using BenchmarkDotNet.Attributes;
using EssayReader.Annotations;
using EssayReader.Essays;

namespace EssayReader.Benchmarks;

/// <summary>
/// A reader's selection checked against the essay's current text, as POST /api/essays/{slug}/annotations
/// and an annotation's update do once per request: a sentence from the middle of the essay found at its
/// position (the usual case), found 12 characters from where the page said (looked for within 64), and
/// not found (the quote has a word the text does not; the whole radius is searched and an error written).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class TargetValidatorBenchmarks
{
    private const string Sentence = "China sees increased international stability as crucial for its own regime security, economic development and reputation.";
    private const int Shift = 12;

    private Essay _essay = null!;
    private TextTarget _target = null!;
    private string _reworded = "";

    [GlobalSetup]
    public void Setup()
    {
        _essay = BenchEssay.Load();
        var start = _essay.Text.IndexOf(Sentence, StringComparison.Ordinal);
        _target = TargetValidator.At(_essay.Text, _essay.Version, start, start + Sentence.Length);
        _reworded = Sentence.Replace("crucial", "central", StringComparison.Ordinal);
        if (ExactAtPosition().Target is null || MovedALittle().Target is null || NotFound().Target is not null)
        {
            throw new InvalidOperationException("The essay no longer reads as these targets expect.");
        }
    }

    [Benchmark(Baseline = true)]
    public TargetCheck ExactAtPosition() =>
        TargetValidator.Check(_essay, _target.Exact, _target.Prefix, _target.Suffix, _target.Start, _target.End);

    [Benchmark]
    public TargetCheck MovedALittle() =>
        TargetValidator.Check(_essay, _target.Exact, _target.Prefix, _target.Suffix, _target.Start - Shift, _target.End - Shift);

    [Benchmark]
    public TargetCheck NotFound() =>
        TargetValidator.Check(_essay, _reworded, _target.Prefix, _target.Suffix, _target.Start, _target.End);
}
