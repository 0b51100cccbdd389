using System.Text.Json.Serialization;

namespace EssayReader.Annotations;

/// <summary>
/// An annotation as the API shows it: the W3C Web Annotation Data Model (so it can be exported as-is)
/// with EssayReader's few extensions (essayVersion, visibility, color, anchor, replyTo, deleted).
/// </summary>
public sealed record AnnotationDocument(
    [property: JsonPropertyName("@context")] string Context,
    string Id,
    string Type,
    string Motivation,
    DateTime Created,
    DateTime Modified,
    CreatorDocument Creator,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TextualBodyDocument>? Body,
    TargetDocument Target,
    string EssayVersion,
    string Visibility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    AnchorDocument Anchor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Deleted)
{
    public const string W3CContext = "http://www.w3.org/ns/anno.jsonld";
}

public sealed record CreatorDocument(string Id, string Type, string Name);

public sealed record TextualBodyDocument(string Type, string Value, string Format, string Html);

public sealed record TargetDocument(string Source, IReadOnlyList<SelectorDocument> Selector);

/// <summary>A TextQuoteSelector (exact, prefix, suffix) or a TextPositionSelector (start, end).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextQuoteSelectorDocument), "TextQuoteSelector")]
[JsonDerivedType(typeof(TextPositionSelectorDocument), "TextPositionSelector")]
public abstract record SelectorDocument;

public sealed record TextQuoteSelectorDocument(string Exact, string Prefix, string Suffix) : SelectorDocument;

public sealed record TextPositionSelectorDocument(int Start, int End) : SelectorDocument;

/// <summary>Where the annotation is in the essay's current text; no offsets when it is orphaned.</summary>
public sealed record AnchorDocument(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Start,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? End);

/// <summary>One page of a listing: <c>next</c> is the address of the following page, or null.</summary>
public sealed record AnnotationPage(int Total, IReadOnlyList<AnnotationDocument> Items, string? Next);
