using System.Text.Json.Nodes;

namespace EssayReader.Tests.Builders;

/// <summary>
/// Create requests as a page sends them (DESIGN.md): a phrase of the canonical text is found, and its
/// W3C TextQuoteSelector (exact with 32 characters of context each side) and TextPositionSelector
/// (UTF-16 offsets) are built from that text. The result is a <see cref="JsonObject"/>, so a test can
/// break one field (<c>request.PositionSelector()["start"] = "12"</c>) and send the rest as is.
/// </summary>
public static class AnnotationRequests
{
    public const int ContextLength = 32;

    public static JsonObject Highlight(
        CanonicalEssay essay, string phrase, int occurrence = 0, string? color = "yellow", string? visibility = "private")
    {
        var start = essay.IndexOf(phrase, occurrence);
        return Annotation("highlighting", essay, start, start + phrase.Length, body: null, color, visibility);
    }

    public static JsonObject Comment(
        CanonicalEssay essay, string phrase, string markdown = "A thought on this passage.", int occurrence = 0,
        string? visibility = "public", string? color = null)
    {
        var start = essay.IndexOf(phrase, occurrence);
        return Annotation("commenting", essay, start, start + phrase.Length, markdown, color, visibility);
    }

    /// <summary>A request for the span [start, end) of the text, whatever words are there.</summary>
    public static JsonObject Annotation(
        string motivation, CanonicalEssay essay, int start, int end, string? body, string? color, string? visibility)
    {
        var request = new JsonObject
        {
            ["motivation"] = motivation,
            ["target"] = Target(essay, start, end),
            ["essayVersion"] = essay.Version,
        };
        if (body is not null)
        {
            request["body"] = Body(body);
        }

        if (visibility is not null)
        {
            request["visibility"] = visibility;
        }

        if (color is not null)
        {
            request["color"] = color;
        }

        return request;
    }

    public static JsonObject Reply(string markdown = "A reply.") => new() { ["body"] = Body(markdown) };

    /// <summary>One W3C TextualBody holding Markdown.</summary>
    public static JsonArray Body(string markdown) =>
    [
        new JsonObject { ["type"] = "TextualBody", ["value"] = markdown, ["format"] = "text/markdown" },
    ];

    public static JsonObject Target(CanonicalEssay essay, int start, int end)
    {
        var text = essay.Text;
        return new JsonObject
        {
            ["source"] = $"http://localhost/essays/{essay.Slug}",
            ["selector"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "TextQuoteSelector",
                    ["exact"] = text[start..end],
                    ["prefix"] = text[Math.Max(0, start - ContextLength)..start],
                    ["suffix"] = text[end..Math.Min(text.Length, end + ContextLength)],
                },
                new JsonObject { ["type"] = "TextPositionSelector", ["start"] = start, ["end"] = end },
            },
        };
    }

    public static JsonObject QuoteSelector(this JsonObject request) => Selector(request, "TextQuoteSelector");

    public static JsonObject PositionSelector(this JsonObject request) => Selector(request, "TextPositionSelector");

    private static JsonObject Selector(JsonObject request, string type) =>
        request["target"]!["selector"]!.AsArray().OfType<JsonObject>().Single(s => (string?)s["type"] == type);
}
