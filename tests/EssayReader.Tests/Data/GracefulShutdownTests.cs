using System.Net;
using System.Net.Sockets;
using EssayReader.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EssayReader.Tests.Data;

/// <summary>
/// Stopping the app (SIGTERM from <c>docker stop</c>, Ctrl+C) lets the requests it is serving finish:
/// on real Kestrel, since the test server has no connections to drain.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task ARequestInFlightWhenTheAppStopsIsAnsweredInFull()
    {
        var slow = new SlowEndpoint();
        await using var factory = new EssayReaderFactory();
        // The port is asked for here: UseKestrel(port) on a derived factory is not applied to its host.
        await using var app = factory.WithWebHostBuilder(builder => builder
            .UseUrls("http://127.0.0.1:0")
            .ConfigureServices(services => services.AddSingleton<IStartupFilter>(slow)));
        app.UseKestrel();
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient { BaseAddress = address };
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();

        var inFlight = client.GetAsync(SlowEndpoint.Path);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lifetime.StopApplication();

        // Stopping has begun: the server takes no new connection, and the request is still unanswered.
        Assert.True(await Eventually.TrueAsync(async () => !await AcceptsConnectionAsync(address)), "The server still takes connections.");
        Assert.False(inFlight.IsCompleted);
        slow.Finish.SetResult();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SlowEndpoint.Body, await response.Content.ReadAsStringAsync());
        Assert.True(await Eventually.TrueAsync(() => lifetime.ApplicationStopped.IsCancellationRequested), "The app did not stop.");
    }

    [Fact]
    public async Task AStoppingAppWaitsForItsRequestsWithinDockersGracePeriod()
    {
        await using var factory = new EssayReaderFactory();

        var options = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        // docker stop sends SIGKILL 10 s after SIGTERM; Kubernetes waits 30 s.
        Assert.Equal(DataExtensions.ShutdownTimeout, options.ShutdownTimeout);
        Assert.InRange(options.ShutdownTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(9));
    }

    private static async Task<bool> AcceptsConnectionAsync(Uri address)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(address.Host, address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Ahead of the app's own pipeline, an address whose response waits until the test lets it finish.
    private sealed class SlowEndpoint : IStartupFilter
    {
        public const string Path = "/test-only/slow";
        public const string Body = "finished after the app began to stop";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path != Path)
                {
                    await nextMiddleware(context);
                    return;
                }

                Entered.SetResult();
                await Finish.Task;
                await context.Response.WriteAsync(Body);
            });
            next(app);
        };
    }
}
