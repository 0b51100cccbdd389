using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EssayReader.Accounts;
using EssayReader.RateLimiting;
using EssayReader.Tests.Accounts;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests;

/// <summary>
/// Every endpoint that can change anything, and the rules each must keep: without the antiforgery token
/// it is refused (400); another reader is refused (403, or 404 where even knowing is too much); a signed-out
/// caller is refused (401, or sent to sign in). Every refusal changes nothing. The table is checked against
/// the app's own <see cref="EndpointDataSource"/>: a new endpoint that takes POST, PUT, PATCH or DELETE (a
/// minimal-API route or a Razor Pages handler) fails <see cref="EveryStateChangingEndpointHasARow"/> until
/// it has a row here, and a rule that does not apply says so, with why.
/// </summary>
public sealed class StateChangingEndpointTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private const string Phrase = "the sharp incompatibility of the international strategies";
    private const string NewPassword = "a brand new passphrase";

    /// <summary>The table: one row per state-changing endpoint, keyed as <see cref="StateChangingEndpoints"/> names them.</summary>
    internal static readonly IReadOnlyList<EndpointRule> Rules =
    [
        new("POST /api/essays/{slug}/annotations", Caller.Owner,
            async arena => EndpointCall.Json(HttpMethod.Post, AnnotationsPath(), AnnotationRequests.Highlight(await arena.EssayAsync(), Phrase)),
            Owner: Expect.Served(HttpStatusCode.Created),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.NotApplicable("It creates the caller's own annotation; its address names no one else's."),
            OtherReaderOnPublic: Expect.NotApplicable("It creates the caller's own annotation; its address names no one else's."),
            SignedOut: Expect.Refused(HttpStatusCode.Unauthorized),
            LimitedBy: RateLimit.By(RateLimits.AnnotationWrites)),

        new("PATCH /api/annotations/{id:guid}", Caller.Owner,
            async arena => EndpointCall.Json(HttpMethod.Patch, AnnotationPath(await arena.OwnersCommentAsync()), new JsonObject { ["body"] = AnnotationRequests.Body("Changed.") }),
            Owner: Expect.Served(HttpStatusCode.OK),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.Refused(HttpStatusCode.NotFound),
            OtherReaderOnPublic: Expect.Refused(HttpStatusCode.Forbidden),
            SignedOut: Expect.Refused(HttpStatusCode.Unauthorized),
            LimitedBy: RateLimit.By(RateLimits.AnnotationWrites)),

        new("DELETE /api/annotations/{id:guid}", Caller.Owner,
            async arena => EndpointCall.Json(HttpMethod.Delete, AnnotationPath(await arena.OwnersCommentAsync()), body: null),
            Owner: Expect.Served(HttpStatusCode.NoContent),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.Refused(HttpStatusCode.NotFound),
            OtherReaderOnPublic: Expect.Refused(HttpStatusCode.Forbidden),
            SignedOut: Expect.Refused(HttpStatusCode.Unauthorized),
            LimitedBy: RateLimit.By(RateLimits.AnnotationWrites)),

        new("POST /api/annotations/{id:guid}/replies", Caller.Owner,
            async arena => EndpointCall.Json(HttpMethod.Post, RepliesPath(await arena.OwnersCommentAsync()), AnnotationRequests.Reply("An answer.")),
            Owner: Expect.Served(HttpStatusCode.Created),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.Refused(HttpStatusCode.NotFound),
            OtherReaderOnPublic: Expect.Served(HttpStatusCode.Created, why: "Replying to a public comment is what other readers are for."),
            SignedOut: Expect.Refused(HttpStatusCode.Unauthorized),
            LimitedBy: RateLimit.By(RateLimits.AnnotationWrites)),

        new("POST /account/sign-in", Caller.Anonymous,
            arena => Task.FromResult(EndpointCall.Form(AccountPages.SignInPath, new()
            {
                ["Input.UserName"] = arena.Owner.UserName!,
                ["Input.Password"] = EssayReaderFactory.Password,
            })),
            Owner: Expect.Served(HttpStatusCode.Redirect),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.NotApplicable("Signing in names an account by its password, not by an address another reader could call."),
            OtherReaderOnPublic: Expect.NotApplicable("Signing in names an account by its password, not by an address another reader could call."),
            SignedOut: Expect.NotApplicable("Signing in is for the signed out; the owner's row above is that call."),
            LimitedBy: RateLimit.By(RateLimits.SignIn)),

        new("POST /account/sign-up", Caller.Anonymous,
            _ => Task.FromResult(EndpointCall.Form(AccountPages.SignUpPath, new()
            {
                ["Input.UserName"] = AccountPages.NewUserName(),
                ["Input.DisplayName"] = "New Reader",
                ["Input.Password"] = NewPassword,
                ["Input.ConfirmPassword"] = NewPassword,
            })),
            Owner: Expect.Served(HttpStatusCode.Redirect),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.NotApplicable("Signing up makes a new account; there is no one else's to name."),
            OtherReaderOnPublic: Expect.NotApplicable("Signing up makes a new account; there is no one else's to name."),
            SignedOut: Expect.NotApplicable("Signing up is for the signed out; the owner's row above is that call."),
            LimitedBy: RateLimit.By(RateLimits.SignUp)),

        new("POST /account/sign-out", Caller.Owner,
            _ => Task.FromResult(EndpointCall.Form(AccountPages.SignOutPath, new())),
            Owner: Expect.Served(HttpStatusCode.Redirect),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.NotApplicable("It signs out whoever sends it; it names no account."),
            OtherReaderOnPublic: Expect.NotApplicable("It signs out whoever sends it; it names no account."),
            SignedOut: Expect.NotApplicable("Signed out already: there is nothing to refuse, and it only goes back to the page."),
            LimitedBy: RateLimit.None("Signing out costs a cookie and harms no one.")),

        new("POST /account/password", Caller.Owner,
            _ => Task.FromResult(EndpointCall.Form(AccountPages.PasswordPath, new()
            {
                ["Input.CurrentPassword"] = EssayReaderFactory.Password,
                ["Input.NewPassword"] = NewPassword,
                ["Input.ConfirmNewPassword"] = NewPassword,
            })),
            Owner: Expect.Served(HttpStatusCode.Redirect),
            WithoutToken: Expect.Refused(HttpStatusCode.BadRequest),
            OtherReaderOnPrivate: Expect.NotApplicable("It changes the signed-in reader's own password; no address names another account."),
            OtherReaderOnPublic: Expect.NotApplicable("It changes the signed-in reader's own password; no address names another account."),
            SignedOut: Expect.SentToSignIn,
            LimitedBy: RateLimit.None("Wrong current passwords count toward the account's lockout, as failed sign-ins do.")),

        EndpointRule.ChangesNothing("POST /error/{code:int?}",
            "The error page, re-executed for a POST that failed (a refused form shows its page). It reads nothing from the "
            + "request and writes nothing, and takes no token so that the refusal of a token-less POST can be shown.",
            EndpointCall.Form("/error/400", new())),

        EndpointRule.ChangesNothing("ANY /healthz",
            "The health check answers every method and only reads: the content folder and a database ping.",
            EndpointCall.Json(HttpMethod.Post, "/healthz", body: null)),
    ];

    public static TheoryData<string> AllRules() => [.. Rules.Select(r => r.Endpoint)];

    private static TheoryData<string> RulesWhere(Func<EndpointRule, Expect> column) =>
        [.. Rules.Where(r => column(r).Applies).Select(r => r.Endpoint)];

    public static TheoryData<string> WithOwner() => RulesWhere(r => r.Owner);

    public static TheoryData<string> WithoutTokenRules() => RulesWhere(r => r.WithoutToken);

    public static TheoryData<string> OtherReaderOnPrivateRules() => RulesWhere(r => r.OtherReaderOnPrivate);

    public static TheoryData<string> OtherReaderOnPublicRules() => RulesWhere(r => r.OtherReaderOnPublic);

    public static TheoryData<string> SignedOutRules() => RulesWhere(r => r.SignedOut);

    [Fact]
    public void EveryStateChangingEndpointHasARow()
    {
        var endpoints = StateChangingEndpoints.Of(factory);

        Assert.Empty(endpoints.Except(Rules.Select(r => r.Endpoint)));
        // And no row for an endpoint that is gone, which would stand for a rule nothing keeps.
        Assert.Empty(Rules.Select(r => r.Endpoint).Except(endpoints));
        Assert.Equal(Rules.Count, Rules.Select(r => r.Endpoint).Distinct().Count());
    }

    [Fact]
    public void EveryRuleThatDoesNotApplySaysWhy()
    {
        foreach (var rule in Rules)
        {
            foreach (var expect in new[] { rule.Owner, rule.WithoutToken, rule.OtherReaderOnPrivate, rule.OtherReaderOnPublic, rule.SignedOut })
            {
                Assert.True(expect.Applies || !string.IsNullOrWhiteSpace(expect.Why), $"{rule.Endpoint}: a rule left out without a reason");
            }
        }
    }

    [Fact]
    public void EveryEndpointIsRateLimitedAsItsRowSays()
    {
        var endpoints = StateChangingEndpoints.WithEndpoints(factory);

        foreach (var rule in Rules)
        {
            var policy = endpoints[rule.Endpoint].Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
            Assert.True(rule.LimitedBy.Policy == policy, $"{rule.Endpoint} is limited by '{policy}', its row says '{rule.LimitedBy.Policy}'");
            Assert.True(policy is not null || !string.IsNullOrWhiteSpace(rule.LimitedBy.Why), $"{rule.Endpoint}: no rate limit, and no reason");
        }
    }

    /// <summary>
    /// The owner's own call, with the token, is served: the control without which every refusal below could
    /// be a request that was broken in some other way.
    /// </summary>
    [Theory]
    [MemberData(nameof(WithOwner))]
    public async Task TheOwnerWithTheTokenIsServed(string endpoint)
    {
        var rule = Rule(endpoint);
        var arena = await ArenaAsync(visibility: "public");
        var call = await rule.Arrange(arena);
        var client = await ClientAsync(rule.Caller == Caller.Owner ? arena.Owner : null);

        using var response = await call.SendAsync(client, withToken: true);

        await AssertStatusAsync(rule.Owner.Statuses.Single(), response);
    }

    [Theory]
    [MemberData(nameof(WithoutTokenRules))]
    public async Task WithoutTheAntiforgeryTokenItIsRefusedAndChangesNothing(string endpoint)
    {
        var rule = Rule(endpoint);
        var arena = await ArenaAsync(visibility: "public");
        var call = await rule.Arrange(arena);
        var client = await ClientAsync(rule.Caller == Caller.Owner ? arena.Owner : null);

        await AssertRefusedAsync(rule.WithoutToken, call, () => call.SendAsync(client, withToken: false));
    }

    [Theory]
    [MemberData(nameof(OtherReaderOnPrivateRules))]
    public async Task AnotherReaderIsRefusedWhatIsPrivateAndChangesNothing(string endpoint)
    {
        var rule = Rule(endpoint);
        var arena = await ArenaAsync(visibility: "private");
        var call = await rule.Arrange(arena);
        var other = await ClientAsync(await factory.CreateReaderAsync());

        await AssertRefusedAsync(rule.OtherReaderOnPrivate, call, () => call.SendAsync(other, withToken: true));
    }

    [Theory]
    [MemberData(nameof(OtherReaderOnPublicRules))]
    public async Task AnotherReaderGetsWhatThePublicRuleSays(string endpoint)
    {
        var rule = Rule(endpoint);
        var arena = await ArenaAsync(visibility: "public");
        var call = await rule.Arrange(arena);
        var other = await ClientAsync(await factory.CreateReaderAsync());

        if (rule.OtherReaderOnPublic.Kind == ExpectKind.Served)
        {
            using var response = await call.SendAsync(other, withToken: true);
            await AssertStatusAsync(rule.OtherReaderOnPublic.Statuses.Single(), response);
            return;
        }

        await AssertRefusedAsync(rule.OtherReaderOnPublic, call, () => call.SendAsync(other, withToken: true));
    }

    [Theory]
    [MemberData(nameof(SignedOutRules))]
    public async Task SignedOutItIsRefusedAndChangesNothing(string endpoint)
    {
        var rule = Rule(endpoint);
        var arena = await ArenaAsync(visibility: "public");
        var call = await rule.Arrange(arena);
        var anonymous = await ClientAsync(null);

        // With a (signed-out) token, so that it is the missing sign-in that is refused.
        await AssertRefusedAsync(rule.SignedOut, call, () => call.SendAsync(anonymous, withToken: true));
    }

    /// <summary>The rows that change nothing: sent as a cross-site form would send them (no token), and nothing changes.</summary>
    [Fact]
    public async Task TheEndpointsThatChangeNothingChangeNothing()
    {
        foreach (var rule in Rules.Where(r => r.Harmless is not null))
        {
            var reader = await ClientAsync(await factory.CreateReaderAsync());
            var before = await StateAsync();

            using var response = await rule.Harmless!.SendAsync(reader, withToken: false);

            Assert.True((int)response.StatusCode < 500, $"{rule.Endpoint} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(AuthCookiesSet(response), _ => true);
            Assert.Equal(before, await StateAsync());
        }
    }

    private static EndpointRule Rule(string endpoint) => Rules.Single(r => r.Endpoint == endpoint);

    private async Task AssertRefusedAsync(Expect expect, EndpointCall call, Func<Task<HttpResponseMessage>> send)
    {
        var before = await StateAsync();

        using var response = await send();

        if (expect.Kind == ExpectKind.SentToSignIn)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(AccountPages.SignInPath, new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        }
        else if (call.IsApi)
        {
            Assert.Contains(response.StatusCode, expect.Statuses);
            await AssertProblemAsync(response.StatusCode, response);
        }
        else
        {
            // A person gets a page that says what happened, never an empty answer.
            Assert.Contains(response.StatusCode, expect.Statuses);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        // A refused request signs no one in or out, and changes no row.
        Assert.Empty(AuthCookiesSet(response));
        Assert.Equal(before, await StateAsync());
    }

    private static IEnumerable<string> AuthCookiesSet(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith("EssayReader.Auth", StringComparison.Ordinal))
            : [];

    /// <summary>Every annotation row and every account's security-relevant columns: what a refused request must leave alone.</summary>
    private async Task<IReadOnlyList<string>> StateAsync()
    {
        var annotations = await factory.AnnotationRowsAsync();
        await using var scope = factory.CreateDbContext();
        var users = await scope.Db.Users.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.PasswordHash, u.SecurityStamp, u.AccessFailedCount, u.LockoutEnd })
            .ToListAsync();
        return [.. annotations, .. users.Select(u => string.Join('|', u.Id, u.UserName, u.DisplayName, u.PasswordHash, u.SecurityStamp, u.AccessFailedCount, u.LockoutEnd))];
    }

    private async Task<Arena> ArenaAsync(string visibility) => new(factory, await factory.CreateReaderAsync(), visibility);

    /// <summary>A client with its own cookies, signed in as <paramref name="reader"/> (or not), that keeps its antiforgery token to itself.</summary>
    private async Task<TokenClient> ClientAsync(Reader? reader)
    {
        var client = await factory.CreateClientAsync(reader, withAntiforgeryToken: false);
        var session = await client.GetFromJsonAsync<SessionResponse>("/api/session");
        return new TokenClient(client, session!.Antiforgery.Token);
    }
}

