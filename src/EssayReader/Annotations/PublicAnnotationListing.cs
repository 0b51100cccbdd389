using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using EssayReader.Data;
using EssayReader.Essays;
using EssayReader.Pages;
using EssayReader.Pages.Essays;
using EssayReader.Accounts;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EssayReader.Annotations;

/// <summary>
/// Listings of an essay's annotations from memory: every public annotation of the essay, in keyset
/// order, each already serialized as the API shows it, so an anonymous reader's page of 200 is a
/// binary search and a copy of bytes instead of a query, 200 anchors and 200 documents to serialize;
/// a signed-in reader's page merges in their own private annotations, read from the database.
/// </summary>
/// <remarks>
/// <para>
/// What anonymous readers see depends only on the essay: its file's version and its annotations'
/// generation, which every write through the API moves on after it is saved (<see cref="EssayPageCache"/>,
/// the same key as the cached essay pages). A copy is served only while that key is current, so a
/// reader never gets a listing older than the last write the app acknowledged; a copy built from data
/// read after a write but labelled with the key of before it is merely thrown away early.
/// </para>
/// <para>
/// A copy is rebuilt (all the essay's public annotations, once) when a request finds it out of date,
/// and at most once per <see cref="PublicListingOptions.RebuildInterval"/>: while writes come faster
/// than that, listings are served from the database. Requests that arrive during a rebuild wait for it rather
/// than each doing the work. A write made outside the app is seen once the copy expires
/// (<see cref="EssayPageCache.Expiration"/>): the first request after that starts a rebuild in the
/// background and is answered from the expired copy, as are the requests during the rebuild, up to twice
/// the expiry (then requests wait again). The documents hold absolute addresses, so a copy answers only
/// requests for the site address it was built for.
/// </para>
/// <para>
/// An essay with more public annotations than <see cref="PublicListingOptions.MaxAnnotations"/> gets no
/// copy (and loses the one it had): its listings come from the database, so that the memory the copies
/// hold stays bounded however many annotations readers make.
/// </para>
/// </remarks>
public sealed partial class PublicAnnotationListing(
    EssayPageCache pages, IServiceScopeFactory scopes, AnchorResolver resolver, IOptions<JsonOptions> json,
    IOptions<PublicListingOptions> options, TimeProvider clock, IMeterFactory meters, ILogger<PublicAnnotationListing> logger)
{
    public const string MeterName = "EssayReader.Annotations";
    public const string PagesInstrument = "essayreader.public_listing.pages";
    public const string BuildsInstrument = "essayreader.public_listing.builds";

    // Set against the API's request rate, what the copies save and how often writes make them rebuild.
    private readonly Counter<long> _pages = meters.Create(MeterName)
        .CreateCounter<long>(PagesInstrument, unit: "{page}", description: "Pages of anonymous annotation listings served from memory.");
    private readonly Counter<long> _built = meters.Create(MeterName)
        .CreateCounter<long>(BuildsInstrument, unit: "{copy}", description: "Copies of an essay's public annotations built for anonymous listings.");

    // Annotations read and serialized at a time while a copy is built.
    private const int BuildChunk = 1000;

    private readonly Lock _gate = new();
    // Read by every anonymous listing without a lock; builds and their timing are under _gate.
    private readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Copy?>> _builds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastBuildStarted = new(StringComparer.Ordinal);
    private readonly JsonSerializerOptions _serializer = json.Value.SerializerOptions;

    /// <summary>
    /// The page of what <paramref name="http"/>'s reader may see of <paramref name="essay"/> after
    /// <paramref name="after"/> (public annotations; a signed-in reader's own private ones too, read from
    /// the database and merged in), as the API's JSON, or null when no current copy can be had now (the
    /// caller then asks the database for all of it).
    /// </summary>
    public async Task<IResult?> FindPageAsync(Essay essay, long after, int pageSize, SiteUrls urls, HttpContext http, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return null;
        }

        var key = pages.KeyOf(essay);
        var origin = urls.Absolute(string.Empty);
        var copy = Current(essay.Slug, key, origin, out var expired);
        if (copy is not null && expired)
        {
            // Nothing was written through the app since it was built: what it may miss are writes made
            // outside the app, which only expiry brings in. It answers while its successor is built,
            // so that readers do not all wait for a rebuild once a minute.
            RefreshInBackground(essay, key, origin);
        }
        else if (copy is null)
        {
            var build = StartBuild(essay, key, origin);
            if (build is null)
            {
                return null;
            }

            // A build already running may have started before the last write: its copy is not this key's.
            copy = await build;
            if (copy is null || copy.Key != key || copy.Origin != origin)
            {
                return null;
            }
        }

        // The first public annotation after the cursor: Seq is unique and ascending.
        var found = Array.BinarySearch(copy.Seqs, after);
        var start = found >= 0 ? found + 1 : ~found;
        var page = http.User.ReaderId() is { } readerId
            ? await WithOwnPrivateAsync(copy, start, after, pageSize, essay, urls, readerId, http.RequestServices.GetRequiredService<EssayReaderDb>(), cancellationToken)
            : PublicOnly(copy, start, pageSize);
        var next = page.More
            ? urls.Absolute($"/api/essays/{essay.Slug}/annotations?after={page.LastSeq}&limit={pageSize}")
            : null;
        _pages.Add(1);
        return new PageResult(page.Pieces, page.Total, next, _serializer);
    }

    private static Page PublicOnly(Copy copy, int start, int pageSize)
    {
        var count = Math.Min(pageSize, copy.Seqs.Length - start);
        return new Page(
            count > 0 ? [copy.Run(start, start + count)] : [],
            copy.Seqs.Length,
            copy.Seqs.Length - start > pageSize,
            count > 0 ? copy.Seqs[start + count - 1] : 0);
    }

    // The reader's own private annotations after the cursor (at most a page and one), merged with the
    // copy's public ones in keyset order: runs of public documents stay slices of the copy.
    private async Task<Page> WithOwnPrivateAsync(
        Copy copy, int start, long after, int pageSize, Essay essay, SiteUrls urls, string readerId, EssayReaderDb db, CancellationToken cancellationToken)
    {
        var own = db.Annotations.Where(a => a.EssaySlug == essay.Slug && a.Visibility == Visibility.Private && a.OwnerId == readerId);
        var total = copy.Seqs.Length + await own.CountAsync(cancellationToken);
        var privateRows = await own.Where(a => a.Seq > after).OrderBy(a => a.Seq).Take(pageSize + 1).ToListWithOwnerNamesAsync(cancellationToken);
        var anchors = await resolver.ResolveAsync(essay, privateRows, cancellationToken);

        var pieces = new List<ReadOnlyMemory<byte>>();
        var (next, ownNext, taken, runStart, lastSeq) = (start, 0, 0, -1, 0L);
        while (taken < pageSize && (next < copy.Seqs.Length || ownNext < privateRows.Count))
        {
            if (ownNext >= privateRows.Count || (next < copy.Seqs.Length && copy.Seqs[next] < privateRows[ownNext].Seq))
            {
                runStart = runStart < 0 ? next : runStart;
                lastSeq = copy.Seqs[next++];
            }
            else
            {
                if (runStart >= 0)
                {
                    pieces.Add(copy.Run(runStart, next));
                    runStart = -1;
                }

                var row = privateRows[ownNext++];
                pieces.Add(JsonSerializer.SerializeToUtf8Bytes(AnnotationsApi.Document(row, essay, urls, anchors[row.Id]), _serializer));
                lastSeq = row.Seq;
            }

            taken++;
        }

        if (runStart >= 0)
        {
            pieces.Add(copy.Run(runStart, next));
        }

        return new Page(pieces, total, next < copy.Seqs.Length || ownNext < privateRows.Count, lastSeq);
    }

    // The copy of this essay if it is still what anonymous readers would see now: built under the current
    // key, for this site address, and not older than twice the expiry (expired past the expiry itself).
    private Copy? Current(string slug, string key, string origin, out bool expired)
    {
        expired = false;
        if (!_copies.TryGetValue(slug, out var copy) || copy.Key != key || copy.Origin != origin)
        {
            return null;
        }

        var age = clock.GetElapsedTime(copy.BuiltAt);
        expired = age >= EssayPageCache.Expiration;
        return age < 2 * EssayPageCache.Expiration ? copy : null;
    }

    // Starts the build that replaces an expired copy, unless one runs or ran too recently; nobody waits for
    // it, so a failure is logged here (the expired copy goes on answering until it is too old).
    private void RefreshInBackground(Essay essay, string key, string origin)
    {
        lock (_gate)
        {
            if (_builds.ContainsKey(essay.Slug))
            {
                return;
            }
        }

        StartBuild(essay, key, origin)?.ContinueWith(
            build => LogRefreshFailed(build.Exception, essay.Slug),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    // The build that will make a current copy: the one already running (the caller checks its key), or a
    // new one if the last started long enough ago; null if neither (the request goes to the database).
    private Task<Copy?>? StartBuild(Essay essay, string key, string origin)
    {
        lock (_gate)
        {
            if (_builds.TryGetValue(essay.Slug, out var running))
            {
                return running.IsCompleted ? null : running;
            }

            var now = clock.GetTimestamp();
            if (_lastBuildStarted.TryGetValue(essay.Slug, out var last) && clock.GetElapsedTime(last, now) < options.Value.RebuildInterval)
            {
                return null;
            }

            _lastBuildStarted[essay.Slug] = now;
            // Its own addresses: the build may outlive the request that started it (its HttpContext too).
            var build = BuildAsync(essay, key, origin, now, SiteUrls.At(origin));
            _builds[essay.Slug] = build;
            return build;
        }
    }

    // The new copy, or null if the essay has too many public annotations to keep one.
    private async Task<Copy?> BuildAsync(Essay essay, string key, string origin, long started, SiteUrls urls)
    {
        // Not the request's: the work is shared by every request that waits for it.
        var cancellationToken = CancellationToken.None;
        try
        {
            await Task.Yield();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
            // In chunks, so that only a chunk of entities is alive at a time (10 000 at once were ~20 MB
            // that the GC then kept committed), in one read transaction: all chunks see the same state.
            await using var snapshot = await db.Database.BeginTransactionAsync(cancellationToken);
            var visible = db.Annotations.Where(a => a.EssaySlug == essay.Slug).VisibleTo(readerId: null);
            var expected = await visible.CountAsync(cancellationToken);
            if (expected > options.Value.MaxAnnotations)
            {
                _copies.TryRemove(essay.Slug, out _);
                return null;
            }

            // One buffer of the documents in order, each followed by a comma: a page is one slice of it.
            var seqs = new List<long>(expected);
            var offsets = new List<int>(expected + 1);
            var documents = new ArrayBufferWriter<byte>((expected * 1024) + 1);
            using (var writer = new Utf8JsonWriter(documents, new JsonWriterOptions { Encoder = _serializer.Encoder, Indented = _serializer.WriteIndented }))
            {
                for (var last = 0L; ;)
                {
                    var rows = await visible.Where(a => a.Seq > last).OrderBy(a => a.Seq).Take(BuildChunk).ToListWithOwnerNamesAsync(cancellationToken);
                    var anchors = await resolver.ResolveAsync(essay, rows, cancellationToken);
                    foreach (var row in rows)
                    {
                        seqs.Add(row.Seq);
                        offsets.Add(documents.WrittenCount);
                        JsonSerializer.Serialize(writer, AnnotationsApi.Document(row, essay, urls, anchors[row.Id]), _serializer);
                        writer.Flush();
                        writer.Reset();
                        documents.Write(","u8);
                    }

                    if (rows.Count < BuildChunk)
                    {
                        break;
                    }

                    last = rows[^1].Seq;
                }
            }

            offsets.Add(documents.WrittenCount);
            var copy = new Copy(key, origin, started, [.. seqs], [.. offsets], documents.WrittenMemory);
            _built.Add(1);
            _copies[essay.Slug] = copy;

            return copy;
        }
        finally
        {
            lock (_gate)
            {
                _builds.Remove(essay.Slug);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Rebuilding the expired listing copy of {Slug} failed; the copy answers until it is twice as old, then requests build it themselves")]
    private partial void LogRefreshFailed(Exception? exception, string slug);

    /// <summary>
    /// One essay's public annotations as of <see cref="Key"/>, for requests to <see cref="Origin"/>:
    /// document i is <see cref="Documents"/>[Offsets[i]..Offsets[i + 1] - 1], followed by a comma.
    /// </summary>
    private sealed record Copy(string Key, string Origin, long BuiltAt, long[] Seqs, int[] Offsets, ReadOnlyMemory<byte> Documents)
    {
        /// <summary>Documents <paramref name="from"/> to <paramref name="to"/> (exclusive), with the commas between them.</summary>
        public ReadOnlyMemory<byte> Run(int from, int to) => Documents[Offsets[from]..(Offsets[to] - 1)];
    }

    /// <summary>The documents of a page (pieces to join with commas), the listing's total, and where the page ends.</summary>
    private sealed record Page(IReadOnlyList<ReadOnlyMemory<byte>> Pieces, int Total, bool More, long LastSeq);

    /// <summary>A page written as <see cref="AnnotationPage"/> would be serialized, its documents copied as they are.</summary>
    private sealed class PageResult(IReadOnlyList<ReadOnlyMemory<byte>> pieces, int total, string? next, JsonSerializerOptions serializer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            // {"total":n,"items":[ ... ],"next":...}: the ends are small, the middle is the pieces.
            var ends = new ArrayBufferWriter<byte>(256);
            int head;
            using (var writer = new Utf8JsonWriter(ends, new JsonWriterOptions { Encoder = serializer.Encoder, Indented = serializer.WriteIndented, SkipValidation = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber(Name(serializer, nameof(AnnotationPage.Total)), total);
                writer.WriteStartArray(Name(serializer, nameof(AnnotationPage.Items)));
                writer.Flush();
                head = ends.WrittenCount;
                writer.WriteEndArray();
                if (next is null)
                {
                    writer.WriteNull(Name(serializer, nameof(AnnotationPage.Next)));
                }
                else
                {
                    writer.WriteString(Name(serializer, nameof(AnnotationPage.Next)), next);
                }

                writer.WriteEndObject();
            }

            var length = ends.WrittenCount + Math.Max(0, pieces.Count - 1);
            foreach (var piece in pieces)
            {
                length += piece.Length;
            }

            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = length;
            // Headers first, so the body goes straight to the connection's output, copied once.
            var aborted = httpContext.RequestAborted;
            await response.StartAsync(aborted);
            var body = response.BodyWriter;
            body.Write(ends.WrittenSpan[..head]);
            var unflushed = 0;
            for (var i = 0; i < pieces.Count; i++)
            {
                if (i > 0)
                {
                    body.Write(","u8);
                }

                // A page is ~170 KB. Flushed whole, every connection held a whole page in Kestrel's pinned
                // output blocks until the socket took it, and the pool keeps the blocks: 11.2 MB after
                // the benchmark's 64 connections listing, 4.6 MB flushed a slice at a time.
                for (var piece = pieces[i]; !piece.IsEmpty;)
                {
                    var slice = Math.Min(FlushEvery - unflushed, piece.Length);
                    body.Write(piece.Span[..slice]);
                    piece = piece[slice..];
                    unflushed += slice;
                    if (unflushed == FlushEvery)
                    {
                        await body.FlushAsync(aborted);
                        unflushed = 0;
                    }
                }
            }

            body.Write(ends.WrittenSpan[head..]);
            await body.FlushAsync(aborted);
        }

        // Bytes written before the output is flushed to the connection: Kestrel's default response buffer,
        // so a flush waits for the socket only when the connection is already that far behind.
        private const int FlushEvery = 64 * 1024;

        private static string Name(JsonSerializerOptions serializer, string property) =>
            serializer.PropertyNamingPolicy?.ConvertName(property) ?? property;
    }
}

/// <summary>The <c>Listing</c> section of the configuration: <see cref="PublicAnnotationListing"/>.</summary>
public sealed class PublicListingOptions
{
    /// <summary>Whether anonymous listings are served from memory at all (on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The least time between two rebuilds of one essay's copy (1 s by default).</summary>
    public TimeSpan RebuildInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most public annotations an essay may have and still get a copy (20 000 by default, about
    /// 18 MB of documents); beyond it its listings come from the database.
    /// </summary>
    public int MaxAnnotations { get; set; } = 20_000;
}
