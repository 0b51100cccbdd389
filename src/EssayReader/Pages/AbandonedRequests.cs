namespace EssayReader.Pages;

/// <summary>
/// A request whose client went away (a closed tab, a load generator ending its run) ends in an
/// OperationCanceledException somewhere below; nothing can be answered to it. Caught here, inside the
/// request log, it is logged as what it was, status 499 ("client closed request", nginx's name for
/// it), instead of Serilog's "responded 500" for any exception, which read like the app's failure.
/// </summary>
public static class AbandonedRequests
{
    public const int Status = 499;

    public static IApplicationBuilder UseAbandonedRequests(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = Status;
            }
        }
    });
}
