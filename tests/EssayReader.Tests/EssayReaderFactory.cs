using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace EssayReader.Tests;

/// <summary>
/// The whole app as it runs outside Development (friendly error pages, no developer exception page),
/// over its own copy of the repository's <c>content/</c> folder. Tests may add, edit and break files in
/// <see cref="ContentPath"/>; the folder is deleted when the factory is disposed. Everything the app
/// logs through Serilog is kept in <see cref="Logs"/>.
/// </summary>
public sealed class EssayReaderFactory : WebApplicationFactory<Program>
{
    /// <summary>The slug of the essay the repository ships.</summary>
    public const string EssaySlug = "why-a-moscow-beijing-axis-is-unlikely";

    public EssayReaderFactory()
    {
        ContentPath = Path.Combine(Path.GetTempPath(), "essayreader-tests", Guid.NewGuid().ToString("N"));
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

    public LogCapture Logs { get; } = new();

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

        // Program.cs reads Serilog sinks from DI (ReadFrom.Services), so this one sees every event.
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }

    // WebApplicationFactory's Dispose(bool) also ends here, so the folder goes however the factory is disposed.
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(ContentPath))
        {
            Directory.Delete(ContentPath, recursive: true);
        }
    }
}
