using EssayReader.Annotations;

namespace EssayReader.Tests.Annotations;

/// <summary>The one permission map: who sees, changes and replies to which annotation.</summary>
public sealed class AnnotationRulesTests
{
    private const string Owner = "owner-id";
    private const string Other = "other-id";

    [Theory]
    [InlineData(Visibility.Public, Owner, true)]
    [InlineData(Visibility.Public, Other, true)]
    [InlineData(Visibility.Public, null, true)]
    [InlineData(Visibility.Private, Owner, true)]
    [InlineData(Visibility.Private, Other, false)]
    [InlineData(Visibility.Private, null, false)]
    public void PublicIsForEveryonePrivateForTheOwnerAlone(Visibility visibility, string? reader, bool canSee)
    {
        Assert.Equal(canSee, AnnotationRules.CanSee(Make(Motivation.Commenting, visibility), reader));
    }

    [Theory]
    [InlineData(Visibility.Public, Owner, true)]
    [InlineData(Visibility.Public, Other, false)]
    [InlineData(Visibility.Public, null, false)]
    [InlineData(Visibility.Private, Owner, true)]
    [InlineData(Visibility.Private, Other, false)]
    public void OnlyTheOwnerChangesAnAnnotation(Visibility visibility, string? reader, bool canChange)
    {
        Assert.Equal(canChange, AnnotationRules.CanChange(Make(Motivation.Commenting, visibility), reader));
    }

    [Theory]
    [InlineData(Motivation.Commenting, Visibility.Public, Other, true)]
    [InlineData(Motivation.Commenting, Visibility.Public, Owner, true)]
    [InlineData(Motivation.Commenting, Visibility.Private, Owner, true)]
    [InlineData(Motivation.Commenting, Visibility.Private, Other, false)]
    [InlineData(Motivation.Commenting, Visibility.Public, null, false)]
    [InlineData(Motivation.Highlighting, Visibility.Public, Other, false)]
    [InlineData(Motivation.Highlighting, Visibility.Private, Owner, false)]
    [InlineData(Motivation.Replying, Visibility.Public, Other, false)]
    public void RepliesGoToCommentsTheReaderCanSee(Motivation motivation, Visibility visibility, string? reader, bool canReply)
    {
        Assert.Equal(canReply, AnnotationRules.CanReplyTo(Make(motivation, visibility), reader));
    }

    [Fact]
    public void ADeletedCommentTakesNoReplies()
    {
        var comment = Make(Motivation.Commenting, Visibility.Public);
        comment.IsDeleted = true;

        Assert.False(AnnotationRules.CanReplyTo(comment, Other));
        Assert.False(AnnotationRules.CanReplyTo(comment, Owner));
    }

    [Theory]
    [InlineData(Owner)]
    [InlineData(Other)]
    [InlineData(null)]
    public void TheQueryRuleAgreesWithTheRuleForOneAnnotation(string? reader)
    {
        var annotations = new[]
        {
            Make(Motivation.Highlighting, Visibility.Private, Owner),
            Make(Motivation.Commenting, Visibility.Public, Owner),
            Make(Motivation.Highlighting, Visibility.Private, Other),
            Make(Motivation.Replying, Visibility.Public, Other),
            Make(Motivation.Commenting, Visibility.Private, "third-id"),
        };

        var visible = annotations.AsQueryable().VisibleTo(reader).ToList();

        Assert.Equal(annotations.Where(a => AnnotationRules.CanSee(a, reader)), visible);
        Assert.NotEmpty(visible);
        Assert.NotEqual(annotations.Length, visible.Count);
    }

    private static Annotation Make(Motivation motivation, Visibility visibility, string owner = Owner) => new()
    {
        Id = Guid.CreateVersion7(),
        EssaySlug = "an-essay",
        OwnerId = owner,
        Motivation = motivation,
        Visibility = visibility,
        Target = new TextTarget("words", string.Empty, string.Empty, 0, 5, "0123456789abcdef"),
        CreatedUtc = DateTime.UtcNow,
        ModifiedUtc = DateTime.UtcNow,
    };
}
