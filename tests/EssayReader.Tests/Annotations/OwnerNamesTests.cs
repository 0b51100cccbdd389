using EssayReader.Annotations;
using EssayReader.Tests.Builders;

namespace EssayReader.Tests.Annotations;

/// <summary>Many annotations loaded with their owners' names: the name only, one object per owner.</summary>
public sealed class OwnerNamesTests
{
    [Fact]
    public async Task EachOwnerIsLoadedOnceWithTheirNameAndNothingElseOfTheAccount()
    {
        await using var factory = new EssayReaderFactory();
        var ada = await factory.CreateReaderAsync(displayName: "Ada");
        var grace = await factory.CreateReaderAsync(displayName: "Grace");
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        await using (var scope = factory.CreateDbContext())
        {
            scope.Db.Annotations.AddRange(
                AnnotationRows.Highlight(essay, ada.Id, 0, 10),
                AnnotationRows.Highlight(essay, grace.Id, 20, 30),
                AnnotationRows.Highlight(essay, ada.Id, 40, 50));
            await scope.Db.SaveChangesAsync();
        }

        await using var read = factory.CreateDbContext();
        var loaded = await read.Db.Annotations.OrderBy(a => a.Seq).ToListWithOwnerNamesAsync(CancellationToken.None);

        Assert.Equal(["Ada", "Grace", "Ada"], loaded.Select(a => a.Owner!.DisplayName));
        Assert.Same(loaded[0].Owner, loaded[2].Owner);
        Assert.All(loaded, a => Assert.Equal(a.OwnerId, a.Owner!.Id));
        Assert.All(loaded, a => Assert.Null(a.Owner!.PasswordHash));
        Assert.All(loaded, a => Assert.Null(a.Owner!.UserName));
    }
}
