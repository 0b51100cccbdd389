namespace EssayReader.Tests;

/// <summary>
/// The app's clock (its <see cref="TimeProvider"/>), moved on by the test: real time plus whatever
/// <see cref="Advance"/> added, for both the wall clock and the timestamps elapsed times are measured with.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        TimeProvider.System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond);
}
