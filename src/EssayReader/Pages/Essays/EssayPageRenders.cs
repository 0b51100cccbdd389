using System.Diagnostics.Metrics;

namespace EssayReader.Pages.Essays;

/// <summary>
/// Counts the essay pages made by their page handler, that is, not served from the output cache
/// (<c>essayreader.essay_pages.rendered</c>, tagged with the page): set against the request rate, what
/// the cache saves. Tests listen to it to tell a cached answer from a made one.
/// </summary>
public sealed class EssayPageRenders
{
    public const string MeterName = "EssayReader.Pages";
    public const string InstrumentName = "essayreader.essay_pages.rendered";

    private readonly Counter<long> _rendered;

    public EssayPageRenders(IMeterFactory meters) =>
        _rendered = meters.Create(MeterName).CreateCounter<long>(InstrumentName, unit: "{page}", description: "Essay pages made by their page handler rather than served from the output cache.");

    /// <summary>The page handler of <paramref name="page"/> (<c>essay</c> or <c>annotations</c>) is running.</summary>
    public void Add(string page) => _rendered.Add(1, new KeyValuePair<string, object?>("page", page));
}
