using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using EssayReader.Data;
using EssayReader.Essays;
using EssayReader.Pages;
using EssayReader.Pages.Essays;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EssayReader.Annotations;

/// <summary>
/// Anonymous readers' listing of an essay's annotations from memory: every public annotation of the
/// essay, in keyset order, each already serialized as the API shows it, so a page of 200 is a binary
/// search and a copy of bytes instead of a query, 200 anchors and 200 documents to serialize.
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
/// than that, anonymous readers are served from the database, as signed-in readers always are (they
/// also see their own private annotations). Requests that arrive during a rebuild wait for it rather
/// than each doing the work. A write made outside the app is seen when the copy expires
/// (<see cref="EssayPageCache.Expiration"/>). The documents hold absolute addresses, so a copy answers
/// only requests for the site address it was built for.
/// </para>
/// </remarks>
public sealed class PublicAnnotationListing(
    EssayPageCache pages, IServiceScopeFactory scopes, AnchorResolver resolver, IOptions<JsonOptions> json,
    IOptions<PublicListingOptions> options, TimeProvider clock, IMeterFactory meters)
{
    public const string MeterName = "EssayReader.Annotations";
    public const string PagesInstrument = "essayreader.public_listing.pages";
    public const string BuildsInstrument = "essayreader.public_listing.builds";

    // Set against the API's request rate, what the copies save and how often writes make them rebuild.
    private readonly Counter<long> _pages = meters.Create(MeterName)
        .CreateCounter<long>(PagesInstrument, unit: "{page}", description: "Pages of anonymous annotation listings served from memory.");
    private readonly Counter<long> _built = meters.Create(MeterName)
        .CreateCounter<long>(BuildsInstrument, unit: "{copy}", description: "Copies of an essay's public annotations built for anonymous listings.");

    private readonly Lock _gate = new();
    // Read by every anonymous listing without a lock; builds and their timing are under _gate.
    private readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Copy>> _builds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastBuildStarted = new(StringComparer.Ordinal);
    private readonly JsonSerializerOptions _serializer = json.Value.SerializerOptions;

    /// <summary>
    /// The page of the public annotations of <paramref name="essay"/> that follow <paramref name="after"/>,
    /// as the API's JSON, or null when no current copy can be had now (the caller then asks the database).
    /// </summary>
    public async Task<IResult?> FindPageAsync(Essay essay, long after, int pageSize, SiteUrls urls)
    {
        if (!options.Value.Enabled)
        {
            return null;
        }

        var key = pages.KeyOf(essay);
        var origin = urls.Absolute(string.Empty);
        var copy = Current(essay.Slug, key, origin);
        if (copy is null)
        {
            var build = StartBuild(essay, key, origin, urls);
            if (build is null)
            {
                return null;
            }

            // A build already running may have started before the last write: its copy is not this key's.
            copy = await build;
            if (copy.Key != key || copy.Origin != origin)
            {
                return null;
            }
        }

        // The first annotation after the cursor: Seq is unique and ascending.
        var found = Array.BinarySearch(copy.Seqs, after);
        var start = found >= 0 ? found + 1 : ~found;
        var count = Math.Min(pageSize, copy.Seqs.Length - start);
        var next = copy.Seqs.Length - start > pageSize
            ? urls.Absolute($"/api/essays/{essay.Slug}/annotations?after={copy.Seqs[start + pageSize - 1]}&limit={pageSize}")
            : null;
        _pages.Add(1);
        return new PageOfCopy(copy, start, count, next, _serializer);
    }

    // The copy of this essay if it is still what anonymous readers would see now.
    private Copy? Current(string slug, string key, string origin) =>
        _copies.TryGetValue(slug, out var copy) && copy.Key == key && copy.Origin == origin
            && clock.GetElapsedTime(copy.BuiltAt) < EssayPageCache.Expiration
            ? copy
            : null;

    // The build that will make a current copy: the one already running (the caller checks its key), or a
    // new one if the last started long enough ago; null if neither (the request goes to the database).
    private Task<Copy>? StartBuild(Essay essay, string key, string origin, SiteUrls urls)
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
            var build = BuildAsync(essay, key, origin, now, urls);
            _builds[essay.Slug] = build;
            return build;
        }
    }

    private async Task<Copy> BuildAsync(Essay essay, string key, string origin, long started, SiteUrls urls)
    {
        // Not the request's: the work is shared by every request that waits for it.
        var cancellationToken = CancellationToken.None;
        try
        {
            await Task.Yield();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
            var rows = await db.Annotations
                .Where(a => a.EssaySlug == essay.Slug)
                .VisibleTo(readerId: null)
                .OrderBy(a => a.Seq)
                .ToListWithOwnerNamesAsync(cancellationToken);
            var anchors = await resolver.ResolveAsync(essay, rows, cancellationToken);
            // One buffer of the documents in order, each followed by a comma: a page is one slice of it.
            var seqs = new long[rows.Count];
            var offsets = new int[rows.Count + 1];
            var documents = new ArrayBufferWriter<byte>((rows.Count * 1024) + 1);
            using (var writer = new Utf8JsonWriter(documents, new JsonWriterOptions { Encoder = _serializer.Encoder, Indented = _serializer.WriteIndented }))
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    seqs[i] = rows[i].Seq;
                    offsets[i] = documents.WrittenCount;
                    JsonSerializer.Serialize(writer, AnnotationsApi.Document(rows[i], essay, urls, anchors[rows[i].Id]), _serializer);
                    writer.Flush();
                    writer.Reset();
                    documents.Write(","u8);
                }
            }

            offsets[rows.Count] = documents.WrittenCount;
            var copy = new Copy(key, origin, started, seqs, offsets, documents.WrittenMemory);
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

    /// <summary>
    /// One essay's public annotations as of <see cref="Key"/>, for requests to <see cref="Origin"/>:
    /// document i is <see cref="Documents"/>[Offsets[i]..Offsets[i + 1] - 1], followed by a comma.
    /// </summary>
    private sealed record Copy(string Key, string Origin, long BuiltAt, long[] Seqs, int[] Offsets, ReadOnlyMemory<byte> Documents);

    /// <summary>A page of a copy, written as <see cref="AnnotationPage"/> would be serialized.</summary>
    private sealed class PageOfCopy(Copy copy, int start, int count, string? next, JsonSerializerOptions serializer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            // {"total":n,"items":[ ... ],"next":...}: the ends are small, the middle is one slice of the copy.
            var ends = new ArrayBufferWriter<byte>(256);
            int head;
            using (var writer = new Utf8JsonWriter(ends, new JsonWriterOptions { Encoder = serializer.Encoder, Indented = serializer.WriteIndented, SkipValidation = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber(Name(serializer, nameof(AnnotationPage.Total)), copy.Seqs.Length);
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

            // Without the comma that follows the page's last document.
            var items = count > 0 ? copy.Documents[copy.Offsets[start]..(copy.Offsets[start + count] - 1)] : ReadOnlyMemory<byte>.Empty;
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = ends.WrittenCount + items.Length;
            // Headers first, so the body goes straight to the connection's output, copied once, in one flush.
            await response.StartAsync(httpContext.RequestAborted);
            var body = response.BodyWriter;
            body.Write(ends.WrittenSpan[..head]);
            body.Write(items.Span);
            body.Write(ends.WrittenSpan[head..]);
            await body.FlushAsync(httpContext.RequestAborted);
        }

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
}
