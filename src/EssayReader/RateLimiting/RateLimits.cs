using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using EssayReader.Accounts;
using EssayReader.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EssayReader.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with the site's three policies (<see cref="RateLimitOptions"/>). An endpoint
/// or page opts in by name (<c>RequireRateLimiting</c>, <c>[EnableRateLimiting]</c>); each policy counts only
/// the methods that change something, so reading the sign-in page or the annotations costs nothing. Past
/// the limit: 429 with Retry-After, as a ProblemDetails for the API and the friendly error page for people.
/// </summary>
public static partial class RateLimits
{
    public const string SignIn = "sign-in";
    public const string SignUp = "sign-up";
    public const string AnnotationWrites = "annotation-writes";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.SignIn.IsValid && o.SignUp.IsValid && o.AnnotationWrites.IsValid,
                $"Each rule under {RateLimitOptions.Section} needs a PermitLimit above 0 and a Window above 00:00:00.")
            .ValidateOnStart();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, http => ByClientAddress(http, o => o.SignIn));
            limiter.AddPolicy(SignUp, http => ByClientAddress(http, o => o.SignUp));
            limiter.AddPolicy(AnnotationWrites, http => ByReader(http, o => o.AnnotationWrites));
            limiter.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    // Sign-in and sign-up come before there is a reader to count: the client's address is all there is.
    private static RateLimitPartition<string> ByClientAddress(HttpContext http, Func<RateLimitOptions, RateLimitRule> rule) =>
        Partition(http, rule, ClientAddress(http));

    // A reader is counted as themselves wherever they write from; a signed-out caller (who will be told
    // to sign in) by address, so that not even the refusals come for free.
    private static RateLimitPartition<string> ByReader(HttpContext http, Func<RateLimitOptions, RateLimitRule> rule) =>
        Partition(http, rule, http.User.ReaderId() is { } readerId ? "reader:" + readerId : ClientAddress(http));

    private static RateLimitPartition<string> Partition(HttpContext http, Func<RateLimitOptions, RateLimitRule> select, string key)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled || !ChangesState(http.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var rule = select(options);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
        });
    }

    private static bool ChangesState(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>
    /// The address a request came from: an IPv4 address as it is; an IPv6 address by its /64, which is
    /// what one household or one server is given (counting each of its 2^64 addresses apart would count nothing).
    /// Behind a reverse proxy this is the proxy's, unless forwarded headers are enabled (README).
    /// </summary>
    public static string ClientAddress(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "ip:" + address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return "ip:" + new IPAddress(bytes) + "/64";
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "global";
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits));
        Log.Refused(logger, policy, http.Request.Method, http.Request.Path, seconds);

        // The API answers in ProblemDetails; a person's request is left without a body, so that the status
        // code pages show the friendly page for 429 (it reads the wait from Retry-After).
        if (ErrorResponses.IsApi(http.Request.Path))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"Too many changes in a short time. Try again in {seconds} seconds (Retry-After).",
                },
            });
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Rate limit {Policy} refused {Method} {Path}; retry after {Seconds} s")]
        public static partial void Refused(ILogger logger, string policy, string method, PathString path, int seconds);
    }
}
