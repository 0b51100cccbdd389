namespace EssayReader.Annotations;

/// <summary>The sizes an annotation may have; requests beyond them are refused with a clear message.</summary>
public static class AnnotationLimits
{
    /// <summary>Characters of Markdown in a comment or reply.</summary>
    public const int MaxBodyLength = 10_000;

    /// <summary>Characters of quoted essay text one annotation may span.</summary>
    public const int MaxQuoteLength = 20_000;

    /// <summary>Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix and suffix).</summary>
    public const int ContextLength = 32;

    /// <summary>Annotations returned in one page of a listing.</summary>
    public const int PageSize = 200;
}
