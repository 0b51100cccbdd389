using EssayReader.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace EssayReader.Tests.Pages;

/// <summary>Which requests are logged as errors: the app's failures, not clients that went away.</summary>
public sealed class RequestLogLevelsTests
{
    [Fact]
    public void ARequestTheClientAbandonedIsNotAnError()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        aborted.Cancel();

        Assert.Equal(LogEventLevel.Information, RequestLogLevels.For(context, 12, new TaskCanceledException()));
    }

    [Fact]
    public void ACancellationWhileTheClientIsStillThereIsAnError()
    {
        var context = new DefaultHttpContext();

        Assert.Equal(LogEventLevel.Error, RequestLogLevels.For(context, 12, new TaskCanceledException()));
    }

    [Theory]
    [InlineData(200, LogEventLevel.Information)]
    [InlineData(404, LogEventLevel.Information)]
    [InlineData(500, LogEventLevel.Error)]
    [InlineData(503, LogEventLevel.Error)]
    public void WithoutAnExceptionTheStatusDecides(int status, LogEventLevel expected)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;

        Assert.Equal(expected, RequestLogLevels.For(context, 12, null));
    }

    [Fact]
    public void AnyOtherExceptionIsAnError()
    {
        Assert.Equal(LogEventLevel.Error, RequestLogLevels.For(new DefaultHttpContext(), 12, new InvalidOperationException()));
    }

    [Fact]
    public async Task ARequestTheClientAbandonedEndsAs499WithoutAnException()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        await aborted.CancelAsync();

        await Pipeline(http => throw new OperationCanceledException(http.RequestAborted))(context);

        Assert.Equal(AbandonedRequests.Status, context.Response.StatusCode);
    }

    [Fact]
    public async Task ACancellationWhileTheClientIsStillThereGoesOnUp()
    {
        var context = new DefaultHttpContext();

        await Assert.ThrowsAsync<OperationCanceledException>(() => Pipeline(_ => throw new OperationCanceledException())(context));
    }

    // The app's middleware in front of a handler that fails as told.
    private static RequestDelegate Pipeline(Func<HttpContext, Task> handler)
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        app.UseAbandonedRequests();
        app.Run(context => handler(context));
        return app.Build();
    }
}
