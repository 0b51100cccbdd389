using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EssayReader.Pages.Essays;

/// <summary>
/// The site's most-read answer, an anonymous reader's essay page, kept as the bytes and headers last
/// sent and written out again before routing and the output cache run. Those cost a page about a
/// fifth of its time (bench/README.md): matching the route, then the output cache's policy, its key,
/// its store and reading its copy back on every hit. This keeps no rules of its own: a copy is taken
/// only of a page the output cache's policy (<see cref="AnonymousPagePolicy"/>) would store, for a
/// request that policy would answer from its cache, and is kept under the same key, the essay's file
/// version and annotation generation (<see cref="EssayPageCache"/>), read before the page was made.
/// A copy whose key is no longer the essay's is never sent, and every eviction of the output cache's
/// copies drops these too.
/// <para>
/// A request this does not answer (a signed-in reader, any query or other address, a method other
/// than GET or HEAD, a range, a precondition other than If-None-Match) goes on through the pipeline
/// as if this were not there. If-Modified-Since is answered in full, as the page itself answers it
/// (the page has no Last-Modified; see <see cref="AnonymousPagePolicy"/>).
/// </para>
/// </summary>
public sealed class EssayPageCopies(TimeProvider clock)
{
    /// <summary>
    /// Copies are per essay and per scheme and host (the page's canonical links carry them when
    /// Site:BaseUrl is not set). Made-up Host headers must not grow this without end: past this many
    /// copies, expired ones are dropped, and if none has expired no new copy is taken.
    /// </summary>
    internal const int MaxCopies = 64;

    // A page larger than this is left to the output cache.
    private const int MaxPageBytes = 4 << 20;

    // Age in whole seconds, as the output cache writes it; a copy is at most Expiration old.
    private static readonly string[] AgeTexts = Enumerable.Range(0, (int)EssayPageCache.Expiration.TotalSeconds + 2)
        .Select(seconds => seconds.ToString(CultureInfo.InvariantCulture)).ToArray();

