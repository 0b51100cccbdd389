using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

public sealed class ContextAgreementTests
{
    [Fact]
    public void IdenticalContextAgreesOnEveryCharacter()
    {
        Assert.Equal(19, ContextAgreement.Before("the Sino-Soviet spl", "Before that, the Sino-Soviet spl"));
        Assert.Equal(16, ContextAgreement.After(" initiated by Ni", " initiated by Nikita Khrushchev"));
    }

    [Fact]
    public void ATypoNextToTheQuoteCostsLittle()
    {
        var clean = ContextAgreement.After(" initiated by Nikita Khrushchev", " initiated by Nikita Khrushchev and Mao");
        var typo = ContextAgreement.After(" initiated by Nikita Khrushchev", " inititaed by Nikita Khrushchev and Mao");

        Assert.InRange(clean - typo, 1, 8);
    }

    [Fact]
    public void UnrelatedContextEarnsAlmostNothing()
    {
        Assert.InRange(ContextAgreement.After(" initiated by Nikita Khrushchev", " was exploited by the US with China"), 0, 3);
        Assert.InRange(ContextAgreement.Before("the Sino-Soviet ", "memories of the "), 0, 5);
    }
}
