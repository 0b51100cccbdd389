using System.Diagnostics.Metrics;
using EssayReader.Pages.Essays;
using Microsoft.Extensions.DependencyInjection;

namespace EssayReader.Tests.Pages;

/// <summary>
/// How many times each essay page's handler ran in one test host, from the app's own
/// <see cref="EssayPageRenders"/> counter: a request answered while the count stood still was
/// answered from the output cache. Only that host's meter is heard (its <see cref="IMeterFactory"/>),
/// so other hosts running in parallel do not count.
/// </summary>
internal sealed class PageRenderCount : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _essay;
    private long _annotations;

    public PageRenderCount(EssayReaderFactory factory)
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters)
                && instrument.Meter.Name == EssayPageRenders.MeterName
                && instrument.Name == EssayPageRenders.InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "page", Value: "essay" })
                {
                    Interlocked.Add(ref _essay, value);
                }
                else if (tag is { Key: "page", Value: "annotations" })
                {
                    Interlocked.Add(ref _annotations, value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Runs of the essay page's handler (<c>/essays/{slug}</c>).</summary>
    public long Essay => Interlocked.Read(ref _essay);

    /// <summary>Runs of the annotations list's handler (<c>/essays/{slug}/annotations</c>).</summary>
    public long Annotations => Interlocked.Read(ref _annotations);

    public void Dispose() => _listener.Dispose();
}