    // What a copy's 200 may not repeat: Kestrel writes its own, or they belong to one response.
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Age, HeaderNames.Connection, HeaderNames.ContentLength, HeaderNames.Date, HeaderNames.KeepAlive,
        HeaderNames.Server, HeaderNames.SetCookie, HeaderNames.TransferEncoding,
    };

    // What a 304 repeats of its 200, as the output cache does (RFC 9110, section 15.4.5), and the
    // headers every response carries (Pages/SecurityHeaders.cs).
    private static readonly HashSet<string> KeptIn304 = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.CacheControl, HeaderNames.ContentLocation, HeaderNames.ETag, HeaderNames.Expires, HeaderNames.Vary,
        HeaderNames.ContentSecurityPolicy, HeaderNames.XContentTypeOptions, "Referrer-Policy", HeaderNames.XFrameOptions,
        HeaderNames.StrictTransportSecurity,
    };

    private readonly ConcurrentDictionary<Address, Copy> _copies = new();

    /// <summary>How many copies are held (for tests and the bench).</summary>
    internal int Count => _copies.Count;

    /// <summary>Drops the copies of the essay <paramref name="slug"/>'s page, for every host.</summary>
    internal void Forget(string slug)
    {
        foreach (var address in _copies.Keys)
        {
            if (address.Slug == slug)
            {
                _copies.TryRemove(address, out _);
            }
        }
    }

    /// <summary>Drops every copy.</summary>
    internal void ForgetAll() => _copies.Clear();

    /// <summary>
    /// Answers <paramref name="context"/> from a copy when it is an anonymous read of an essay's page
    /// and the copy's key is still the essay's; otherwise runs <paramref name="next"/>, and takes a copy
    /// of what it sends when that is a page the output cache would keep.
    /// </summary>
    internal Task InvokeAsync(HttpContext context, RequestDelegate next, EssayPageCache cache)
    {
        if (!IsAnonymousPageRead(context, cache, out var slug)
            || cache.Find(slug) is not { } essay || !string.Equals(essay.Slug, slug, StringComparison.Ordinal))
        {
            return next(context);
        }

        var request = context.Request;
        var address = new Address(slug, request.Host.Value ?? string.Empty, request.IsHttps);
        var generation = cache.GenerationOf(slug);
        if (_copies.TryGetValue(address, out var copy)
            && copy.Generation == generation && string.Equals(copy.SourceHash, essay.SourceHash, StringComparison.Ordinal)
            && clock.GetElapsedTime(copy.Taken) is var age && age < EssayPageCache.Expiration)
        {
            return SendAsync(context, copy, (int)age.TotalSeconds);
        }

        return HttpMethods.IsGet(request.Method) ? CopyAsync(context, next, address, essay.SourceHash, generation) : next(context);
    }

    // AnonymousPagePolicy's reader (GET or HEAD, no credentials of any kind), for its address read from
    // the request alone (routing has not run): /essays/{slug} with no query, and no precondition but
    // If-None-Match and If-Modified-Since.
    private static bool IsAnonymousPageRead(HttpContext http, EssayPageCache cache, out string slug)
    {
        slug = string.Empty;
        const string prefix = "/essays/";
        var request = http.Request;
        var path = request.Path.Value;
        if (path is null || !path.StartsWith(prefix, StringComparison.Ordinal) || path.Length == prefix.Length
            || path.IndexOf('/', prefix.Length) >= 0 || request.PathBase.HasValue || request.QueryString.HasValue)
        {
            return false;
        }

        var headers = request.Headers;
        if (!StringValues.IsNullOrEmpty(headers.Range) || !StringValues.IsNullOrEmpty(headers.IfMatch)
            || !StringValues.IsNullOrEmpty(headers.IfUnmodifiedSince) || !StringValues.IsNullOrEmpty(headers.IfRange)
            || !AnonymousPagePolicy.IsAnonymousRead(http, cache))
        {
            return false;
        }

        slug = path[prefix.Length..];
        return true;
    }

    private static Task SendAsync(HttpContext context, Copy copy, int ageSeconds)
    {
        var response = context.Response;
        var notModified = IsNotModified(context.Request.Headers.IfNoneMatch, copy);
        response.StatusCode = notModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;
        var headers = response.Headers;
        foreach (var (name, value) in notModified ? copy.HeadersIn304 : copy.Headers)
        {
            headers[name] = value;
        }

        headers.Age = AgeTexts[Math.Min(ageSeconds, AgeTexts.Length - 1)];
        if (notModified)
        {
            return Task.CompletedTask;
        }

        response.ContentLength = copy.Body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(copy.Body, context.RequestAborted).AsTask();
    }

    private static bool IsNotModified(StringValues ifNoneMatch, Copy copy)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }

        if (ifNoneMatch.Count == 1 && string.Equals(ifNoneMatch[0], copy.ETagText, StringComparison.Ordinal))
        {
            return true;
        }

        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(copy.ETag, useStrongComparison: false));
    }

    private async Task CopyAsync(HttpContext context, RequestDelegate next, Address address, string sourceHash, long generation)
    {
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var recorder = new RecordingStream(body.Stream, MaxPageBytes);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(recorder, body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
        }

        if (TakeCopy(context, recorder, sourceHash, generation) is { } copy && HasRoomFor(address))
        {
            _copies[address] = copy;
        }
    }

    // What AnonymousPagePolicy.ServeResponseAsync stores: a whole 200 made for nobody in particular.
    private Copy? TakeCopy(HttpContext context, RecordingStream recorder, string sourceHash, long generation)
    {
        var response = context.Response;
        var headers = response.Headers;
        if (!AnonymousPagePolicy.IsForAnyone(context) || context.RequestAborted.IsCancellationRequested
            || recorder.Overflowed || (response.ContentLength is { } length && length != recorder.Length)
            || StringValues.IsNullOrEmpty(headers.ContentType)
            || !EntityTagHeaderValue.TryParse(headers.ETag.ToString(), out var etag))
        {
            return null;
        }

        // A copy the output cache answered is already this old.
        var age = int.TryParse(headers.Age, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        var kept = headers.Where(header => !NotKept.Contains(header.Key)).ToArray();
        return new Copy(
            sourceHash, generation, clock.GetTimestamp() - (long)(age.TotalSeconds * clock.TimestampFrequency),
            recorder.ToArray(), kept, [.. kept.Where(header => KeptIn304.Contains(header.Key))], etag, headers.ETag.ToString());
    }

    private bool HasRoomFor(Address address)
    {
        if (_copies.Count < MaxCopies || _copies.ContainsKey(address))
        {
            return true;
        }

        foreach (var (held, copy) in _copies)
        {
            if (clock.GetElapsedTime(copy.Taken) >= EssayPageCache.Expiration)
            {
                _copies.TryRemove(held, out _);
            }
        }

        return _copies.Count < MaxCopies;
    }

    private readonly record struct Address(string Slug, string Host, bool Https);

    private sealed record Copy(
        string SourceHash, long Generation, long Taken, byte[] Body,
        KeyValuePair<string, StringValues>[] Headers, KeyValuePair<string, StringValues>[] HeadersIn304,
        EntityTagHeaderValue ETag, string ETagText);

    /// <summary>Passes every write on to the response and keeps a copy of it, up to a limit.</summary>
    private sealed class RecordingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public bool Overflowed { get; private set; }

        public override long Length => _copy.Length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] ToArray() => _copy.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Keep(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Keep(buffer.Span);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (Overflowed)
            {
                return;
            }

            if (_copy.Length + bytes.Length > limit)
            {
                Overflowed = true;
                _copy.SetLength(0);
                return;
            }

            _copy.Write(bytes);
        }
    }
}
