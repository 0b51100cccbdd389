namespace EssayReader.Essays;

/// <summary>The metadata an author writes at the top of an essay's Markdown file.</summary>
public sealed record EssayFrontMatter(
    string Title,
    string Author,
    DateOnly Published,
    string Language,
    string Summary);
