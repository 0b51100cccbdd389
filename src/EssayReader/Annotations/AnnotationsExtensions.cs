namespace EssayReader.Annotations;

public static class AnnotationsExtensions
{
    public static WebApplicationBuilder AddAnnotations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommentMarkdown>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
