using EssayReader.Rendering;

namespace EssayReader.Essays;

/// <summary>Turns the Markdown of one essay file into an <see cref="Essay"/>.</summary>
public static class EssayLoader
{
    public static Essay Load(string slug, string markdown, string sourcePath, DateTimeOffset lastModified)
    {
        var (yaml, bodyHtml) = EssayMarkdown.Render(markdown);
        if (yaml is null)
        {
            throw new EssayFormatException("the file does not start with front matter (a block between '---' lines giving title, author, published and summary)");
        }

        var meta = FrontMatterParser.Parse(yaml);
        var enhanced = EssayHtml.Enhance(bodyHtml);
        if (enhanced.BodyWordCount == 0)
        {
            throw new EssayFormatException("the essay has front matter but no text");
        }

        var text = CanonicalText.FromHtmlFragment(enhanced.Html);
        return new Essay
        {
            Slug = slug,
            Meta = meta,
            Html = enhanced.Html,
            Text = text,
            Version = CanonicalText.VersionOf(text),
            SourceHash = CanonicalText.VersionOf(markdown),
            Headings = enhanced.Headings,
            WordCount = enhanced.BodyWordCount,
            NoteCount = enhanced.NoteCount,
            SourcePath = sourcePath,
            LastModified = lastModified,
        };
    }
}
