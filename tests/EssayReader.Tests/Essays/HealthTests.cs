using System.Net;

namespace EssayReader.Tests.Essays;

public sealed class HealthTests
{
    [Fact]
    public async Task HealthzAnswersHealthyWhileEssaysCanBeServed()
    {
        await using var factory = new EssayReaderFactory();

        using var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthzAnswersUnavailableWhenTheContentFolderIsGone()
    {
        await using var factory = new EssayReaderFactory();
        var client = factory.CreateClient();
        Directory.Delete(factory.ContentPath, recursive: true);

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
