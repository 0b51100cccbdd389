using EssayReader.Rendering;

namespace EssayReader.Tests.Rendering;

public sealed class SourceArchiveTests
{
    [Theory]
    [InlineData("Available at http://goo.gl/XG6SQ5 (Accessed 28.06.2014).", 2014, 6, 28)]
    [InlineData("(accessed 2014-06-28)", 2014, 6, 28)]
    [InlineData("Accessed 28 June 2014.", 2014, 6, 28)]
    [InlineData("Accessed 28 Jun 2014", 2014, 6, 28)]
    [InlineData("Accessed June 28, 2014", 2014, 6, 28)]
    [InlineData("accessed on: 3/7/2014", 2014, 7, 3)]
    [InlineData("ACCESSED 1.2.2015", 2015, 2, 1)]
    public void FindsTheAccessDateInTheFormatsCitationsUse(string citation, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), SourceArchive.FindAccessDate(citation));
    }

    [Theory]
    [InlineData("Neil MacFarquhar (2014) The New York Times, May 19. Available at http://goo.gl/XG6SQ5")]
    [InlineData("Russia Beyond the Headlines, 13.08.2013.")]
    [InlineData("Accessed 31.02.2014")]
    [InlineData("Accessed 28.13.2014")]
    [InlineData("Accessed 2014-02-30")]
    [InlineData("Accessed 28 Juneteenth 2014")]
    [InlineData("Accessed recently")]
    public void NoDateWhenTheCitationGivesNoValidAccessDate(string citation)
    {
        Assert.Null(SourceArchive.FindAccessDate(citation));
    }

    [Theory]
    [InlineData("Accessed 01.01.0000")]
    [InlineData("Accessed 0000-01-01")]
    public void AYearZeroIsNoDateRatherThanACrash(string citation)
    {
        Assert.Null(SourceArchive.FindAccessDate(citation));
    }

    [Fact]
    public void ArchiveUrlWithADateAsksForTheCaptureNearestThatDay()
    {
        Assert.Equal(
            "https://web.archive.org/web/20140628/http://goo.gl/XG6SQ5",
            SourceArchive.ArchiveUrl("http://goo.gl/XG6SQ5", new DateOnly(2014, 6, 28)));
    }

    [Fact]
    public void ArchiveUrlWithoutADateListsEveryCapture()
    {
        Assert.Equal(
            "https://web.archive.org/web/*/https://example.org/page?q=1",
            SourceArchive.ArchiveUrl("https://example.org/page?q=1", null));
    }

    [Theory]
    [InlineData("https://doi.org/10.1162/016228805775124534")]
    [InlineData("https://dx.doi.org/10.1162/016228805775124534")]
    [InlineData("https://hdl.handle.net/1721.1/12345")]
    [InlineData("https://web.archive.org/web/20140628/http://goo.gl/XG6SQ5")]
    [InlineData("https://archive.org/details/something")]
    [InlineData("HTTPS://DOI.ORG/10.1162/016228805775124534")]
    public void PersistentAddressesNeedNoArchivedCopy(string url)
    {
        Assert.True(SourceArchive.IsPersistent(new Uri(url)));
    }

    [Theory]
    [InlineData("http://goo.gl/XG6SQ5")]
    [InlineData("https://www.nytimes.com/2014/05/20/world/asia/ukraine-crisis.html")]
    [InlineData("https://doi.org.example.com/10.1/x")]
    [InlineData("https://notdoi.org/10.1/x")]
    public void OtherAddressesAreNotPersistent(string url)
    {
        Assert.False(SourceArchive.IsPersistent(new Uri(url)));
    }
}
