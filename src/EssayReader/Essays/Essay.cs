using EssayReader.Rendering;

namespace EssayReader.Essays;

/// <summary>One version of an essay, rendered and ready to serve. Immutable: an edit makes a new one.</summary>
public sealed record Essay
{
    private const int WordsPerMinute = 230;

    public required string Slug { get; init; }
    public required EssayFrontMatter Meta { get; init; }

    /// <summary>The body HTML, placed as-is inside the page's <c>data-essay-root</c> element.</summary>
    public required string Html { get; init; }

    /// <summary>The root's <c>textContent</c>: what annotation offsets count in.</summary>
    public required string Text { get; init; }

    /// <summary>Short SHA-256 of <see cref="Text"/>.</summary>
    public required string Version { get; init; }

    /// <summary>Short SHA-256 of the whole file, front matter included: changes whenever the page would.</summary>
    public required string SourceHash { get; init; }

    public required IReadOnlyList<EssayHeading> Headings { get; init; }
    public required int WordCount { get; init; }
    public required int NoteCount { get; init; }
    public required string SourcePath { get; init; }
    public required DateTimeOffset LastModified { get; init; }

    public int ReadingMinutes => Math.Max(1, (int)Math.Ceiling(WordCount / (double)WordsPerMinute));
}
