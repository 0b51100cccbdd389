using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>The caching service shares one <see cref="VersionDiff"/> between requests.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void OneDiffUsedFromManyThreadsAnchorsAsItDoesFromOne()
    {
        var original = MutationCorpus.Essay.Text;
        var annotations = MutationCorpus.Annotations();
        foreach (var version in MutationCorpus.Versions().Take(20))
        {
            var diff = VersionDiff.Create(original, version.Edit(new EditedText(original)).Text);
            var alone = annotations.Select(a => Reanchorer.Anchor(a.Target, diff)).ToArray();
            var together = new AnchorResult[annotations.Count * 8];

            Parallel.For(0, together.Length, i => together[i] = Reanchorer.Anchor(annotations[i % annotations.Count].Target, diff));

            for (var i = 0; i < together.Length; i++)
            {
                Assert.Equal(alone[i % annotations.Count], together[i]);
            }
        }
    }
}