/// <summary>Who makes a row's own call: the owner signed in, or someone not yet signed in (sign-in, sign-up).</summary>
internal enum Caller
{
    Owner,
    Anonymous,
}

internal enum ExpectKind
{
    Served,
    Refused,
    SentToSignIn,
    NotApplicable,
}

/// <summary>What one rule expects: the call served, refused with one of some statuses, sent to sign in, or not applicable (with why).</summary>
internal sealed record Expect(ExpectKind Kind, IReadOnlyList<HttpStatusCode> Statuses, string? Why)
{
    public bool Applies => Kind != ExpectKind.NotApplicable;

    public static Expect Served(HttpStatusCode status, string? why = null) => new(ExpectKind.Served, [status], why);

    public static Expect Refused(params HttpStatusCode[] statuses) => new(ExpectKind.Refused, statuses, null);

    public static Expect SentToSignIn { get; } = new(ExpectKind.SentToSignIn, [HttpStatusCode.Redirect], null);

    public static Expect NotApplicable(string why) => new(ExpectKind.NotApplicable, [], why);
}

/// <summary>
/// One state-changing endpoint (<c>METHOD /route</c>, as <see cref="StateChangingEndpoints"/> names it), how to
/// call it (<paramref name="Arrange"/> makes what the call needs, owned by the arena's reader A), and its rules.
/// </summary>
internal sealed record EndpointRule(
    string Endpoint,
    Caller Caller,
    Func<Arena, Task<EndpointCall>> Arrange,
    Expect Owner,
    Expect WithoutToken,
    Expect OtherReaderOnPrivate,
    Expect OtherReaderOnPublic,
    Expect SignedOut,
    RateLimit LimitedBy)
{
    /// <summary>For a row that changes nothing: the call that shows it.</summary>
    public EndpointCall? Harmless { get; init; }

    /// <summary>A row for an endpoint that takes a state-changing method but changes nothing; no rule applies.</summary>
    public static EndpointRule ChangesNothing(string endpoint, string why, EndpointCall call)
    {
        var notApplicable = Expect.NotApplicable(why);
        return new EndpointRule(endpoint, Caller.Owner, _ => Task.FromResult(call), notApplicable, notApplicable, notApplicable, notApplicable, notApplicable, RateLimit.None(why))
        {
            Harmless = call,
        };
    }
}

