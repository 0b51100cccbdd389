using System.Net;
using System.Text.Json.Nodes;
using EssayReader.Tests.Accounts;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.RateLimiting;

/// <summary>
/// Sign-in and sign-up are limited per client address, annotation writes per reader: past the limit the
/// answer is 429 with Retry-After, a ProblemDetails from the API and the friendly page for people, and
/// the refused request does nothing. The app here allows 3 sign-ins, 2 sign-ups and 3 writes an hour, and
/// each test uses addresses and readers of its own. (The in-memory server has no client addresses: the
/// factory takes one from <see cref="EssayReaderFactory.ClientAddressHeader"/>.)
/// </summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApp app) : IClassFixture<RateLimitTests.LimitedApp>
{
    private const string Phrase = "Russo-Sino relations have long been difficult.";
    private readonly EssayReaderFactory _factory = app.Factory;

    [Fact]
    public async Task SignInPastTheLimitIs429WithRetryAfterAndAPageThatSaysWhenToTryAgain()
    {
        var reader = await _factory.CreateReaderAsync();
        var browser = BrowserFrom("192.0.2.1");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var wrong = await browser.SignInAsync(reader.UserName!, $"wrong password {attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var response = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = RetryAfterSeconds(response);
        Assert.InRange(seconds, 1, 3600);
        var page = await response.ParseHtmlAsync();
        Assert.Equal("Too many attempts", AccountPages.Collapse(Assert.Single(page.QuerySelectorAll("main h1")).TextContent));
        Assert.Contains($"wait {(seconds + 59) / 60} minutes", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // Refused before the sign-in ran: no fourth failure counted, no one signed in.
        Assert.Equal(3, await AccessFailedCountAsync(reader.Id));
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("EssayReader.Auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheSignInLimitCountsEachAddressApart()
    {
        var reader = await _factory.CreateReaderAsync();
        await ExhaustSignInAsync("192.0.2.2");

        using var elsewhere = await BrowserFrom("192.0.2.3").SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        await elsewhere.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task AnIPv6AddressIsCountedByItsSlash64()
    {
        // Whoever holds one address of a /64 holds them all: trying the next one must not reset the count.
        var reader = await _factory.CreateReaderAsync();
        await ExhaustSignInAsync("2001:db8:6:1::1");

        using var sameNetwork = await BrowserFrom("2001:db8:6:1::abcd").SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        using var nextNetwork = await BrowserFrom("2001:db8:6:2::1").SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameNetwork.StatusCode);
        await nextNetwork.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task OpeningTheSignInPageIsNotCounted()
    {
        var reader = await _factory.CreateReaderAsync();
        var browser = BrowserFrom("192.0.2.4");
        for (var i = 0; i < 10; i++)
        {
            await browser.GetPageAsync(AccountPages.SignInPath);
        }

        using var response = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        await response.AssertRedirectsToAsync("/");
    }

    [Fact]
    public async Task SignUpPastTheLimitIs429AndMakesNoAccount()
    {
        var browser = BrowserFrom("192.0.2.5");
        for (var i = 0; i < 2; i++)
        {
            using var made = await browser.SignUpAsync(AccountPages.NewUserName(), "Reader", "a long enough passphrase");
            await made.AssertRedirectsToAsync("/");
        }

        var userName = AccountPages.NewUserName();
        using var response = await browser.SignUpAsync(userName, "Reader", "a long enough passphrase");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(RetryAfterSeconds(response), 1, 3600);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        await using var scope = _factory.CreateDbContext();
        Assert.False(await scope.Db.Users.AnyAsync(u => u.UserName == userName));
    }

    [Fact]
    public async Task EveryKindOfWriteCountsAndThePastTheLimitOneIs429WithAProblemAndChangesNothing()
    {
        var reader = await _factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var id = IdOf(await reader.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase)));
        using (var edited = await reader.Client.PatchJsonAsync(AnnotationPath(id), new JsonObject { ["color"] = "blue" }))
        {
            await AssertStatusAsync(HttpStatusCode.OK, edited);
        }

        await reader.Client.ReplyAsync(id);

        var before = await _factory.AnnotationRowsAsync();
        using var response = await reader.Client.DeleteAsync(AnnotationPath(id));

        var problem = await AssertProblemAsync(HttpStatusCode.TooManyRequests, response);
        var seconds = RetryAfterSeconds(response);
        Assert.InRange(seconds, 1, 3600);
        Assert.Contains($"{seconds} seconds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _factory.AnnotationRowsAsync());
    }

    [Fact]
    public async Task AnotherReaderIsNotLimitedByTheFirstFromTheSameAddress()
    {
        var first = await _factory.SignInNewReaderAsync();
        var second = await _factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(first.Client);
        await ExhaustWritesAsync(first, essay);

        var created = await second.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));

        Assert.Equal(second.Id, await OwnerOfAsync(IdOf(created)));
    }

    [Fact]
    public async Task ReadingIsNotLimited()
    {
        var reader = await _factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);
        var ids = await ExhaustWritesAsync(reader, essay);

        for (var i = 0; i < 5; i++)
        {
            await reader.Client.GetJsonAsync(AnnotationPath(ids[0]));
            Assert.Superset(ids.ToHashSet(), (await reader.Client.ListIdsAsync()).ToHashSet());
        }
    }

    [Fact]
    public async Task SignedOutWritesAreCountedByAddress()
    {
        var essay = await CanonicalEssay.GetAsync(_factory.CreateClient());
        var request = AnnotationRequests.Highlight(essay, Phrase);
        var anonymous = await AnonymousFromAsync("192.0.2.6");
        for (var i = 0; i < 3; i++)
        {
            using var refused = await anonymous.PostJsonAsync(AnnotationsPath(), request);
            await AssertProblemAsync(HttpStatusCode.Unauthorized, refused);
        }

        using var limited = await anonymous.PostJsonAsync(AnnotationsPath(), request);
        using var elsewhere = await (await AnonymousFromAsync("192.0.2.7")).PostJsonAsync(AnnotationsPath(), request);

        await AssertProblemAsync(HttpStatusCode.TooManyRequests, limited);
        await AssertProblemAsync(HttpStatusCode.Unauthorized, elsewhere);
    }

    [Fact]
    public async Task TheLimitsComeFromConfiguration()
    {
        await using var factory = new EssayReaderFactory();
        factory.Settings["RateLimits:SignIn:PermitLimit"] = "5";
        factory.Settings["RateLimits:SignIn:Window"] = "00:10:00";
        var reader = await factory.CreateReaderAsync();
        var browser = factory.CreateBrowser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await browser.SignInAsync(reader.UserName!, $"wrong password {attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var fifth = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password);
        using var sixth = await browser.SignInAsync(reader.UserName!, EssayReaderFactory.Password);

        await fifth.AssertRedirectsToAsync("/");
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.InRange(RetryAfterSeconds(sixth), 1, 600);
    }

    [Fact]
    public async Task TurnedOffNothingIsLimited()
    {
        await using var factory = new EssayReaderFactory();
        factory.Settings["RateLimits:Enabled"] = "false";
        factory.Settings["RateLimits:SignIn:PermitLimit"] = "1";
        factory.Settings["RateLimits:AnnotationWrites:PermitLimit"] = "1";
        var reader = await factory.SignInNewReaderAsync();
        var essay = await CanonicalEssay.GetAsync(reader.Client);

        for (var i = 0; i < 3; i++)
        {
            await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase));
            using var signIn = await factory.CreateBrowser().SignInAsync(reader.Reader.UserName!, EssayReaderFactory.Password);
            await signIn.AssertRedirectsToAsync("/");
        }
    }

    [Fact]
    public async Task ALimitOfNothingStopsTheAppFromStarting()
    {
        await using var factory = new EssayReaderFactory();
        factory.Settings["RateLimits:AnnotationWrites:Window"] = "00:00:00";

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("RateLimits", failure.Message, StringComparison.Ordinal);
    }

    private HttpClient BrowserFrom(string address)
    {
        var browser = _factory.CreateBrowser();
        browser.DefaultRequestHeaders.Add(EssayReaderFactory.ClientAddressHeader, address);
        return browser;
    }

    private async Task<HttpClient> AnonymousFromAsync(string address)
    {
        var client = await _factory.CreateClientAsync(null);
        client.DefaultRequestHeaders.Add(EssayReaderFactory.ClientAddressHeader, address);
        return client;
    }

    private async Task ExhaustSignInAsync(string address)
    {
        var browser = BrowserFrom(address);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var _ = await browser.SignInAsync(AccountPages.NewUserName(), "any password at all");
        }
    }

    private static async Task<List<Guid>> ExhaustWritesAsync(SignedInReader reader, CanonicalEssay essay)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(IdOf(await reader.Client.CreateAsync(AnnotationRequests.Highlight(essay, Phrase))));
        }

        using var limited = await reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Highlight(essay, Phrase));
        await AssertProblemAsync(HttpStatusCode.TooManyRequests, limited);
        return ids;
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        (int)(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? throw new Xunit.Sdk.XunitException("no Retry-After in seconds"));

    private async Task<int> AccessFailedCountAsync(string readerId)
    {
        await using var scope = _factory.CreateDbContext();
        return await scope.Db.Users.Where(u => u.Id == readerId).Select(u => u.AccessFailedCount).SingleAsync();
    }

    private async Task<string> OwnerOfAsync(Guid id)
    {
        await using var scope = _factory.CreateDbContext();
        return await scope.Db.Annotations.Where(a => a.Id == id).Select(a => a.OwnerId).SingleAsync();
    }

    /// <summary>The app with limits a test can reach: 3 sign-ins and 2 sign-ups per address, 3 writes per reader, an hour each.</summary>
    public sealed class LimitedApp : IAsyncLifetime
    {
        public EssayReaderFactory Factory { get; } = new();

        public Task InitializeAsync()
        {
            foreach (var (rule, limit) in new[] { ("SignIn", 3), ("SignUp", 2), ("AnnotationWrites", 3) })
            {
                Factory.Settings[$"RateLimits:{rule}:PermitLimit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Factory.Settings[$"RateLimits:{rule}:Window"] = "01:00:00";
            }

            return Task.CompletedTask;
        }

        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }
}
