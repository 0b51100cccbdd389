using EssayReader.Accounts;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Annotations;

/// <summary>
/// Loading many annotations with who wrote them. An annotation shows its owner's display name and
/// nothing else of the account, so only that column is read (never a password hash or a security
/// stamp), and the owners are one object each, however many annotations they wrote: an essay with
/// 10 000 annotations loads 10 000 rows and a handful of names, not 10 000 copies of whole accounts.
/// </summary>
public static class OwnerNames
{
    /// <summary>The annotations of <paramref name="query"/>, each with <see cref="Annotation.Owner"/> holding its owner's id and display name.</summary>
    public static async Task<List<Annotation>> ToListWithOwnerNamesAsync(this IQueryable<Annotation> query, CancellationToken cancellationToken)
    {
        var rows = await query.AsNoTracking()
            .Select(a => new { Annotation = a, OwnerName = a.Owner == null ? null : a.Owner.DisplayName })
            .ToListAsync(cancellationToken);
        var owners = new Dictionary<string, Reader>(StringComparer.Ordinal);
        var annotations = new List<Annotation>(rows.Count);
        foreach (var row in rows)
        {
            var annotation = row.Annotation;
            if (row.OwnerName is { } name)
            {
                if (!owners.TryGetValue(annotation.OwnerId, out var owner))
                {
                    owner = new Reader { Id = annotation.OwnerId, DisplayName = name };
                    owners.Add(annotation.OwnerId, owner);
                }

                annotation.Owner = owner;
            }

            annotations.Add(annotation);
        }

        return annotations;
    }
}
