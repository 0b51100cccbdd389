using EssayReader.Annotations;

namespace EssayReader.Tests.Builders;

/// <summary>
/// Annotation entities for arranging data straight through the DbContext (hundreds of rows in one
/// SaveChanges, where a POST each would only make a test slow). Each is a valid highlight of the
/// given span as the API would store it.
/// </summary>
public static class AnnotationRows
{
    public static Annotation Highlight(
        CanonicalEssay essay, string ownerId, int start, int end, Visibility visibility = Visibility.Private, HighlightColor color = HighlightColor.Yellow)
    {
        var text = essay.Text;
        var now = DateTime.UtcNow;
        return new Annotation
        {
            Id = Guid.CreateVersion7(),
            EssaySlug = essay.Slug,
            OwnerId = ownerId,
            Motivation = Motivation.Highlighting,
            Visibility = visibility,
            Color = color,
            Target = new TextTarget(
                text[start..end],
                text[Math.Max(0, start - AnnotationRequests.ContextLength)..start],
                text[end..Math.Min(text.Length, end + AnnotationRequests.ContextLength)],
                start,
                end,
                essay.Version),
            CreatedUtc = now,
            ModifiedUtc = now,
        };
    }
}
