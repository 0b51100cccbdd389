using System.Text.Json.Serialization;

namespace EssayReader.Annotations;

public static class AnnotationsExtensions
{
    public static WebApplicationBuilder AddAnnotations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommentMarkdown>();
        builder.Services.AddSingleton<AnchorResolver>();
        builder.Services.AddSingleton<PublicAnnotationListing>();
        builder.Services.AddSingleton<AnnotationInserts>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AnnotationInserts>());
        builder.Services.Configure<PublicListingOptions>(builder.Configuration.GetSection("Listing"));
        builder.Services.AddSingleton(TimeProvider.System);

        // The API reads numbers as JSON numbers only. The web defaults also take "12" for 12, which
        // hides a client's bug and makes the OpenAPI document call every number integer-or-string.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return builder;
    }
}