/// <summary>The rate-limit policy (<see cref="RateLimits"/>) an endpoint must carry, or why it carries none.</summary>
internal sealed record RateLimit(string? Policy, string? Why)
{
    public static RateLimit By(string policy) => new(policy, null);

    public static RateLimit None(string why) => new(null, why);
}

/// <summary>Reader A, who owns what a row's call acts on; <see cref="Visibility"/> is that of A's comment.</summary>
internal sealed record Arena(EssayReaderFactory Factory, Reader Owner, string Visibility)
{
    public async Task<CanonicalEssay> EssayAsync() => await CanonicalEssay.GetAsync(Factory.CreateClient());

    /// <summary>A comment of A's, of the arena's visibility, made through the API.</summary>
    public async Task<Guid> OwnersCommentAsync()
    {
        var client = await Factory.CreateClientAsync(Owner);
        var comment = await client.CreateAsync(AnnotationRequests.Comment(await EssayAsync(), "Russo-Sino relations have long been difficult.", visibility: Visibility));
        return IdOf(comment);
    }
}

/// <summary>A client and the antiforgery token issued to it, sent only when a call asks for it.</summary>
internal sealed record TokenClient(HttpClient Client, string Token);

/// <summary>A request: JSON for the API (token in the header), a form for a page (token in the form, as a browser sends it).</summary>
internal sealed record EndpointCall(HttpMethod Method, string Path, JsonNode? Body, IReadOnlyDictionary<string, string>? Fields)
{
    public bool IsApi => Fields is null;

