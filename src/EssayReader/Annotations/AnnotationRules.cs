namespace EssayReader.Annotations;

/// <summary>
/// Who may do what with an annotation, in one place. Everyone (signed in or not) sees public
/// annotations; only the owner sees a private one, and only the owner edits or deletes.
/// </summary>
public static class AnnotationRules
{
    public static bool CanSee(Annotation annotation, string? readerId) =>
        annotation.Visibility == Visibility.Public || (readerId is not null && annotation.OwnerId == readerId);

    public static bool CanChange(Annotation annotation, string? readerId) =>
        readerId is not null && annotation.OwnerId == readerId;

    /// <summary>Replies attach to comments (not to highlights) that the reader can see.</summary>
    public static bool CanReplyTo(Annotation annotation, string? readerId) =>
        readerId is not null && !annotation.IsDeleted && annotation.Motivation == Motivation.Commenting && CanSee(annotation, readerId);

    /// <summary>The same rule as <see cref="CanSee"/>, for a database query.</summary>
    public static IQueryable<Annotation> VisibleTo(this IQueryable<Annotation> annotations, string? readerId) =>
        readerId is null
            ? annotations.Where(a => a.Visibility == Visibility.Public)
            : annotations.Where(a => a.Visibility == Visibility.Public || a.OwnerId == readerId);
}
