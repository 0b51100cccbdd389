using DiffPlex;

namespace EssayReader.Annotations.Anchoring;

/// <summary>
/// Cuts text into runs of letters and digits and single other characters (each space and each mark
/// its own piece), so the pieces concatenate back to the text and their lengths give offsets.
/// DiffPlex's own WordChunker keeps runs of other characters together (", " or ".1"), which would
/// turn a fixed double space or an added comma into a changed word.
/// </summary>
internal sealed class WordChunker : IChunker
{
    public static readonly WordChunker Instance = new();

    public IReadOnlyList<string> Chunk(string str)
    {
        var pieces = new List<string>(str.Length / 3 + 1);
        var at = 0;
        while (at < str.Length)
        {
            var start = at++;
            if (char.IsLetterOrDigit(str[start]))
            {
                while (at < str.Length && char.IsLetterOrDigit(str[at]))
                {
                    at++;
                }
            }

            pieces.Add(str.Substring(start, at - start));
        }

        return pieces;
    }
}
