using System.Net;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Tests.Data;

/// <summary>/healthz asks the database, not only whether the process is up.</summary>
public sealed class DatabaseHealthTests
{
    [Fact]
    public async Task HealthzAnswersUnavailableWhenTheDatabaseCannotAnswerItsQuery()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();
        using (var before = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using (var scope = factory.CreateDbContext())
        {
            await scope.Db.Database.ExecuteSqlRawAsync("ALTER TABLE Annotations RENAME TO AnnotationsGone;");
        }

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
