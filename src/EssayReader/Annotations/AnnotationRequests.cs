namespace EssayReader.Annotations;

/// <summary>
/// A new annotation, shaped like the <see cref="AnnotationDocument"/> it becomes; the server sets the rest.
/// In these request records a member with a default may be left out: the OpenAPI document marks only
/// the others as required.
/// </summary>
public sealed record CreateAnnotationRequest(
    string? Motivation,
    TargetRequest? Target,
    IReadOnlyList<BodyRequest>? Body = null,
    string? Visibility = null,
    string? Color = null,
    string? EssayVersion = null,
    string? ReplyTo = null);

/// <summary>A change to an annotation: any of its body, visibility, colour, or (to re-attach it) its target.</summary>
public sealed record UpdateAnnotationRequest(
    IReadOnlyList<BodyRequest>? Body = null,
    string? Visibility = null,
    string? Color = null,
    TargetRequest? Target = null);

/// <summary>A reply to a comment: just its words.</summary>
public sealed record CreateReplyRequest(IReadOnlyList<BodyRequest>? Body);

public sealed record TargetRequest(IReadOnlyList<SelectorRequest>? Selector, string? Source = null);

/// <summary>A TextQuoteSelector (exact, prefix, suffix) or a TextPositionSelector (start, end), told apart by type.</summary>
public sealed record SelectorRequest(string? Type, string? Exact = null, string? Prefix = null, string? Suffix = null, int? Start = null, int? End = null);

/// <summary>A W3C TextualBody; type and format may be left out (TextualBody, text/markdown).</summary>
public sealed record BodyRequest(string? Value, string? Type = null, string? Format = null);

/// <summary>A request's selectors, read and checked for shape (not yet against the essay's text).</summary>
public sealed record SelectorInput(string Exact, string? Prefix, string? Suffix, int Start, int End);

/// <summary>Reads requests at the edge: every problem is reported by field, in words a client developer can act on.</summary>
public static class AnnotationInput
{
    public static readonly IReadOnlyDictionary<string, HighlightColor> Colors = Enum.GetValues<HighlightColor>()
        .ToDictionary(c => c.ToString().ToLowerInvariant(), c => c, StringComparer.Ordinal);

    public static string Name(Motivation motivation) => motivation switch
    {
        Annotations.Motivation.Highlighting => "highlighting",
        Annotations.Motivation.Commenting => "commenting",
        _ => "replying",
    };

    public static string Name(Visibility visibility) => visibility == Annotations.Visibility.Public ? "public" : "private";

    public static string Name(HighlightColor color) => color.ToString().ToLowerInvariant();

    public static Motivation? ParseMotivation(string? value, Errors errors)
    {
        switch (value)
        {
            case "highlighting": return Motivation.Highlighting;
            case "commenting": return Motivation.Commenting;
            case "replying": return Motivation.Replying;
            default:
                errors.Add("motivation", value is null ? "motivation is required: highlighting, commenting or replying." : $"'{value}' is not a motivation: use highlighting, commenting or replying.");
                return null;
        }
    }

    public static Visibility? ParseVisibility(string? value, Errors errors)
    {
        switch (value)
        {
            case null: return null;
            case "private": return Visibility.Private;
            case "public": return Visibility.Public;
            default:
                errors.Add("visibility", $"'{value}' is not a visibility: use private or public.");
                return null;
        }
    }

    public static HighlightColor? ParseColor(string? value, Errors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (Colors.TryGetValue(value, out var color))
        {
            return color;
        }

        errors.Add("color", $"'{value}' is not one of the colours: {string.Join(", ", Colors.Keys)}.");
        return null;
    }

    /// <summary>The Markdown of a body: one TextualBody of format text/markdown (or text/plain), at most 10 000 characters.</summary>
    public static string? ParseBody(IReadOnlyList<BodyRequest>? body, Errors errors)
    {
        if (body is null || body.Count == 0)
        {
            return null;
        }

        if (body.Count > 1)
        {
            errors.Add("body", "Send one body.");
            return null;
        }

        var only = body[0];
        if (only is null || (only.Type is not null && only.Type != "TextualBody"))
        {
            errors.Add("body[0].type", "The body must be a TextualBody.");
            return null;
        }

        if (only.Format is not null and not ("text/markdown" or "text/plain"))
        {
            errors.Add("body[0].format", "The body's format must be text/markdown.");
            return null;
        }

        var value = only.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("body[0].value", "The comment is empty.");
            return null;
        }

        if (value.Length > AnnotationLimits.MaxBodyLength)
        {
            errors.Add("body[0].value", $"The comment has {value.Length} characters; the most is {AnnotationLimits.MaxBodyLength}.");
            return null;
        }

        return value;
    }

    /// <summary>The TextQuoteSelector and TextPositionSelector of a target, both required.</summary>
    public static SelectorInput? ParseTarget(TargetRequest? target, Errors errors)
    {
        if (target?.Selector is null || target.Selector.Count == 0)
        {
            errors.Add("target.selector", "The target needs a TextQuoteSelector and a TextPositionSelector.");
            return null;
        }

        var quote = target.Selector.FirstOrDefault(s => s?.Type == "TextQuoteSelector");
        var position = target.Selector.FirstOrDefault(s => s?.Type == "TextPositionSelector");
        if (quote is null || position is null)
        {
            errors.Add("target.selector", "The target needs both a TextQuoteSelector and a TextPositionSelector.");
            return null;
        }

        var before = errors.Count;
        if (string.IsNullOrEmpty(quote.Exact))
        {
            errors.Add("target.selector.exact", "The quote (exact) is empty.");
        }
        else if (quote.Exact.Length > AnnotationLimits.MaxQuoteLength)
        {
            errors.Add("target.selector.exact", $"The quote has {quote.Exact.Length} characters; the most is {AnnotationLimits.MaxQuoteLength}.");
        }

        if (quote.Prefix?.Length > AnnotationLimits.MaxQuoteLength || quote.Suffix?.Length > AnnotationLimits.MaxQuoteLength)
        {
            errors.Add("target.selector.prefix", "The quote's context is too long.");
        }

        if (position.Start is not { } start || position.End is not { } end)
        {
            errors.Add("target.selector.start", "The TextPositionSelector needs start and end.");
            return null;
        }

        if (start < 0 || end <= start)
        {
            errors.Add("target.selector.start", "start must be at least 0 and end greater than start.");
        }
        else if (quote.Exact is { Length: > 0 } exact && end - start != exact.Length)
        {
            errors.Add("target.selector.end", $"end - start is {end - start} but the quote has {exact.Length} characters.");
        }

        return errors.Count == before ? new SelectorInput(quote.Exact!, quote.Prefix, quote.Suffix, start, end) : null;
    }
}

/// <summary>Validation problems by field, as a ValidationProblemDetails reports them.</summary>
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public int Count => _byField.Values.Sum(list => list.Count);

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var list))
        {
            _byField[field] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}
