using EssayReader.Annotations;
using EssayReader.Essays;

namespace EssayReader.Tests.Annotations.Anchoring;

/// <summary>
/// The measured corpus of issue 4: the essay's real canonical text, annotations of every shape placed
/// on it, and edited versions built from primitive edits (see <see cref="EditedText"/>) that an author
/// could make, from a fixed typo to a section moved or a look-alike sentence added where a highlighted
/// one was deleted.
/// </summary>
internal static class MutationCorpus
{
    public const string Slug = "why-a-moscow-beijing-axis-is-unlikely";

    private static readonly Lazy<Essay> LoadedEssay = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "content", Slug + ".md");
        return EssayLoader.Load(Slug, File.ReadAllText(path), path, DateTimeOffset.UtcNow);
    });

    public static Essay Essay => LoadedEssay.Value;

    /// <summary>The annotations, as the API would store them: selectors cut from the text by <see cref="TargetValidator.At"/>.</summary>
    public static IReadOnlyList<CorpusAnnotation> Annotations()
    {
        var text = Essay.Text;
        CorpusAnnotation Phrase(string name, string phrase, int occurrence = 0) => At(name, Locate(text, phrase, occurrence), phrase.Length);
        CorpusAnnotation Inside(string name, string around, string part) => At(name, Locate(text, around, 0) + around.IndexOf(part, StringComparison.Ordinal), part.Length);
        CorpusAnnotation Between(string name, string first, string last)
        {
            var start = Locate(text, first, 0);
            return At(name, start, text.IndexOf(last, start, StringComparison.Ordinal) + last.Length - start);
        }

        CorpusAnnotation At(string name, int start, int length) =>
            new(name, TargetValidator.At(text, Essay.Version, start, start + length));

        return
        [
            Inside("word with a typo", "Sino-Soviet spilt initiated", "spilt"),
            Phrase("phrase with a typo", "The spilt was exploited by the US"),
            Inside("common word", "links between Beijing and Moscow", "Beijing"),
            Inside("footnote number 1", "Moscow.1 Russia", "1"),
            Phrase("repeated phrase, 2nd of 5", "peaceful rise", 1),
            Phrase("repeated name, 2nd of 2", "Shanghai Cooperation Organisation (SCO)", 1),
            Phrase("short sentence", "Russo-Sino relations have long been difficult."),
            Between("long sentence", "In the midst of the Ukraine crisis", "topping the list."),
            Between("across paragraph, heading and paragraph", "appreciated in Beijing.", "an understated source"),
            Between("across paragraph and heading", "both currently pursue.", "Russia’s Eastern Intrigue"),
            Phrase("book title in a note", "The Soviet Withdrawal From Afghanistan"),
            Phrase("journal in notes, 2nd of 2", "Political Science Quarterly", 1),
            Phrase("access date in notes, 3rd of 3", "(Accessed 28.06.2014)", 2),
            Inside("footnote number 5", "global order.5 This", "5"),
            Phrase("place name", "Zhenbao Island"),
            Phrase("phrase", "hard-line energy diplomacy"),
            Phrase("repeated term, 1st of 2", "sovereignty hawk"),
            Phrase("heading", "Stability and Recklessness"),
            Phrase("sentence to reword lightly", "Russia and China are both stakeholders in Central Asian security."),
            Phrase("region name", "Primoskii Krai"),
            Phrase("sentence to reword heavily", "However, rather than colluding, China is hedging."),
            Phrase("figure", "$400 billion gas supply agreement"),
            Phrase("double space", "Tibet.\u00a0 On the economic front"),
            Phrase("number phrase", "17 separate territorial disputes"),
            Phrase("person", "Yevgeny Primakov"),
            Between("two sentences with a note", "A series of the region’s political elites", "labour export."),
            Phrase("name in text, also in notes", "Sergei Karaganov"),
            Phrase("short term", "mid-1990s"),
            Phrase("adjectives", "cumbersome and pragmatic"),
            Phrase("clause with apostrophe", "Mikhail Gorbachev’s landmark visit to Beijing in 1989"),
            Inside("word to replace", "China seems satisfied", "China"),
            Inside("stop word", "episodes of the Cold War", "the"),
            Phrase("note title", "Russia Deports Hundreds of Illegal Chinese Immigrants"),
            Phrase("sentence with common words", "Misperception of mutual diplomatic involvement in this region risks unnecessary regional rivalry between Beijing and Moscow, if left unchecked."),
            Phrase("sentence with numbers", "Dmitry Medvedev was the Russian president that concluded final demarcation 17 years later in July 2008."),
            Between("whole paragraph", "China sees increased international stability", "was appreciated in Beijing."),
            Phrase("sentence in a paragraph to move and reword", "Gorbachev’s dialogue with Deng Xiaoping facilitated a Russia-China Border Agreement in 1991."),
            Phrase("clause inside the long sentence", "a thinly veiled retaliatory political message"),
            Inside("first word of a paragraph", "\nNonetheless, a further initiative", "Nonetheless"),
            Phrase("notes heading", "Notes"),
        ];
    }

    /// <summary>The edited versions. Each edit finds its place by a phrase of the text it edits, so a typo in the corpus fails loudly.</summary>
    public static IReadOnlyList<CorpusVersion> Versions() =>
    [
        new("typo fixed inside a one-word highlight", "typo", t => t.ReplaceText("spilt", "split")),
        new("typo fixed inside a highlighted phrase", "typo", t => t.ReplaceText("spilt", "split", 1)),
        new("both typos fixed", "typo", t => t.ReplaceText("spilt", "split").ReplaceText("spilt", "split")),
        new("grammar fixed outside any highlight", "typo", t => t.InsertAfter("risky due", " to")),
        new("typos fixed inside a long highlight", "typo", t => t.ReplaceText("publically", "publicly").ReplaceText("inevitability grant", "inevitably grant")),
        new("word inserted inside a long highlight", "insert inside", t => t.InsertAfter("the deal has been used", " openly")),
        new("word inserted inside a short highlight", "insert inside", t => t.InsertBefore("pragmatic Yevgeny", "very ")),
        new("word inserted just before a highlight", "insert next to", t => t.InsertBefore("Zhenbao Island", "remote ")),
        new("words inserted just after a highlight", "insert next to", t => t.InsertAfter("Yevgeny Primakov", ", a veteran of Soviet intelligence,")),
        new("sentence added at the start", "sentence added", t => t.Insert(0, "This essay was first published in June 2014. ")),
        new("sentence added after a highlighted sentence", "sentence added", t => t.InsertAfter("Russo-Sino relations have long been difficult.", " Trust has always been thin.")),
        new("sentences added around a highlighted sentence", "sentence added",
            t => t.InsertBefore("Dmitry Medvedev was", "Talks dragged on. ").InsertAfter("in July 2008.", " It was a modest success.")),
        new("sentence deleted before most highlights", "sentence deleted", t => t.DeleteText(" These European ambitions represent a long-term project.")),
        new("highlighted sentence deleted", "sentence deleted", t => t.DeleteText("Russo-Sino relations have long been difficult. ")),
        new("highlighted stop word deleted", "word deleted", t => t.Delete(t.Find("episodes of the Cold War") + "episodes of ".Length, "the ".Length)),
        new("two paragraphs swapped", "reorder", t => MoveSpan(t, "Aspects of this perspective", "than they had with each other.4\n", "Under “New Thinking”")),
        new("section moved to the end", "reorder", t => MoveSpan(t, "Security in the Far East\n", "rather than cooperation.\n", "Notes\n")),
        new("last section moved to the start", "reorder", t => MoveSpan(t, "Hedging but not Colluding\n", "welcome in Beijing.\n", "Many experts")),
        new("two sentences swapped", "reorder", t => t.MoveBefore("Russo-Sino relations have long been difficult. ", "The spilt was exploited")),
        new("sentence moved to another paragraph", "reorder", t => t.MoveBefore("However, rather than colluding, China is hedging. ", "Russia’s Far East is an understated")),
        new("paragraph moved and a sentence in it reworded", "reorder",
            t => MoveSpan(t, "Under “New Thinking”", "balancing alliance with Beijing.3\n", "Stability and Recklessness").ReplaceText("facilitated", "led to")),
        new("sentence reworded slightly", "reworded", t => t.ReplaceText("Central Asian", "Central Asia’s")),
        new("sentence reworded heavily", "reworded", t => t.ReplaceText("However, rather than colluding, China is hedging.", "China, in short, hedges its bets instead.")),
        new("heading reworded slightly", "reworded", t => t.Replace(t.Find("Stability and Recklessness") + "Stability and ".Length, 1, "r")),
        new("heading reworded heavily", "reworded", t => t.ReplaceText("Stability and Recklessness", "Order versus Adventurism")),
        new("highlighted word replaced by another", "reworded", t => t.Replace(t.Find("China seems satisfied"), "China".Length, "Beijing")),
        new("clause around a highlighted name rewritten", "reworded",
            t => t.ReplaceText("brought the appointment of the cumbersome and pragmatic", "led Boris Yeltsin to name the wily")),
        new("note reworded slightly", "reworded", t => t.Delete(t.Find("Illegal Chinese Immigrants") + "Illegal Chinese ".Length, 2)),
        new("access date in a note reworded", "reworded", t => t.ReplaceText("28.06.2014", "28.6.2014", 2)),
        new("paragraph deleted outright", "passage deleted", t => DeleteSpan(t, "Nonetheless, a further initiative", "redress the balance-of-power with the West.\n")),
        new("section deleted outright", "passage deleted", t => DeleteSpan(t, "Security in the Far East\n", "rather than cooperation.\n")),
        new("unannotated note deleted", "passage deleted", t => DeleteSpan(t, "Miwa Hirono", "243-256.↩\n\n\n")),
        new("look-alike sentence added elsewhere", "look-alike",
            t => t.InsertAfter("rather than cooperation.", " Sino-Indian relations have long been difficult.")),
        new("look-alike sentence added elsewhere, original deleted", "look-alike",
            t => t.InsertAfter("rather than cooperation.", " Sino-Indian relations have long been difficult.").DeleteText("Russo-Sino relations have long been difficult. ")),
        new("look-alike long sentence added elsewhere, original deleted", "look-alike",
            t => t.InsertAfter("inflate the figure of ethnic Chinese living there.", " Misperception of mutual military involvement in this region risks unnecessary regional rivalry between Beijing and Tokyo, if left unchecked.")
                .DeleteText(" Misperception of mutual diplomatic involvement in this region risks unnecessary regional rivalry between Beijing and Moscow, if left unchecked.")),
        new("highlighted name deleted and mentioned in a new sentence elsewhere", "look-alike",
            t => t.DeleteText(" at the disputed Zhenbao Island").InsertAfter("understated source of tension in Russo-Sino relations.", " Memories of the Zhenbao Island clash linger there.")),
        new("highlighted clause deleted and reused in a new sentence elsewhere", "look-alike",
            t => t.DeleteText("as a thinly veiled retaliatory political message ").InsertAfter("balancing alliance with Beijing.3", " Some read it as a thinly veiled retaliatory political message.")),
        new("repeated phrase added next to a highlighted occurrence", "repeated",
            t => t.InsertAfter("strategy is not always consistent;", " “peaceful rise” is a slogan as much as a strategy;")),
        new("highlighted paragraph copied elsewhere", "repeated",
            t => CopySpan(t, "Nonetheless, a further initiative", "redress the balance-of-power with the West.\n", "Notes\n")),
        new("double space fixed inside a highlight", "whitespace", t => t.Delete(t.Find("Tibet.\u00a0 On") + "Tibet.".Length, 1)),
        new("double spaces added inside a highlight", "whitespace", t => t.InsertAfter("region.8", " ").InsertAfter("to Russian security,", " ")),
        new("paragraph joined to a heading", "whitespace", t => t.Replace(t.Find("both currently pursue.\n") + "both currently pursue.".Length, 1, " ")),
        new("paragraph split inside a highlight", "whitespace", t => t.Replace(t.Find("region.8 While") + "region.8".Length, 1, "\n")),
        new("footnote reference moved by a word", "insert next to", t => t.InsertAfter("between Beijing and Moscow", " alike")),
        new("curly apostrophes straightened", "many edits", t =>
        {
            for (var at = t.Text.IndexOf('’'); at >= 0; at = t.Text.IndexOf('’', at + 1))
            {
                t.Replace(at, 1, "'");
            }

            return t;
        }),
        new("ten typos fixed throughout", "many edits", t => t
            .ReplaceText("spilt", "split").ReplaceText("spilt", "split").ReplaceText("publically", "publicly")
            .ReplaceText("inevitability grant", "inevitably grant").InsertAfter("Primo", "r").InsertAfter("risky due", " to")
            .ReplaceText("bi-lateral", "bilateral").ReplaceText("Organisation", "Organization").ReplaceText("Organisation", "Organization")
            .ReplaceText("sociologically orientated", "sociologically oriented")),
        new("several edits at once", "many edits", t => MoveSpan(
                t.ReplaceText("spilt", "split").InsertAfter("risky due", " to").Insert(0, "First published in June 2014. "),
                "Aspects of this perspective", "than they had with each other.4\n", "Under “New Thinking”")
            .Delete(t.Find("Tibet.\u00a0 On") + "Tibet.".Length, 1)
            .DeleteText(" These European ambitions represent a long-term project.")),
        new("note added and a link changed", "many edits", t => t
            .ReplaceText("http://goo.gl/XG6SQ5", "https://goo.gl/XG6SQ5")
            .InsertBefore("Harsh Pant (2004)", "Anonymous (2014) ‘A note added later’ Nowhere Review, 1 (1): 1-2.↩\n\n\n")),
        new("paragraph added between paragraphs", "sentence added", t => t.InsertBefore("Aspects of this perspective", "The 1990s were a decade of missed chances for Moscow.\n")),
        new("highlighted phrase deleted and reused in another paragraph", "look-alike",
            t => t.DeleteText(" and the subsequent hard-line energy diplomacy").InsertAfter("Responding to the hype about immigration from the east,", " and to hard-line energy diplomacy,")),
        new("sentence with a highlighted repeated phrase deleted", "passage deleted",
            t => t.DeleteText("China’s “peaceful rise” strategy is not always consistent; this has been the case with its recent confrontational approach towards Japan over the disputed Senkaku / Diaoyu Islands. ")),
        new("note holding a repeated journal name deleted", "passage deleted", t => DeleteSpan(t, "Mikhail A. Alexseev", "1-32.↩\n\n\n")),
        new("note holding a repeated access date deleted", "passage deleted", t => DeleteSpan(t, "‘Russia Deports Hundreds", "(Accessed 28.06.2014).↩\n\n\n\n")),
        new("last note moved first", "reorder", t => MoveSpan(t, "‘Russia Deports Hundreds", "(Accessed 28.06.2014).↩\n\n\n", "Neil MacFarquhar")),
        new("sentence holding a highlighted stop word moved", "reorder",
            t => t.MoveBefore("Coming to light during the 1960s, the Sino-Soviet spilt initiated by Nikita Khrushchev and Mao Zedong was one of the bitterest episodes of the Cold War. ", "Speculated upon by some")),
        new("body paragraphs in reverse order", "reorder", t =>
        {
            foreach (var first in BodyParagraphs)
            {
                var (start, length) = t.Span(first, "\n");
                t.Move(start, length, t.Find("Many experts"));
            }

            return t;
        }),
        new("Moscow called the Kremlin throughout", "many edits", t =>
        {
            for (var at = t.Text.IndexOf("Moscow", StringComparison.Ordinal); at >= 0; at = t.Text.IndexOf("Moscow", at + 1, StringComparison.Ordinal))
            {
                t.Replace(at, "Moscow".Length, "the Kremlin");
            }

            return t;
        }),
        new("everything after the first paragraph deleted", "passage deleted", t => DeleteSpan(t, "Russia’s Eastern Intrigue\n", "(Accessed 28.06.2014).↩\n\n\n\n")),
    ];

    // The first words of the body's paragraphs after the first, in order.
    private static readonly string[] BodyParagraphs =
    [
        "Speculated upon by some", "Under “New Thinking”", "Aspects of this perspective", "Nonetheless, a further initiative", "In part attempting",
        "China’s “peaceful rise” strategy is not", "China sees increased", "Russia’s Far East is", "There are a number of important",
    ];

    private static int Locate(string text, string phrase, int occurrence)
    {
        var at = -1;
        for (var seen = 0; seen <= occurrence; seen++)
        {
            at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ArgumentException($"'{phrase}' does not occur {occurrence + 1} times in the essay.", nameof(phrase));
            }
        }

        return at;
    }

    private static EditedText MoveSpan(EditedText text, string first, string last, string before)
    {
        var (start, length) = text.Span(first, last);
        return text.Move(start, length, text.Find(before));
    }

    private static EditedText DeleteSpan(EditedText text, string first, string last)
    {
        var (start, length) = text.Span(first, last);
        return text.Delete(start, length);
    }

    private static EditedText CopySpan(EditedText text, string first, string last, string before)
    {
        var (start, length) = text.Span(first, last);
        return text.Insert(text.Find(before), text.Text.Substring(start, length));
    }
}

internal sealed record CorpusAnnotation(string Name, TextTarget Target);

internal sealed record CorpusVersion(string Name, string Kind, Func<EditedText, EditedText> Edit);
