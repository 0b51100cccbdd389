using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EssayReader.Pages.Essays;

/// <summary>
/// Output caching for a page of an essay (route value <c>slug</c>), for anonymous readers only: a
/// signed-in reader's page shows their private annotations and a sign-out form with their
/// antiforgery token, so their requests neither look up nor store a copy. The output cache runs
/// before authentication (a cached page costs no cookie handler), so a reader is known here by the
/// sign-in cookie they send; and a page is stored only if, once made, nothing in it was for one reader
/// (<see cref="ServeResponseAsync"/>).
/// Written out in full rather than built on the default policy, so that every condition is here to read.
/// </summary>
/// <param name="queryKey">The one query parameter the page reads, a page number (<c>page</c>), or null
/// for none. A request with any other query, or another value, is made afresh and not stored, so that
/// made-up queries cannot fill the cache.</param>
internal sealed class AnonymousPagePolicy(string? queryKey) : IOutputCachePolicy
{
    // The app's one EssayPageCache, looked up once: the policy is made with the options, before the services.
    private EssayPageCache? _cache;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var cache = _cache ??= http.RequestServices.GetRequiredService<EssayPageCache>();
        // Only the essay's canonical address: another spelling of the slug is redirected, never stored.
        var essay = IsAnonymousRead(http, cache) && HasOnlyTheQueryKey(http.Request.Query)
            && http.GetRouteValue("slug") is string slug && cache.Find(slug) is { } found && found.Slug == slug
            ? found
            : null;
        context.EnableOutputCaching = essay is not null;
        if (essay is null)
        {
            return ValueTask.CompletedTask;
        }

        // The page's one validator is its ETag. Asked by date alone, the cache would compare with the
        // second its copy was made and could answer 304 to a copy from earlier in that second; the page
        // itself answers such a request in full.
        var request = http.Request;
        context.AllowCacheLookup = !StringValues.IsNullOrEmpty(request.Headers.IfNoneMatch) || StringValues.IsNullOrEmpty(request.Headers.IfModifiedSince);
        context.AllowCacheStorage = true;
        // Readers arriving together while the copy is made wait for it instead of each making one.
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = EssayPageCache.Expiration;
        // Canonical and OpenGraph links carry the request's scheme and host when Site:BaseUrl is not set.
        context.CacheVaryByRules.VaryByHost = true;
        if (queryKey is not null)
        {
            context.CacheVaryByRules.QueryKeys = queryKey;
        }

        context.CacheVaryByRules.VaryByValues["essay"] = cache.KeyOf(essay);
        foreach (var tag in EssayPageCache.TagsOf(essay))
        {
            context.Tags.Add(tag);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        // Only a whole page that is the same for every anonymous reader. A signed-in user (authentication
        // has run by now, whatever it went by), a Set-Cookie or no-store mean the page was made for this
        // reader alone: antiforgery marks a response no-store whenever it hands out a token, so a page
        // that ever carries one is never stored for another reader.
        if (!IsForAnyone(context.HttpContext))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the response made for <paramref name="http"/> is a whole page any anonymous reader may get.</summary>
    internal static bool IsForAnyone(HttpContext http)
    {
        var response = http.Response;
        return response.StatusCode == StatusCodes.Status200OK
            && http.User.Identity?.IsAuthenticated != true
            && StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            && !HeaderUtilities.ContainsCacheDirective(response.Headers.CacheControl, CacheControlHeaderValue.NoStoreString);
    }

    // No credentials of any kind: no Authorization header, and not even the sign-in cookie (an expired or
    // unreadable one gets a page made afresh, which costs a render, never another reader's copy).
    internal static bool IsAnonymousRead(HttpContext http, EssayPageCache cache)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        if (!StringValues.IsNullOrEmpty(request.Headers.Authorization))
        {
            return false;
        }

        return cache.SignInCookie is not { } cookie || !request.Cookies.ContainsKey(cookie);
    }

    private bool HasOnlyTheQueryKey(IQueryCollection query) => query.Count switch
    {
        0 => true,
        1 => queryKey is not null && query.Keys.Single() == queryKey && query[queryKey] is { Count: 1 } values && IsPageNumber(values[0]),
        _ => false,
    };

    // As the pager writes one: 1, 2, ... (a page past the last is "not found", which is never stored).
    private static bool IsPageNumber(string? value) =>
        value is { Length: > 0 and <= 9 } && value[0] != '0' && value.All(char.IsAsciiDigit);
}
