using System.Net;
using System.Net.Http.Json;
using EssayReader.Accounts;
using EssayReader.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog.Core;

namespace EssayReader.Tests;

/// <summary>
/// The whole app as it runs outside Development (friendly error pages, no developer exception page),
/// over its own copy of the repository's <c>content/</c> folder and its own data folder (a fresh SQLite
/// file, brought up to date by the real migrations at start-up). Tests may add, edit and break files in
/// <see cref="ContentPath"/>; both folders are deleted when the factory is disposed. Everything the app
/// logs through Serilog is kept in <see cref="Logs"/>.
/// </summary>
public sealed class EssayReaderFactory : WebApplicationFactory<Program>
{
    /// <summary>The slug of the essay the repository ships.</summary>
    public const string EssaySlug = "why-a-moscow-beijing-axis-is-unlikely";

    public EssayReaderFactory()
    {
        RootPath = Path.Combine(Path.GetTempPath(), "essayreader-tests", Guid.NewGuid().ToString("N"));
        ContentPath = Path.Combine(RootPath, "content");
        DataPath = Path.Combine(RootPath, "data");
        Directory.CreateDirectory(ContentPath);

        // The csproj copies the repository's content/*.md beside the test assembly.
        var shipped = Path.Combine(AppContext.BaseDirectory, "content");
        foreach (var file in Directory.EnumerateFiles(shipped, "*.md", SearchOption.AllDirectories))
        {
            var target = Path.Combine(ContentPath, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The absolute path of this host's content folder.</summary>
    public string ContentPath { get; }

    /// <summary>
    /// The absolute path of this host's data folder (database, keys): a fresh one of its own, deleted
    /// with the factory, unless the test names another (to start a second host on the first one's data).
    /// </summary>
    public string DataPath { get; init; }

    private string RootPath { get; }

    public LogCapture Logs { get; } = new();

    /// <summary>The app's clock, when the test moves time on itself; otherwise the system's.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// Configuration the test sets beside the folders (e.g. <c>["Listing:RebuildInterval"] = "01:00:00"</c>).
    /// The rate limits start far above anything a test does (every request of the in-memory server comes
    /// from one unknown address, so tests would otherwise share one sign-in budget); a test of the limits
    /// sets its own.
    /// </summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal)
    {
        ["RateLimits:SignIn:PermitLimit"] = "1000000",
        ["RateLimits:SignUp:PermitLimit"] = "1000000",
        ["RateLimits:AnnotationWrites:PermitLimit"] = "1000000",
    };

    /// <summary>
    /// A request header that says which address the request comes from: the in-memory server has none, and
    /// limits counted by address need several. Only this test factory reads it.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Where the essay with <paramref name="slug"/> lives in this host's content folder.</summary>
    public string EssayFile(string slug) => Path.Combine(ContentPath, slug + ".md");

    public HttpClient CreateClientWithoutRedirects() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the test host does not map the build's compressed assets (they live in
        // obj/, not wwwroot/): a browser asking for gzip then got an empty 200 with no Content-Type and
        // refused the page's module scripts. The build manifest maps them as `dotnet run` does.
        builder.UseStaticWebAssets();
        builder.UseSetting("Content:Path", ContentPath);
        builder.UseSetting("Data:Path", DataPath);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        // Program.cs reads Serilog sinks from DI (ReadFrom.Services), so this one sees every event.
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    // WebApplicationFactory's Dispose(bool) also ends here, so the folder goes however the factory is disposed.
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(RootPath))
        {
            Directory.Delete(RootPath, recursive: true);
        }
    }

    /// <summary>
    /// Saves an essay file as most editors do, by writing a temporary file and renaming it over the
    /// old one: a plain rewrite is seen half-written by the folder's watcher for a moment (the essay
    /// then 404s until the rest lands), which would make a test's wait flaky.
    /// </summary>
    public static async Task SaveEssayFileAsync(string path, string markdown)
    {
        var temporary = path + ".saving";
        await File.WriteAllTextAsync(temporary, markdown);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A scope's database context, to arrange data or to check what a request stored.</summary>
    public AsyncServiceScopeDbContext CreateDbContext()
    {
        var scope = Services.CreateAsyncScope();
        return new AsyncServiceScopeDbContext(scope, scope.ServiceProvider.GetRequiredService<EssayReaderDb>());
    }

    /// <summary>A reader with an account (password <see cref="Password"/>), made through Identity as sign-up makes one.</summary>
    public async Task<Reader> CreateReaderAsync(string? userName = null, string? displayName = null)
    {
        userName ??= "reader-" + Guid.NewGuid().ToString("N")[..10];
        var reader = new Reader { UserName = userName, DisplayName = displayName ?? $"Reader {userName}" };
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Reader>>();
        var result = await users.CreateAsync(reader, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        return reader;
    }

    /// <summary>The password of every reader made by <see cref="CreateReaderAsync"/>.</summary>
    public const string Password = "correct horse battery staple";

    /// <summary>The app's own sign-in cookie for <paramref name="reader"/>, as a successful sign-in would set it.</summary>
    public async Task<(string Name, string Value)> AuthCookieAsync(Reader reader)
    {
        await using var scope = Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<Reader>>();
        var principal = await signIn.CreateUserPrincipalAsync(reader);
        var cookieOptions = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme);
        return (cookieOptions.Cookie.Name!, cookieOptions.TicketDataFormat.Protect(ticket));
    }

    /// <summary>
    /// A client signed in as <paramref name="reader"/> with the app's real authentication cookie, and
    /// (unless told otherwise) carrying the antiforgery token from <c>GET /api/session</c> on every request.
    /// </summary>
    public async Task<HttpClient> CreateClientAsync(Reader? reader, bool withAntiforgeryToken = true)
    {
        var cookies = new CookieContainer();
        var client = CreateDefaultClient(new CookieContainerHandler(cookies));
        if (reader is not null)
        {
            var (name, value) = await AuthCookieAsync(reader);
            cookies.Add(client.BaseAddress!, new Cookie(name, value));
        }

        if (withAntiforgeryToken)
        {
            var session = await client.GetFromJsonAsync<SessionResponse>("/api/session")
                ?? throw new InvalidOperationException("GET /api/session answered nothing");
            client.DefaultRequestHeaders.Add(session.Antiforgery.HeaderName, session.Antiforgery.Token);
        }

        return client;
    }
}

/// <summary>Sets the connection's remote address from <see cref="EssayReaderFactory.ClientAddressHeader"/>, before anything else runs.</summary>
internal sealed class ClientAddressFromHeader : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[EssayReaderFactory.ClientAddressHeader], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
