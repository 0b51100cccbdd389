using EssayReader.Accounts;

namespace EssayReader.Annotations;

/// <summary>
/// A reader's mark on an essay: a highlight, a comment, or a reply to a comment. It points into the
/// essay's canonical text by quote and position (<see cref="TextTarget"/>), never by DOM path, and
/// records the essay version it was made on, so it can be found again after the essay is edited.
/// </summary>
public sealed class Annotation
{
    /// <summary>Insertion order, for keyset paging; not exposed.</summary>
    public long Seq { get; internal set; }

    public required Guid Id { get; init; }
    public required string EssaySlug { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>The owner's account; loaded with only its display name by <see cref="OwnerNames"/>.</summary>
    public Reader? Owner { get; internal set; }
    public required Motivation Motivation { get; set; }
    public required Visibility Visibility { get; set; }
    public HighlightColor? Color { get; set; }

    /// <summary>The comment as its author wrote it (Markdown).</summary>
    public string? BodyMarkdown { get; set; }

    /// <summary>The comment rendered once on save and sanitized: safe to place in a page as-is.</summary>
    public string? BodyHtml { get; set; }

    public required TextTarget Target { get; set; }

    /// <summary>The comment this one replies to (for <see cref="Motivation.Replying"/>).</summary>
    public Guid? ReplyToId { get; init; }

    public required DateTime CreatedUtc { get; init; }
    public required DateTime ModifiedUtc { get; set; }

    /// <summary>A deleted comment that still has replies by others keeps its place in the thread, without its words.</summary>
    public bool IsDeleted { get; set; }
}

/// <summary>Where in the essay an annotation points: a W3C TextQuoteSelector and TextPositionSelector over one version's canonical text.</summary>
public sealed record TextTarget(string Exact, string Prefix, string Suffix, int Start, int End, string EssayVersion);

public enum Motivation
{
    Highlighting,
    Commenting,
    Replying,
}

public enum Visibility
{
    Private,
    Public,
}

public enum HighlightColor
{
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}