    public static EndpointCall Json(HttpMethod method, string path, JsonNode? body) => new(method, path, body, null);

    public static EndpointCall Form(string path, Dictionary<string, string> fields) => new(HttpMethod.Post, path, null, fields);

    public async Task<HttpResponseMessage> SendAsync(TokenClient caller, bool withToken)
    {
        using var request = new HttpRequestMessage(Method, Path);
        if (Fields is not null)
        {
            var fields = new Dictionary<string, string>(Fields);
            if (withToken)
            {
                fields[AccountPages.AntiforgeryField] = caller.Token;
            }

            request.Content = new FormUrlEncodedContent(fields);
        }
        else
        {
            if (Body is not null)
            {
                request.Content = JsonContent.Create(Body);
            }

            if (withToken)
            {
                request.Headers.Add(AccountsExtensions.AntiforgeryHeader, caller.Token);
            }
        }

        return await caller.Client.SendAsync(request);
    }
}

/// <summary>The app's endpoints that take POST, PUT, PATCH or DELETE, read from its <see cref="EndpointDataSource"/>.</summary>
internal static class StateChangingEndpoints
{
    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>
    /// <c>METHOD /route</c> for each: a minimal-API route by its methods; a route that takes any method as
    /// <c>ANY /route</c>; a Razor page by its handlers (<c>OnPost</c>, <c>OnPostName</c> as <c>?handler=Name</c>).
    /// </summary>
    public static IReadOnlySet<string> Of(EssayReaderFactory factory) => new SortedSet<string>(WithEndpoints(factory).Keys, StringComparer.Ordinal);

    /// <summary>Each endpoint by the name <see cref="Of"/> gives it.</summary>
    public static IReadOnlyDictionary<string, Endpoint> WithEndpoints(EssayReaderFactory factory)
    {
        var found = new Dictionary<string, Endpoint>(StringComparer.Ordinal);
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            {
                foreach (var handler in page.HandlerMethods.Where(h => Writes.Contains(h.HttpMethod)))
                {
                    found[$"{handler.HttpMethod.ToUpperInvariant()} {route}{(handler.Name is { } name ? $"?handler={name}" : string.Empty)}"] = endpoint;
                }
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
            {
                foreach (var method in methods.HttpMethods.Where(Writes.Contains))
                {
                    found[$"{method.ToUpperInvariant()} {route}"] = endpoint;
                }
            }
            else
            {
                found[$"ANY {route}"] = endpoint;
            }
        }

        return found;
    }
}
