using System.Text.Json.Serialization;

namespace EssayReader.Annotations;

/// <summary>
/// An annotation as the API shows it: the W3C Web Annotation Data Model (so it can be exported as-is)
/// with EssayReader's few extensions (essayVersion, visibility, color, anchor, replyTo, deleted).
/// What may be left out of the JSON comes last with a default, so the OpenAPI document does not
/// require it; the order attributes keep the members in the order of DESIGN.md on the wire.
/// </summary>
public sealed record AnnotationDocument(
    [property: JsonPropertyName("@context")] string Context,
    string Id,
    string Type,
    string Motivation,
    DateTime Created,
    DateTime Modified,
    CreatorDocument Creator,
    [property: JsonPropertyOrder(2)] TargetDocument Target,
    [property: JsonPropertyOrder(2)] string EssayVersion,
    [property: JsonPropertyOrder(2)] string Visibility,
    [property: JsonPropertyOrder(4)] AnchorDocument Anchor,
    [property: JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TextualBodyDocument>? Body = null,
    [property: JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color = null,
    [property: JsonPropertyOrder(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo = null,
    [property: JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Deleted = false)
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Start = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? End = null);

/// <summary>One page of a listing: <c>next</c> is the address of the following page, or null.</summary>
public sealed record AnnotationPage(int Total, IReadOnlyList<AnnotationDocument> Items, string? Next);
