using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EssayReader.Pages;

/// <summary>
/// Errors in the words of whoever asked: ProblemDetails (JSON) for the API under <c>/api</c>, and a
/// friendly page for people everywhere else. Never a stack trace outside Development.
/// </summary>
public static class ErrorResponses
{
    public static WebApplicationBuilder AddErrorResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed JSON and wrong types reach BadRequestHandler as exceptions, so its message can say what was wrong.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseErrorResponses(this WebApplication app)
    {
        // An unhandled exception: ProblemDetails for the API (the handlers above), else the friendly page,
        // in every environment (the log has the details, with the request id the page shows).
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");

        // An API error response without a body (401 from the cookie handler, an unknown /api route, 405)
        // becomes ProblemDetails instead of the HTML page above.
        app.Use(async (context, next) =>
        {
            if (!IsApi(context.Request.Path))
            {
                await next(context);
                return;
            }

            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            await next(context);
            var response = context.Response;
            if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            {
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = response.StatusCode, Detail = DetailOf(context) },
                });
            }
        });
        return app;
    }

    /// <summary>Whether <paramref name="path"/> is the API's, which answers in ProblemDetails rather than pages.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");

    // The status alone ("Not Found") does not say what to change; these statuses come from the
    // framework (routing, the cookie handler, body binding) with no words of their own.
    private static string? DetailOf(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status401Unauthorized => "Sign in first: this call needs a signed-in reader.",
        StatusCodes.Status403Forbidden => "You may not do this.",
        StatusCodes.Status404NotFound => $"There is nothing at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not a method {context.Request.Path} takes.",
        StatusCodes.Status413PayloadTooLarge => $"The request body is larger than this call takes ({MaxBodyOf(context)}).",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON, with Content-Type: application/json.",
        _ => null,
    };

    private static string MaxBodyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } bytes
            ? $"at most {bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes"
            : "the server's limit";

    /// <summary>An unexpected failure in the API: a 500 ProblemDetails (no details of the exception).</summary>
    private sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            // The exception handler has already pointed the request at "/error"; what was asked for is in the feature.
            var asked = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
            if (asked is null || !IsApi(asked))
            {
                return false;
            }

            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Something went wrong on our side.",
                    Detail = "The request was not completed. Please try again; if it keeps failing, report the traceId.",
                },
            });
        }
    }

    /// <summary>A request the API could not read (broken JSON, wrong types, too large): 400 or 413 with what was wrong.</summary>
    private sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            httpContext.Response.StatusCode = bad.StatusCode;
            var detail = bad.InnerException is System.Text.Json.JsonException json
                ? $"The request body is not valid JSON for this call: {json.Message}"
                : bad.Message;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request could not be read.",
                    Detail = detail,
                },
            });
        }
    }
}
