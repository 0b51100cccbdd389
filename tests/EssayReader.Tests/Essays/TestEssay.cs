using System.Text;

namespace EssayReader.Tests.Essays;

/// <summary>Builds the Markdown of an essay file; a field passed as null is left out of the front matter.</summary>
public static class TestEssay
{
    /// <summary>An essay whose one table aligns its columns left, centre and right, which Markdig writes as style attributes.</summary>
    public static string AlignedTable => Markdown(
        title: "An aligned table", author: "Test", published: "2026-01-01", summary: "Columns aligned left, centre and right.",
        body: "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a    | b      | c     |\n");

    public const string DefaultBody = "A first paragraph with a note.[^1]\n\n## A Section\n\nA second paragraph.\n\n[^1]: The note.\n";

    public static string Markdown(
        string? title = "A Test Essay",
        string? author = "Test Author",
        string? published = "2020-01-01",
        string? summary = "A summary of the test essay.",
        string? language = "en",
        string body = DefaultBody)
    {
        var text = new StringBuilder("---\n");
        Field(text, "title", title);
        Field(text, "author", author);
        Field(text, "published", published);
        Field(text, "language", language);
        Field(text, "summary", summary);
        text.Append("---\n\n").Append(body);
        return text.ToString();
    }

    /// <summary>Writes an essay into <paramref name="folder"/> as <c>{slug}.md</c> and returns its path.</summary>
    public static string Write(string folder, string slug, string markdown)
    {
        var path = Path.Combine(folder, slug + ".md");
        File.WriteAllText(path, markdown);
        return path;
    }

    private static void Field(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }
    }
}
