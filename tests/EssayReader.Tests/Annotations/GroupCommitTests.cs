using System.Collections.Immutable;
using System.Net;
using EssayReader.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EssayReader.Tests.Annotations.AnnotationApi;

namespace EssayReader.Tests.Annotations;

/// <summary>
/// New annotations reach the database through one writer that saves what has queued up together
/// (<see cref="AnnotationInserts"/>). Each test owns a fresh database, since it counts every row.
/// </summary>
public sealed class GroupCommitTests
{
    private const string Phrase = "Russo-Sino relations have long been difficult.";

    [Fact]
    public async Task ConcurrentCreatesAndRepliesAreEachSavedOnceAndAnsweredWithTheirOwnRow()
    {
        await using var factory = new EssayReaderFactory();
        var a = await factory.SignInNewReaderAsync("Ada");
        var b = await factory.SignInNewReaderAsync("Bea");
        var essay = await CanonicalEssay.GetAsync(a.Client);
        var comment = await a.Client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, "A comment to answer.", visibility: "public"));

        var writes = Enumerable.Range(0, 60).Select(async i =>
        {
            var reader = i % 2 == 0 ? a : b;
            using var response = i % 3 == 0
                ? await reader.Client.PostJsonAsync(RepliesPath(IdOf(comment)), AnnotationRequests.Reply($"Reply {i}"))
                : await reader.Client.PostJsonAsync(AnnotationsPath(), AnnotationRequests.Comment(essay, Phrase, $"Comment {i}", visibility: "public"));
            await AssertStatusAsync(HttpStatusCode.Created, response);
            var created = await response.ReadJsonAsync();
            return (Id: IdOf(created), Body: $"{(i % 3 == 0 ? "Reply" : "Comment")} {i}", Owner: reader.Reader.Id);
        });
        var answered = await Task.WhenAll(writes);

        await using var scope = factory.CreateDbContext();
        var stored = await scope.Db.Annotations.AsNoTracking().Where(x => x.Id != IdOf(comment)).ToListAsync();
        Assert.Equal(answered.Length, stored.Count);
        Assert.Equal(stored.Count, stored.Select(x => x.Seq).Distinct().Count());
        foreach (var (id, body, owner) in answered)
        {
            var row = Assert.Single(stored, x => x.Id == id);
            Assert.Equal(body, row.BodyMarkdown);
            Assert.Equal(owner, row.OwnerId);
        }
    }

    [Fact]
    public async Task ARowIsStoredExactlyAsSaveChangesStoresIt()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.CreateReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var inserts = factory.Services.GetRequiredService<AnnotationInserts>();
        var parent = AnnotationRows.Highlight(essay, reader.Id, 100, 140, Visibility.Public, HighlightColor.Purple);
        await using (var scope = factory.CreateDbContext())
        {
            scope.Db.Annotations.Add(parent);
            await scope.Db.SaveChangesAsync();
        }

        // Every column used: a coloured highlight (no body, no parent) and a reply (a body, a parent, no colour).
        var shapes = new Func<Annotation>[]
        {
            () => new Annotation
            {
                Id = Guid.CreateVersion7(), EssaySlug = essay.Slug, OwnerId = reader.Id, Motivation = Motivation.Highlighting,
                Visibility = Visibility.Public, Color = HighlightColor.Green, Target = parent.Target with { Start = 10, End = 31 },
                CreatedUtc = new DateTime(2026, 11, 28, 23, 59, 59, 999, DateTimeKind.Utc), ModifiedUtc = new DateTime(2026, 11, 29, 0, 0, 1, DateTimeKind.Utc),
            },
            () => new Annotation
            {
                Id = Guid.CreateVersion7(), EssaySlug = essay.Slug, OwnerId = reader.Id, Motivation = Motivation.Replying,
                Visibility = Visibility.Private, BodyMarkdown = "A *reply* \"quoted\"", BodyHtml = "<p>A <em>reply</em> &quot;quoted&quot;</p>",
                Target = parent.Target, ReplyToId = parent.Id,
                CreatedUtc = new DateTime(2026, 11, 29, 13, 45, 7, DateTimeKind.Utc).AddTicks(1234567), ModifiedUtc = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
            },
        };
        foreach (var shape in shapes)
        {
            var (bySaveChanges, byInserts) = (shape(), shape());
            await using (var scope = factory.CreateDbContext())
            {
                scope.Db.Annotations.Add(bySaveChanges);
                await scope.Db.SaveChangesAsync();
            }

            await inserts.InsertAsync(byInserts);

            Assert.Equal(bySaveChanges.Seq + 1, byInserts.Seq);
            var (expected, actual) = (await StoredColumnsAsync(factory, bySaveChanges.Seq), await StoredColumnsAsync(factory, byInserts.Seq));
            Assert.Equal(expected.Remove("Seq").Remove("Id"), actual.Remove("Seq").Remove("Id"));
            Assert.Equal(byInserts.Id.ToString().ToUpperInvariant(), actual["Id"]);
        }
    }

    [Fact]
    public async Task ARowTheDatabaseRefusesFailsItsOwnInsertOnly()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.CreateReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var inserts = factory.Services.GetRequiredService<AnnotationInserts>();
        var good = Enumerable.Range(0, 30).Select(i => AnnotationRows.Highlight(essay, reader.Id, i * 10, (i * 10) + 8)).ToList();
        // The same Id twice: the second breaks the Id's unique key, whether it lands in the first's batch or in its own.
        var twin = AnnotationRows.Highlight(essay, reader.Id, 400, 408);
        var clash = new Annotation
        {
            Id = twin.Id, EssaySlug = twin.EssaySlug, OwnerId = twin.OwnerId, Motivation = twin.Motivation, Visibility = twin.Visibility,
            Color = twin.Color, Target = twin.Target, CreatedUtc = twin.CreatedUtc, ModifiedUtc = twin.ModifiedUtc,
        };

        // Queued back to back (InsertAsync queues before it first waits), so the writer finds several at once.
        var saving = good.Take(15).Append(twin).Append(clash).Concat(good.Skip(15)).Select(row => (Row: row, Task: inserts.InsertAsync(row))).ToList();
        var failed = await Task.WhenAll(saving.Select(async s =>
        {
            try
            {
                await s.Task;
                return null;
            }
            catch (DbUpdateException)
            {
                return s.Row;
            }
        }));

        Assert.Same(clash, Assert.Single(failed, row => row is not null));
        await using var scope = factory.CreateDbContext();
        var stored = await scope.Db.Annotations.AsNoTracking().Select(x => x.Id).ToListAsync();
        Assert.Equal(good.Select(g => g.Id).Append(twin.Id).Order(), stored.Order());
    }

    [Fact]
    public async Task StoppingSavesWhatIsQueuedAndThenRefusesNewRows()
    {
        await using var factory = new EssayReaderFactory();
        var reader = await factory.CreateReaderAsync();
        var essay = await CanonicalEssay.GetAsync(factory.CreateClient());
        var inserts = factory.Services.GetRequiredService<AnnotationInserts>();
        var rows = Enumerable.Range(0, 40).Select(i => AnnotationRows.Highlight(essay, reader.Id, i * 10, (i * 10) + 8)).ToList();

        var saving = rows.Select(inserts.InsertAsync).ToList();
        await inserts.StopAsync(CancellationToken.None);

        // Saved by the time StopAsync returns; each caller hears so a moment later, on the thread pool.
        await using var scope = factory.CreateDbContext();
        Assert.Equal(rows.Count, await scope.Db.Annotations.CountAsync());
        await Task.WhenAll(saving);
        var late = AnnotationRows.Highlight(essay, reader.Id, 500, 508);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inserts.InsertAsync(late));
    }

    // The row's stored values as SQLite holds them (storage class included), by column name.
    private static async Task<ImmutableSortedDictionary<string, object>> StoredColumnsAsync(EssayReaderFactory factory, long seq)
    {
        await using var scope = factory.CreateDbContext();
        var connection = scope.Db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM Annotations WHERE Seq = $seq";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("$seq", seq);
        command.Parameters.Add(parameter);
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        return Enumerable.Range(0, row.FieldCount).ToImmutableSortedDictionary(row.GetName, row.GetValue, StringComparer.Ordinal);
    }
}
