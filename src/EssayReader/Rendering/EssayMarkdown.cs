using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace EssayReader.Rendering;

/// <summary>Markdown of an essay file turned into its front matter and body HTML, by one shared pipeline.</summary>
public static class EssayMarkdown
{
    // Extensions are enabled one by one: UseAdvancedExtensions would also turn a note that reads
    // just "N." into a lettered list, and typographic extensions would rewrite the author's punctuation.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseFootnotes()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .Build();

    /// <summary>Splits <paramref name="markdown"/> into its YAML front matter (null when there is none) and its body as HTML.</summary>
    public static (string? FrontMatter, string Html) Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var yamlBlock = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault();
        string? yaml = null;
        if (yamlBlock is not null)
        {
            yaml = string.Join('\n', yamlBlock.Lines.Lines.Take(yamlBlock.Lines.Count).Select(line => line.ToString()));
            // The block is not part of the body; removing it keeps its text out of the HTML.
            document.Remove(yamlBlock);
        }

        return (yaml, document.ToHtml(Pipeline));
    }
}
