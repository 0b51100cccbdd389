using System.Text.Json;
using EssayReader.Annotations;
using EssayReader.Tests.Builders;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// <c>GET /api/essays/{slug}/annotations</c> in pages of 200. Each test owns a fresh database, since
/// what it checks (the total, where pages end) depends on every row a reader may see.
/// </summary>
public sealed class PagingTests
{
    private const int PageSize = 200;

    [Fact]
    public async Task MoreThanOnePageIsServedInPagesLinkedByNext()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var inserted = await InsertHighlightsAsync(factory, reader.Id, 250);

        var first = await reader.Client.GetJsonAsync(AnnotationsPath());
        var next = first.GetProperty("next").GetString();
        Assert.NotNull(next);
        var second = await reader.Client.GetJsonAsync(next);

        Assert.Equal(PageSize, first.GetProperty("items").GetArrayLength());
        Assert.Equal(50, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(250, first.GetProperty("total").GetInt32());
        Assert.Equal(250, second.GetProperty("total").GetInt32());
        var served = Ids(first).Concat(Ids(second)).ToList();
        Assert.Equal(served.Count, served.Distinct().Count());
        Assert.Equal(inserted, served);
    }

    [Fact]
    public async Task NextIsAnAbsoluteAddressOfThisListing()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        await InsertHighlightsAsync(factory, reader.Id, PageSize + 1);

        var next = (await reader.Client.GetJsonAsync(AnnotationsPath())).GetProperty("next").GetString();

        Assert.StartsWith($"http://localhost{AnnotationsPath()}?", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExactlyOnePageHasNoNext()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        await InsertHighlightsAsync(factory, reader.Id, PageSize);

        var page = await reader.Client.GetJsonAsync(AnnotationsPath());

        Assert.Equal(PageSize, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        Assert.Equal(PageSize, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheTotalAndThePagesLeaveOutWhatTheReaderMayNotSee()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var other = await factory.SignInNewReaderAsync();
        var own = await InsertHighlightsAsync(factory, reader.Id, 150);
        var othersPublic = await InsertHighlightsAsync(factory, other.Id, 60, Visibility.Public);
        await InsertHighlightsAsync(factory, other.Id, 300, Visibility.Private);

        var served = await reader.Client.ListAllAsync();

        Assert.Equal(210, (await reader.Client.GetJsonAsync(AnnotationsPath())).GetProperty("total").GetInt32());
        Assert.Equal(own.Concat(othersPublic).Order(), served.Select(IdOf).Order());
    }

    [Fact]
    public async Task ASmallerPageCanBeAskedForAndNextKeepsItsSize()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var inserted = await InsertHighlightsAsync(factory, reader.Id, 25);

        var first = await reader.Client.GetJsonAsync(AnnotationsPath() + "?limit=10");
        var second = await reader.Client.GetJsonAsync(first.GetProperty("next").GetString()!);
        var third = await reader.Client.GetJsonAsync(second.GetProperty("next").GetString()!);

        Assert.Equal([10, 10, 5], new[] { first, second, third }.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next").ValueKind);
        Assert.Equal(inserted, Ids(first).Concat(Ids(second)).Concat(Ids(third)));
    }

    [Fact]
    public async Task APageIsNeverLargerThanTwoHundred()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        await InsertHighlightsAsync(factory, reader.Id, PageSize + 5);

        var page = await reader.Client.GetJsonAsync(AnnotationsPath() + "?limit=1000");

        Assert.Equal(PageSize, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnAnnotationDeletedBetweenPagesDoesNotShiftTheNextPage()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.SignInNewReaderAsync();
        var inserted = await InsertHighlightsAsync(factory, reader.Id, PageSize + 20);
        var first = await reader.Client.GetJsonAsync(AnnotationsPath());

        await AssertStatusAsync(System.Net.HttpStatusCode.NoContent, await reader.Client.DeleteAsync(AnnotationPath(inserted[0])));
        var second = await reader.Client.GetJsonAsync(first.GetProperty("next").GetString()!);

        Assert.Equal(inserted[PageSize..], Ids(second));
    }

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(IdOf)];

    /// <summary>Highlights of successive short spans, inserted in one go; their ids in insertion order.</summary>
    private static async Task<List<Guid>> InsertHighlightsAsync(EssayReaderFactory factory, string ownerId, int count, Visibility visibility = Visibility.Private)
    {
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var rows = Enumerable.Range(0, count)
            .Select(i => AnnotationRows.Highlight(essay, ownerId, i * 10 % (essay.Text.Length - 10), (i * 10 % (essay.Text.Length - 10)) + 8, visibility))
            .ToList();
        await using var scope = factory.CreateDbContext();
        scope.Db.Annotations.AddRange(rows);
        await scope.Db.SaveChangesAsync();
        return [.. rows.Select(r => r.Id)];
    }
}
