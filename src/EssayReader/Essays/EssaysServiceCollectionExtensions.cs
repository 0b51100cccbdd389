using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EssayReader.Essays;

public static class EssaysServiceCollectionExtensions
{
    /// <summary>Registers the essay catalogue over the configured content folder and its health check.</summary>
    public static WebApplicationBuilder AddEssays(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EssayOptions>().BindConfiguration(EssayOptions.Section);
        builder.Services.AddSingleton<EssayCatalog>();
        builder.Services.AddSingleton<EssayVersionRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EssayVersionRecorder>());
        builder.Services.AddHealthChecks().AddCheck<EssayContentHealthCheck>("essays", tags: ["ready"]);
        return builder;
    }
}

/// <summary>Healthy while the content folder can be read; an empty catalogue is a fault worth an alert.</summary>
internal sealed class EssayContentHealthCheck(EssayCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!catalog.IsContentFolderReadable)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"content folder {catalog.Root} cannot be read"));
        }

        var count = catalog.Essays.Count;
        return Task.FromResult(count > 0
            ? HealthCheckResult.Healthy($"{count} essays")
            : HealthCheckResult.Degraded($"no readable essays in {catalog.Root}"));
    }
}
