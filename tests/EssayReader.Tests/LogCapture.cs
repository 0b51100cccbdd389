using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace EssayReader.Tests;

/// <summary>A Serilog sink that keeps every event in memory, for tests that check what the app logged.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    /// <summary>The rendered messages of the events at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> MessagesAtLeast(LogEventLevel level) =>
        [.. _events.Where(e => e.Level >= level).Select(e => e.RenderMessage(CultureInfo.InvariantCulture))];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
