using EssayReader.Annotations.Anchoring;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>Steps 3 and 4: the quote searched in the whole new text, weighed, and orphaned below the threshold.</summary>
public sealed class QuoteSearchTests
{
    private const string First = "Russia and China are both stakeholders in Central Asian security. The forum helps both sides talk.\n";
    private const string Second = "Beijing prefers hedging to colluding, and Moscow knows it well enough by now.\n";
    private const string Third = "Migration in the Far East worries local elites, who inflate the numbers of newcomers.\n";

    [Fact]
    public void AHighlightInAMovedParagraphFollowsItByQuoteAndContext()
    {
        const string old = First + Second + Third;
        const string edited = Third + First + Second;
        var target = Targets.Of(old, "inflate");

        var result = Reanchorer.Anchor(target, VersionDiff.Create(old, edited));

        Assert.Equal(AnchorStatus.Moved, result.Status);
        Assert.Equal(edited.IndexOf("inflate", StringComparison.Ordinal), result.Start);
    }

    [Fact]
    public void AWholeSentenceMovedOnItsOwnFollowsItWithoutItsContext()
    {
        const string old = "Talks began. Relations have long been difficult for both. Trade grew. Then came 2014.";
        const string edited = "Talks began. Trade grew. Relations have long been difficult for both. Then came 2014.";
        var target = Targets.Of(old, "Relations have long been difficult for both.");

        var result = Reanchorer.Anchor(target, VersionDiff.Create(old, edited));

        Assert.Equal(new AnchorResult(AnchorStatus.Moved, edited.IndexOf("Relations", StringComparison.Ordinal), edited.IndexOf(" Then", StringComparison.Ordinal)), result);
    }

    [Fact]
    public void AnOccurrenceThatWasAlreadyThereNeverCapturesADeletedHighlight()
    {
        // Both "Shanghai Cooperation Organisation" existed when the reader chose the second; deleting
        // it must not move the highlight onto the first, whatever the context says.
        const string old = "The Shanghai Cooperation Organisation is a forum. Later on, the Shanghai Cooperation Organisation met again.";
        const string edited = "The Shanghai Cooperation Organisation is a forum. Later on, they met again.";
        var target = Targets.Of(old, "Shanghai Cooperation Organisation", 1);

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(old, edited)).Status);
    }

    [Fact]
    public void AShortPhraseDeletedAndMentionedInANewSentenceElsewhereIsOrphaned()
    {
        const string old = First + "They squared up at the disputed Zhenbao Island in 1969.\n" + Second;
        const string edited = First + "They squared up in 1969.\n" + Second + "Memories of Zhenbao Island linger.\n";
        var target = Targets.Of(old, "Zhenbao Island");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(old, edited)).Status);
    }

    [Fact]
    public void AClauseDeletedAndPastedIntoANewSentenceElsewhereIsOrphaned()
    {
        const string old = First + "The deal was used as a thinly veiled retaliatory political message to Europe.\n" + Second;
        const string edited = First + "The deal was sent to Europe.\n" + Second + "Some read it as a thinly veiled retaliatory political message.\n";
        var target = Targets.Of(old, "a thinly veiled retaliatory political message");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(old, edited)).Status);
    }

    [Fact]
    public void ALookAlikeSentenceAddedWhereTheOriginalWasDeletedDoesNotCaptureIt()
    {
        const string old = First + "Russo-Sino relations have long been difficult and tense.\n" + Second + Third;
        const string edited = First + Second + Third + "Sino-Indian relations have long been difficult and tense.\n";
        var target = Targets.Of(old, "Russo-Sino relations have long been difficult and tense.");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(old, edited)).Status);
    }

    [Fact]
    public void APassageMovedAndLightlyRewordedIsFuzzyWhereItWent()
    {
        const string old = First + Second + Third;
        var edited = Third + First + Second.Replace("well enough", "quite well", StringComparison.Ordinal);
        var target = Targets.Of(old, "Beijing prefers hedging to colluding, and Moscow knows it well enough by now.");

        var result = Reanchorer.Anchor(target, VersionDiff.Create(old, edited));

        Assert.Equal(AnchorStatus.Fuzzy, result.Status);
        Assert.Equal("Beijing prefers hedging to colluding, and Moscow knows it quite well by now.", edited[result.Start..result.End]);
    }

    [Fact]
    public void AnApproximateMatchThatAgreesWithItsContextOnOneSideOnlyIsOrphaned()
    {
        // The end of one paragraph and the start of another, brought together by a move, read almost
        // like the highlight that spanned the old paragraph break: only its suffix still agrees.
        const string old = "Alpha paragraph ends as appreciated in Beijing.\nSecurity matters most\nThe Far East is a source of tension.\nOmega says it will be welcome in Beijing.\n";
        const string edited = "Alpha paragraph ends as appreciated in Beijing.\nOmega says it will be welcome in Beijing.\nSecurity matters most\nThe Far East is a source of tension.\n";
        var target = Targets.Of(old, "appreciated in Beijing.\nSecurity matters most\nThe Far East is a source");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, VersionDiff.Create(old, edited)).Status);
    }

    [Fact]
    public void WithoutTheOldTextContextPicksTheRightOneOfARepeatedPhrase()
    {
        const string text = "China’s “peaceful rise” is a slogan. Many doubt that “peaceful rise” survives a crisis.";
        var target = Targets.Of(text, "peaceful rise", 1);
        var edited = "Preface. " + text;

        Assert.Equal(new AnchorResult(AnchorStatus.Moved, target.Start + 9, target.End + 9), Reanchorer.Anchor(target, edited));
    }

    [Fact]
    public void WithoutTheOldTextTwoIdenticalPassagesFarFromTheOldOffsetAreAmbiguousAndOrphaned()
    {
        const string passage = "\nA passage that repeats word for word.\n";
        var text = First + passage + Second + Third;
        var target = Targets.Of(text, "repeats");
        var edited = new string('x', 2000) + passage + Second + new string('y', 2000) + passage + Second;

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, edited).Status);
    }

    [Fact]
    public void WithoutTheOldTextTheOldOffsetTellsIdenticalPassagesApart()
    {
        const string passage = "\nA passage that repeats word for word.\n";
        var text = passage + First + Second + Third + passage;
        var target = Targets.Of(text, "repeats");

        Assert.Equal(new AnchorResult(AnchorStatus.Exact, target.Start, target.End), Reanchorer.Anchor(target, text));
    }

    [Fact]
    public void WithoutTheOldTextALightlyRewordedSentenceIsFuzzyByItsContext()
    {
        const string text = First + Second + Third;
        var edited = text.Replace("well enough", "quite well", StringComparison.Ordinal);
        var target = Targets.Of(text, "Beijing prefers hedging to colluding, and Moscow knows it well enough by now.");

        var result = Reanchorer.Anchor(target, edited);

        Assert.Equal(AnchorStatus.Fuzzy, result.Status);
        Assert.Equal("Beijing prefers hedging to colluding, and Moscow knows it quite well by now.", edited[result.Start..result.End]);
    }

    [Fact]
    public void AShortQuoteIsNeverSearchedApproximately()
    {
        const string text = First + Second;
        var target = Targets.Of(text, "hedging");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, text.Replace("hedging", "hedgng", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public void AShortQuoteFoundOnceButWithoutItsContextStaysBelowTheThreshold()
    {
        var target = Targets.Of(First + Second, "Moscow");

        Assert.Equal(AnchorStatus.Orphaned, Reanchorer.Anchor(target, "Nothing here but Moscow in new words.").Status);
    }
}
