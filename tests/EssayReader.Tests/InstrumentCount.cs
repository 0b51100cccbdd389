using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace EssayReader.Tests;

/// <summary>
/// The running total of one of the app's counters in one test host. Only that host's meters are heard
/// (its <see cref="IMeterFactory"/>), so hosts of other tests running in parallel do not count.
/// </summary>
internal sealed class InstrumentCount : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public InstrumentCount(EssayReaderFactory factory, string meterName, string instrumentName)
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
