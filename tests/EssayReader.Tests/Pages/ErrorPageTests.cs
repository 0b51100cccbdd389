using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using EssayReader.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace EssayReader.Tests.Pages;

/// <summary>What a reader sees when something is missing or fails: a page of ours, never a stack trace.</summary>
public sealed class ErrorPageTests(EssayReaderFactory factory) : IClassFixture<EssayReaderFactory>
{
    [Theory]
    [InlineData("/essays/no-such-essay")]
    [InlineData("/essays/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/essays/caf%C3%A9")]
    [InlineData("/essays/two%20words")]
    [InlineData("/essays/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/essays/why-a-moscow-beijing-axis-is-unlikely.md")]
    [InlineData("/no-such-page")]
    public async Task UnknownAddressIsAFriendly404(string path)
    {
        using var response = await factory.CreateClientWithoutRedirects().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        var heading = Assert.Single(page.QuerySelectorAll("h1"));
        Assert.False(string.IsNullOrWhiteSpace(heading.TextContent));
        Assert.Contains(page.QuerySelectorAll("main a[href]"), a => a.GetAttribute("href") == "/");
        Assert.Empty(page.QuerySelectorAll("[data-essay-root]"));
    }

    [Fact]
    public async Task AVeryLongSlugIsAFriendly404()
    {
        using var response = await factory.CreateClientWithoutRedirects().GetAsync("/essays/" + new string('a', 2000));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single((await response.ParseHtmlAsync()).QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task AnUnhandledErrorIsAFriendly500WithoutItsDetails()
    {
        await using var own = new EssayReaderFactory();
        using var failing = own.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingEndpoint>()));

        using var response = await failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(FailingEndpoint.Path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = await response.ParseHtmlAsync();
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Contains(page.QuerySelectorAll("main a[href]"), a => a.GetAttribute("href") == "/");
        Assert.DoesNotContain(FailingEndpoint.Secret, page.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), page.DocumentElement.TextContent, StringComparison.Ordinal);

        // The id the page asks the reader to quote finds the failure, and the request's line, in the log.
        var requestId = Assert.Single(page.QuerySelectorAll(".request-id code")).TextContent;
        AssertLoggedUnder(own, requestId);
    }

    [Fact]
    public async Task AnUnhandledErrorInTheApiIsAProblemDetailsWithoutItsDetails()
    {
        await using var own = new EssayReaderFactory();
        using var failing = own.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingEndpoint>()));

        using var response = await failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(FailingEndpoint.ApiPath);

        var problem = await Annotations.AnnotationApi.AssertProblemAsync(HttpStatusCode.InternalServerError, response);
        Assert.DoesNotContain(FailingEndpoint.Secret, problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), problem.ToString(), StringComparison.Ordinal);
        AssertLoggedUnder(own, problem.GetProperty("traceId").GetString()!);
    }

    [Fact]
    public void HostingsPerRequestLoggerIsOffSoItStartsNoActivityOrScopePerRequest()
    {
        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLogContext.HostingCategory);

        Assert.False(logger.IsEnabled(LogLevel.Critical));
    }

    // The exception's event and the request's log line both carry the id; no other request's events do.
    private static void AssertLoggedUnder(EssayReaderFactory factory, string requestId)
    {
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        var events = factory.Logs.Events
            .Where(e => e.Properties.TryGetValue(RequestLogContext.Property, out var id) && id is ScalarValue { Value: string value } && value == requestId)
            .ToList();
        Assert.Contains(events, e => e.Level == LogEventLevel.Error && e.Exception?.Message == FailingEndpoint.Secret);
        Assert.Contains(events, e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal));
    }

    // Adds, after the app's own pipeline (so inside its error handling), addresses that always fail.
    private sealed class FailingEndpoint : IStartupFilter
    {
        public const string Path = "/test-only/fail";
        public const string ApiPath = "/api/test-only/fail";
        public const string Secret = "a detail no reader should see";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
                context.Request.Path == Path || context.Request.Path == ApiPath ? throw new InvalidOperationException(Secret) : nextMiddleware(context));
        };
    }
}
