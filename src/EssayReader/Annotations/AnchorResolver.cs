using System.Collections.Concurrent;
using EssayReader.Annotations.Anchoring;
using EssayReader.Data;
using EssayReader.Essays;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Annotations;

/// <summary>
/// Where each annotation is in its essay's current version, worked out once per (annotation, target,
/// essay version) and kept: a listing of thousands of annotations after an edit costs one pass, and
/// every later listing costs a dictionary look-up. The texts of earlier versions come from the
/// EssayVersions table, once each.
/// </summary>
public sealed class AnchorResolver(IServiceScopeFactory scopes)
{
    // Per essay, the anchors worked out for its current version, of annotations made on an earlier one
    // (an annotation on the current version is exact, and costs nothing to anchor again). A new version
    // starts afresh, so the old one's go. Caching every anchor held one entry per annotation ever read
    // or made: under steady writes, memory that only grew.
    private readonly ConcurrentDictionary<string, VersionAnchors> _anchors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Slug, string Version), string> _texts = new();
    private readonly ConcurrentDictionary<(string Slug, string Old, string Current), Lazy<VersionDiff>> _diffs = new();

    /// <summary>The anchors of <paramref name="annotations"/> (all on <paramref name="essay"/>) in its current version, by annotation id.</summary>
    public async Task<IReadOnlyDictionary<Guid, AnchorDocument>> ResolveAsync(Essay essay, IReadOnlyCollection<Annotation> annotations, CancellationToken cancellationToken)
    {
        var missing = annotations
            .Select(a => a.Target.EssayVersion)
            .Where(v => v != essay.Version && !_texts.ContainsKey((essay.Slug, v)))
            .Distinct()
            .ToList();
        if (missing.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EssayReaderDb>();
            var found = await db.EssayVersions.AsNoTracking()
                .Where(v => v.Slug == essay.Slug && missing.Contains(v.Version))
                .Select(v => new { v.Version, v.Text })
                .ToDictionaryAsync(v => v.Version, v => v.Text, cancellationToken);
            foreach (var (version, text) in found)
            {
                _texts[(essay.Slug, version)] = text;
            }
        }

        var result = new Dictionary<Guid, AnchorDocument>(annotations.Count);
        VersionAnchors? anchors = null;
        foreach (var annotation in annotations)
        {
            var target = annotation.Target;
            if (target.EssayVersion == essay.Version)
            {
                result[annotation.Id] = Anchor(target, essay);
                continue;
            }

            // A version not recorded yet gets the quote search alone, and is not kept: once its text is
            // recorded, the next read carries the annotation through the diff.
            if (!_texts.ContainsKey((essay.Slug, target.EssayVersion)))
            {
                result[annotation.Id] = Anchor(target, essay);
                continue;
            }

            anchors ??= AnchorsOf(essay);
            result[annotation.Id] = anchors.Found.GetOrAdd(
                new AnchorKey(annotation.Id, target.EssayVersion, target.Start, target.End),
                static (_, state) => state.Resolver.Anchor(state.Target, state.Essay),
                (Resolver: this, Target: target, Essay: essay));
        }

        return result;
    }

    // The order of issue 4: the current version is exact; an earlier one is carried through the diff
    // from its text to the current one (built once per pair of versions), then searched for; an
    // unrecorded version gets the quote search alone. Below the confidence threshold: orphaned.
    private AnchorDocument Anchor(TextTarget target, Essay essay)
    {
        if (target.EssayVersion == essay.Version)
        {
            return new AnchorDocument("exact", target.Start, target.End);
        }

        var oldText = _texts.GetValueOrDefault((essay.Slug, target.EssayVersion));
        var result = oldText is null
            ? Reanchorer.Anchor(target, essay.Text)
            : Reanchorer.Anchor(target, _diffs.GetOrAdd(
                (essay.Slug, target.EssayVersion, essay.Version),
                static (_, texts) => new Lazy<VersionDiff>(() => VersionDiff.Create(texts.Old, texts.New)),
                (Old: oldText, New: essay.Text)).Value);
        return result.Status switch
        {
            AnchorStatus.Orphaned => new AnchorDocument("orphaned", null, null),
            var status => new AnchorDocument(status.ToString().ToLowerInvariant(), result.Start, result.End),
        };
    }

    /// <summary>The anchor of one annotation.</summary>
    public async Task<AnchorDocument> ResolveAsync(Essay essay, Annotation annotation, CancellationToken cancellationToken) =>
        (await ResolveAsync(essay, [annotation], cancellationToken))[annotation.Id];

    // The essay's cache for its current version: a request that finds an older one replaces it (two that
    // race each make one, and one of them is kept: a few anchors worked out twice).
    private VersionAnchors AnchorsOf(Essay essay)
    {
        if (_anchors.TryGetValue(essay.Slug, out var anchors) && anchors.Version == essay.Version)
        {
            return anchors;
        }

        anchors = new VersionAnchors(essay.Version);
        _anchors[essay.Slug] = anchors;
        return anchors;
    }

    private readonly record struct AnchorKey(Guid Id, string TargetVersion, int Start, int End);

    private sealed record VersionAnchors(string Version)
    {
        public ConcurrentDictionary<AnchorKey, AnchorDocument> Found { get; } = new();
    }
}
