using Serilog.Events;

namespace EssayReader.Pages;

/// <summary>
/// The level of each request's log line. A request the client gave up on (a closed tab, a load
/// generator ending its run) ends in an OperationCanceledException that is no fault of the app:
/// Information, not Error, so that errors in the log stay errors. Otherwise Serilog's own rule: Error
/// for an exception or a 5xx, Information for the rest.
/// </summary>
public static class RequestLogLevels
{
    public static LogEventLevel For(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return LogEventLevel.Information;
        }

        return exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError
            ? LogEventLevel.Error
            : LogEventLevel.Information;
    }
}
