using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssayReader.Pages;

/// <summary>The page people see for a status code or an unhandled error: what happened and where to go.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Explanation { get; private set; } = "The page could not be shown. Please try again in a moment.";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    // The rate limiter's Retry-After, in words.
    private string Wait() =>
        int.TryParse(Response.Headers.RetryAfter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds <= 90 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes"
            : "a minute";

    private void Describe(int? code)
    {
        // Re-executed for a status code: keep that code. Reached directly: a plain 404.
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var status = code ?? (original is null && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null ? 404 : 500);
        Response.StatusCode = status;
        (Heading, Explanation) = status switch
        {
            404 => ("Page not found", "There is no essay or page at this address. It may have moved, or the link may have a typo."),
            400 => ("That request could not be understood", "Something in the address or the form was not valid."),
            403 => ("Not allowed", "You do not have permission to see this page."),
            429 => ("Too many attempts", $"That was tried too often in a short time. Please wait {Wait()} and try again."),
            >= 500 => ("Something went wrong on our side", "The page could not be shown. Please try again in a moment."),
            _ => ("Something went wrong", "The page could not be shown."),
        };
        if (status >= 500)
        {
            // The id every log event of this request carries (RequestLogContext), as ProblemDetails' traceId.
            RequestId = HttpContext.TraceIdentifier;
        }
    }
}
