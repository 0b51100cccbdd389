namespace EssayReader.Annotations.Anchoring;

/// <summary>Comparisons of a quote with the text found for it.</summary>
internal static class TextComparison
{
    /// <summary>
    /// True when the two read the same once every run of whitespace counts as one space: an author
    /// fixing a double space, or a line break becoming a space, has not changed the reader's words.
    /// </summary>
    public static bool SameWords(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var aSpace = char.IsWhiteSpace(a[i]);
            var bSpace = char.IsWhiteSpace(b[j]);
            if (aSpace != bSpace)
            {
                return false;
            }

            if (aSpace)
            {
                while (i < a.Length && char.IsWhiteSpace(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsWhiteSpace(b[j]))
                {
                    j++;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return false;
            }

            i++;
            j++;
        }

        return i == a.Length && j == b.Length;
    }
}
