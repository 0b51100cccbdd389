using Serilog.Context;

namespace EssayReader.Pages;

/// <summary>
/// Every event logged while a request runs, its request log line included, carries <c>RequestId</c>:
/// the request's <see cref="HttpContext.TraceIdentifier"/>, which is also what the error page asks a
/// reader to quote and the API's ProblemDetails call <c>traceId</c>. So an operator finds a reported
/// failure in the log by that one id.
/// <para>
/// ASP.NET Core's hosting would add its own request scope, but only while its logger
/// (<see cref="HostingCategory"/>) is on, and while it is on at any level it also starts an Activity
/// for every request: about 1.2 us of the anonymous page's 29 (bench/README.md). Program.cs turns that
/// category off (it logs nothing kept here: its request lines are Information, under the Warning
/// override), and this adds the one property the logs need. An Activity listener (OpenTelemetry, say)
/// still gets hosting's Activities, which it asks for separately.
/// </para>
/// </summary>
public static class RequestLogContext
{
    public const string Property = "RequestId";

    /// <summary>The log category of ASP.NET Core's per-request hosting diagnostics.</summary>
    public const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IApplicationBuilder UseRequestIdInLogs(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        using (LogContext.PushProperty(Property, context.TraceIdentifier))
        {
            await next(context);
        }
    });
}
