using System.Globalization;
using System.Text;
using EssayReader.Annotations;
using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>How one way of re-anchoring did on the whole corpus: every (version, annotation) pair judged against the edits' own answer.</summary>
internal sealed class CorpusMeasurement
{
    private readonly List<string> _wrong = [];
    private readonly List<string> _missed = [];
    private readonly List<string> _unclear = [];
    private readonly List<string> _wrongStatus = [];
    private readonly Dictionary<AnchorStatus, int> _statuses = [];
    private readonly Dictionary<AnchorStatus, int> _expected = [];
    private readonly SortedDictionary<string, (int Pairs, int Exist, int Right, int Anchored)> _byKind = new(StringComparer.Ordinal);

    public int Versions { get; private set; }
    public int Annotations { get; private set; }
    public int Pairs { get; private set; }
    public int WordsExist { get; private set; }
    public int WordsGone { get; private set; }
    public int Anchored { get; private set; }
    public int RightAnchors { get; private set; }
    public int RightOrphans { get; private set; }

    public IReadOnlyList<string> Wrong => _wrong;
    public IReadOnlyList<string> Missed => _missed;
    public IReadOnlyList<string> Unclear => _unclear;
    public IReadOnlyList<string> WrongStatus => _wrongStatus;

    public double Precision => Anchored == 0 ? 1 : (double)RightAnchors / Anchored;
    public double Recall => WordsExist == 0 ? 1 : (double)RightAnchors / WordsExist;

    /// <summary>Runs <paramref name="anchor"/> on every pair; it gets the original text, the edited text and the target.</summary>
    public static CorpusMeasurement Run(Func<string, string, TextTarget, AnchorResult> anchor)
    {
        var measurement = new CorpusMeasurement();
        var original = MutationCorpus.Essay.Text;
        var annotations = MutationCorpus.Annotations();
        var versions = MutationCorpus.Versions();
        measurement.Versions = versions.Count;
        measurement.Annotations = annotations.Count;
        foreach (var version in versions)
        {
            var edited = version.Edit(new EditedText(original));
            var text = edited.Text;
            foreach (var annotation in annotations)
            {
                var target = annotation.Target;
                measurement.Judge(version, annotation, edited.Expect(target.Start, target.End), anchor(original, text, target), text);
            }
        }

        return measurement;
    }

    public string Report(string title)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{title}: {Versions} versions x {Annotations} annotations = {Pairs} pairs; words still exist in {WordsExist}, gone in {WordsGone}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"  precision {Precision:P2} ({RightAnchors} right of {Anchored} anchored), recall {Recall:P2} ({RightAnchors} of {WordsExist}), right orphans {RightOrphans} of {WordsGone}.");
        report.AppendLine("  expected: " + string.Join(", ", Enum.GetValues<AnchorStatus>().Select(s => $"{s} {_expected.GetValueOrDefault(s)}")));
        report.AppendLine("  returned: " + string.Join(", ", Enum.GetValues<AnchorStatus>().Select(s => $"{s} {_statuses.GetValueOrDefault(s)}")));
        foreach (var (kind, counts) in _byKind)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-16} pairs {counts.Pairs,4}, words exist {counts.Exist,4}, anchored {counts.Anchored,4}, right {counts.Right,4}");
        }

        Append(report, "WRONG ANCHORS", _wrong);
        Append(report, "missed (words exist, orphaned)", _missed);
        Append(report, "UNCLEAR CASES (the corpus must not make them)", _unclear);
        Append(report, "right words, wrong status", _wrongStatus);
        return report.ToString();
    }

    private void Judge(CorpusVersion version, CorpusAnnotation annotation, Expectation expected, AnchorResult result, string text)
    {
        Pairs++;
        _statuses[result.Status] = _statuses.GetValueOrDefault(result.Status) + 1;
        var expectedStatus = expected.WordsExist ? expected.Status : AnchorStatus.Orphaned;
        _expected[expectedStatus] = _expected.GetValueOrDefault(expectedStatus) + 1;
        var kind = _byKind.GetValueOrDefault(version.Kind);
        kind.Pairs++;
        var where = $"{version.Name} / {annotation.Name}";
        if (expected.IsUnclear)
        {
            _unclear.Add($"{where}: edited {expected.Ratio:P0} of the quote");
        }

        if (expected.WordsExist)
        {
            WordsExist++;
            kind.Exist++;
        }
        else
        {
            WordsGone++;
        }

        if (result.IsAnchored)
        {
            Anchored++;
            kind.Anchored++;
            if (expected.WordsExist && result.Start == expected.Start && result.End == expected.End)
            {
                RightAnchors++;
                kind.Right++;
                if (result.Status != expected.Status)
                {
                    _wrongStatus.Add($"{where}: {result.Status}, expected {expected.Status}");
                }
            }
            else
            {
                var should = expected.WordsExist ? $"[{expected.Start}, {expected.End}) \"{Cut(text, expected.Start, expected.End)}\"" : "orphaned";
                _wrong.Add($"{where}: {result.Status} [{result.Start}, {result.End}) \"{Cut(text, result.Start, result.End)}\", should be {should}");
            }
        }
        else if (expected.WordsExist)
        {
            _missed.Add($"{where}: orphaned, should be {expected.Status} [{expected.Start}, {expected.End}) \"{Cut(text, expected.Start, expected.End)}\"");
        }
        else
        {
            RightOrphans++;
        }

        _byKind[version.Kind] = kind;
    }

    private static string Cut(string text, int start, int end)
    {
        var span = text[start..end].ReplaceLineEndings("\\n");
        return span.Length <= 80 ? span : string.Concat(span.AsSpan(0, 38), " … ", span.AsSpan(span.Length - 38));
    }

    private static void Append(StringBuilder report, string heading, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"  {heading} ({lines.Count}):");
        foreach (var line in lines)
        {
            report.AppendLine("    " + line);
        }
    }
}
