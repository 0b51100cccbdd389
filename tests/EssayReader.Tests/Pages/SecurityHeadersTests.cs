using System.Net;
using System.Security.Cryptography;
using System.Text;
using EssayReader.Pages;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Essays;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Pages;

/// <summary>
/// Every kind of response carries the Content-Security-Policy, nosniff, Referrer-Policy and
/// X-Frame-Options headers, and HSTS over https; the policy lets a page run only the site's own
/// script files, and the pages need nothing more.
/// </summary>
public sealed class SecurityHeadersTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    private static readonly string EssayPath = HtmlPages.EssayPath(EssayReaderFactory.EssaySlug);

    public static TheoryData<string, HttpStatusCode> Responses() => new()
    {
        { "/", HttpStatusCode.OK },
        { EssayPath, HttpStatusCode.OK },
        { EssayPath + "/annotations", HttpStatusCode.OK },
        { "/account/sign-in", HttpStatusCode.OK },
        { "/account/password", HttpStatusCode.Redirect },
        { "/css/site.css", HttpStatusCode.OK },
        { "/js/annotations/index.js", HttpStatusCode.OK },
        { "/favicon.svg", HttpStatusCode.OK },
        { "/api/session", HttpStatusCode.OK },
        { "/api/essays", HttpStatusCode.OK },
        { "/api/essays/no-such-essay", HttpStatusCode.NotFound },
        { "/api/no-such-call", HttpStatusCode.NotFound },
        { "/openapi/v1.json", HttpStatusCode.OK },
        { "/no-such-page", HttpStatusCode.NotFound },
        { "/healthz", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task EveryKindOfResponseCarriesTheHeaders(string path, HttpStatusCode status)
    {
        using var response = await factory.CreateClientWithoutRedirects().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task AnApiErrorCarriesTheHeaders()
    {
        // Signed out: the cookie handler's 401, turned into ProblemDetails.
        using var response = await factory.CreateClient().DeleteAsync(AnnotationPath(Guid.NewGuid()));

        await AssertProblemAsync(HttpStatusCode.Unauthorized, response);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task AnEssayPageFromTheOutputCacheCarriesTheHeaders()
    {
        await using var own = new EssayReaderFactory();
        using var first = await own.CreateClient().GetAsync(EssayPath);
        using var second = await own.CreateClient().GetAsync(EssayPath);

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        AssertSecurityHeaders(first);
        AssertSecurityHeaders(second);
        Assert.Single(second.Headers.GetValues("Content-Security-Policy"));
    }

    [Fact]
    public async Task TheFriendly500PageCarriesTheHeaders()
    {
        await using var own = new EssayReaderFactory();
        using var failing = own.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingEndpoint>()));

        using var page = await failing.CreateClient().GetAsync(FailingEndpoint.PagePath);
        using var api = await failing.CreateClient().GetAsync(FailingEndpoint.ApiPath);

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(page);
        await AssertProblemAsync(HttpStatusCode.InternalServerError, api);
        AssertSecurityHeaders(api);
    }

    [Fact]
    public async Task AnHttps500KeepsTellingTheBrowserToStayOnHttps()
    {
        // The exception handler clears the failed response's headers before it makes the error page.
        await using var own = new EssayReaderFactory();
        using var failing = own.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingEndpoint>()));
        var client = failing.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://essays.example.org") });

        foreach (var path in new[] { FailingEndpoint.PagePath, FailingEndpoint.ApiPath })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/essays")]
    public async Task HttpsResponsesTellTheBrowserToStayOnHttps(string path)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://essays.example.org") });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentNoResponseCarriesHsts()
    {
        // A developer's browser would otherwise insist on https for localhost for a month.
        await using var own = new EssayReaderFactory();
        using var development = own.WithWebHostBuilder(builder => builder.UseEnvironment("Development"));

        using var response = await development.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://essays.example.org") }).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task PlainHttpResponsesCarryNoHsts()
    {
        // RFC 6797: a browser ignores HSTS over http, and a man in the middle could strip or forge it.
        using var response = await factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://essays.example.org") }).GetAsync("/");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void ThePolicyRunsOnlyTheSitesOwnScriptFiles()
    {
        var policy = Directives(SecurityHeaders.ContentSecurityPolicy);

        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'"], policy["default-src"]);
        Assert.Equal(["'self'"], policy["style-src"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'none'"], policy["base-uri"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'self'"], policy["form-action"]);
        Assert.DoesNotContain(policy.Values.SelectMany(sources => sources),
            source => source is "'unsafe-inline'" or "'unsafe-eval'" or "*" or "data:" or "http:" or "https:");
        // Style attributes only by hash: each of the table alignments, nothing else.
        Assert.Equal(
            ["'unsafe-hashes'", .. SecurityHeaders.TableAlignmentStyles.Select(HashSource)],
            policy["style-src-attr"]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/essays/" + EssayReaderFactory.EssaySlug)]
    [InlineData("/essays/" + EssayReaderFactory.EssaySlug + "/annotations")]
    [InlineData("/account/sign-in")]
    [InlineData("/account/sign-up")]
    [InlineData("/no-such-page")]
    public async Task NoPageNeedsInlineScriptOrStyle(string path)
    {
        var reader = await factory.SignInNewReaderAsync();
        using var response = await reader.Client.GetAsync(path);
        var page = await response.ParseHtmlAsync();

        // A <script> either loads a file or is a data block (JSON-LD), which the browser does not run.
        Assert.All(page.Scripts, script => Assert.True(
            script.Source is { Length: > 0 } || script.Type == "application/ld+json",
            $"an inline script on {path}: {script.OuterHtml}"));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(page.QuerySelectorAll("a[href^='javascript:' i], form[action^='javascript:' i]"));
    }

    [Fact]
    public async Task TheStylesOfAnAlignedTableAreTheOnesThePolicyAllows()
    {
        await EssayReaderFactory.SaveEssayFileAsync(factory.EssayFile("aligned-table"), TestEssay.AlignedTable);
        var client = factory.CreateClient();
        Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/essays/aligned-table")).StatusCode == HttpStatusCode.OK));

        var page = await client.GetPageAsync("/essays/aligned-table");

        var styles = page.QuerySelectorAll("[style]").Select(e => e.GetAttribute("style")!).Distinct().Order().ToList();
        Assert.Equal(SecurityHeaders.TableAlignmentStyles.Order(), styles);
        var allowed = Directives(SecurityHeaders.ContentSecurityPolicy)["style-src-attr"];
        Assert.All(styles, style => Assert.Contains(HashSource(style), allowed));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Assert.Single(values)
        : throw new Xunit.Sdk.XunitException($"no {name} on {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");

    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1..]);

    private static string HashSource(string inline) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";

    // Adds, after the app's own pipeline (so inside its error handling), a page and an API call that always fail.
    private sealed class FailingEndpoint : IStartupFilter
    {
        public const string PagePath = "/test-only/fail";
        public const string ApiPath = "/api/test-only/fail";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
                context.Request.Path == PagePath || context.Request.Path == ApiPath ? throw new InvalidOperationException("failing on purpose") : nextMiddleware(context));
        };
    }
}
