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

    /// <summary>
    /// Bytes of one API request body. The largest valid request is a quote, prefix and suffix of
    /// <see cref="MaxQuoteLength"/> characters each and a body of <see cref="MaxBodyLength"/>: 70 000
    /// UTF-16 code units, at most 6 bytes each in JSON (a client may send every one as <c>\uXXXX</c>),
    /// 420 000 bytes with room to spare. Kestrel's default, 30 MB, would let one request hold a
    /// worker and that much memory for nothing; a body past this limit is refused with 413 unread.
    /// </summary>
    public const int MaxRequestBytes = 512 * 1024;

    /// <summary>Annotations returned in one page of a listing.</summary>
    public const int PageSize = 200;
}
