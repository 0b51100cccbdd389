using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EssayReader.Annotations;
using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// The API takes request bodies up to <see cref="AnnotationLimits.MaxRequestBytes"/>, not Kestrel's 30 MB:
/// a larger one is refused with 413 and a ProblemDetails before it is read. The limit is the server's
/// (routing hands it to Kestrel), so these tests run the app on real Kestrel; the in-memory test server
/// has no body limit to enforce.
/// </summary>
public sealed class RequestSizeTests(KestrelEssayReader kestrel) : IClassFixture<KestrelEssayReader>, IAsyncLifetime
{
    private const string Phrase = "the sharp incompatibility of the international strategies";

    private readonly EssayReaderFactory _factory = kestrel.Factory;
    private SignedInReader _reader = null!;
    private CanonicalEssay _essay = null!;

    public async Task InitializeAsync()
    {
        _reader = await _factory.SignInNewReaderAsync();
        _essay = await CanonicalEssay.GetAsync(_reader.Client);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void TheLargestValidRequestFitsUnderTheLimit()
    {
        // Every field at its longest, every character one a client may send escaped (\u0001, 6 bytes).
        var longest = AnnotationRequests.Comment(_essay, Phrase, new string('\u0001', AnnotationLimits.MaxBodyLength));
        var quote = longest.QuoteSelector();
        foreach (var field in new[] { "exact", "prefix", "suffix" })
        {
            quote[field] = new string('\u0001', AnnotationLimits.MaxQuoteLength);
        }

        var bytes = Encoding.UTF8.GetByteCount(longest.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default }));

        Assert.InRange(bytes, 420_000, AnnotationLimits.MaxRequestBytes);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413WithAProblemAndChangesNothing()
    {
        var request = AnnotationRequests.Highlight(_essay, Phrase);
        request.QuoteSelector()["exact"] = new string('q', 1_000_000);

        var problem = await _factory.AssertRefusedAsync(HttpStatusCode.RequestEntityTooLarge,
            () => SendTooLargeAsync(() => new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"), AnnotationsPath()));

        Assert.Contains(AnnotationLimits.MaxRequestBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIs413Too()
    {
        // No Content-Length to refuse up front: the server counts as it reads.
        var id = IdOf(await _reader.Client.CreateAsync(AnnotationRequests.Comment(_essay, Phrase)));
        var request = new JsonObject { ["body"] = AnnotationRequests.Body(new string('w', AnnotationLimits.MaxRequestBytes + 1)) };

        await _factory.AssertRefusedAsync(HttpStatusCode.RequestEntityTooLarge, () => SendTooLargeAsync(() => JsonContent.Create(request), RepliesPath(id)));
    }

    // Kestrel answers 413 as soon as it knows, and closes the connection: a client still sending the
    // rest of the body may then fail its write (broken pipe) before it reads the answer. With
    // "Expect: 100-continue" a body with a Content-Length is refused before it is sent; a chunked one
    // is sent until the server has seen too much, so that race is met by sending it again.
    private async Task<HttpResponseMessage> SendTooLargeAsync(Func<HttpContent> content, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content() };
            request.Headers.ExpectContinue = true;
            try
            {
                return await _reader.Client.SendAsync(request);
            }
            catch (HttpRequestException ex) when (ex.InnerException is IOException && attempt < 5)
            {
            }
        }
    }

    [Fact]
    public async Task ABodyUnderTheLimitIsReadAndJudgedByItsFields()
    {
        // 200 KB of comment: within the bytes, beyond the characters, so the answer says which field.
        var problem = await _factory.AssertRefusedAsync(HttpStatusCode.BadRequest,
            () => _reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Comment(_essay, Phrase, new string('c', 200_000))));

        Assert.Contains("body[0].value", Errors(problem).Keys);
    }
}

/// <summary>The app on real Kestrel (loopback, a free port), for what only a real server enforces.</summary>
public sealed class KestrelEssayReader : IAsyncLifetime
{
    public EssayReaderFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}
