using EssayReader.Essays;

namespace EssayReader.Benchmarks;

/// <summary>
/// The essay the benchmarks work on: the repository's one essay, copied beside the build
/// (the csproj copies content/), loaded as the catalogue loads it.
/// </summary>
internal static class BenchEssay
{
    public const string Slug = "why-a-moscow-beijing-axis-is-unlikely";

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "content", Slug + ".md");

    public static string Markdown() => File.ReadAllText(FilePath);

    public static Essay Load() => EssayLoader.Load(Slug, Markdown(), FilePath, DateTimeOffset.UtcNow);
}
