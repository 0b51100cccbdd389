using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Each event as text holding all that any sink could write of it: the level, the message template
    /// and the rendered message, every property (structured values rendered whole, not only those the
    /// message names), and the exception with its inner exceptions and stack. For tests of what must
    /// never be logged.
    /// </summary>
    public IReadOnlyList<string> FullText() => [.. _events.Select(FullTextOf)];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    private static string FullTextOf(LogEvent logEvent)
    {
        var text = new StringBuilder()
            .Append(logEvent.Level).Append(' ').Append(logEvent.MessageTemplate.Text)
            .Append(" | ").Append(logEvent.RenderMessage(CultureInfo.InvariantCulture));
        foreach (var (name, value) in logEvent.Properties)
        {
            text.Append(" | ").Append(name).Append('=').Append(value.ToString(null, CultureInfo.InvariantCulture));
        }

        if (logEvent.Exception is not null)
        {
            text.Append(" | ").Append(logEvent.Exception);
        }

        return text.ToString();
    }
}
