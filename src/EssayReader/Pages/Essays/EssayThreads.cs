using EssayReader.Annotations;
using EssayReader.Data;
using EssayReader.Essays;

namespace EssayReader.Pages.Essays;

/// <summary>An annotation and its replies, as the pages list them for readers without script.</summary>
public sealed record StaticThread(Annotation Annotation, AnchorDocument Anchor, IReadOnlyList<Annotation> Replies)
{
    public bool IsAnchored => Anchor.Start is not null;
}

/// <summary>The annotations a reader may see on an essay, as threads in text order with their anchors.</summary>
public static class EssayThreads
{
    /// <summary>Everything on the essay that the reader may see (own and public), owners included, in the order made.</summary>
    public static Task<List<Annotation>> VisibleAsync(EssayReaderDb db, string slug, string? readerId, CancellationToken cancellationToken) =>
        db.Annotations
            .Where(a => a.EssaySlug == slug)
            .VisibleTo(readerId)
            .OrderBy(a => a.Seq)
            .ToListWithOwnerNamesAsync(cancellationToken);

    /// <summary>Threads in text order (orphans last), each root anchored against the essay's current version.</summary>
    public static async Task<List<StaticThread>> InTextOrderAsync(AnchorResolver anchors, Essay essay, IReadOnlyList<Annotation> visible, CancellationToken cancellationToken)
    {
        var roots = visible.Where(a => a.ReplyToId is null).ToList();
        var resolved = await anchors.ResolveAsync(essay, roots, cancellationToken);
        var replies = visible.Where(a => a.ReplyToId is not null).ToLookup(a => a.ReplyToId!.Value);
        return roots
            .Select(a => new StaticThread(a, resolved[a.Id], [.. replies[a.Id]]))
            .OrderBy(t => t.Anchor.Start ?? int.MaxValue)
            .ThenBy(t => t.Anchor.End ?? int.MaxValue)
            .ToList();
    }
}
