namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// What the diff compares. Words is the default: the corpus (bench/README.md) measured it against
/// characters, which align stray letters of unrelated words and so carry positions less well.
/// </summary>
internal enum DiffGranularity
{
    Word,
    Character,
}
