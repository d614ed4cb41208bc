using Sitrep.Core;

namespace Sitrep.Language.Ner;

/// <summary>
/// Turns the NER model's BIO labels over a document's tokens into entity mentions, refining the
/// CoNLL types with the model's gazetteer: places that are countries or cities become GPE,
/// nationalities NORP, and "Iranian-backed" keeps only the name before the hyphen.
/// </summary>
internal static class EntityTagger
{
    public static void Recognize(NerModel model, LanguageLexicon lexicon, string text, IReadOnlyList<Token> tokens, IReadOnlyList<(int Start, int End)> sentenceTokens, List<EntityMention> output)
    {
        var sentences = new List<IReadOnlyList<string>>(sentenceTokens.Count);
        foreach (var (s0, s1) in sentenceTokens)
        {
            var words = new string[s1 - s0];
            for (int k = s0; k < s1; k++) words[k - s0] = tokens[k].Text;
            sentences.Add(words);
        }
        var labels = model.Tag(sentences);
        var found = new List<EntityMention>();
        var headlines = new List<EntityMention>();
        for (int si = 0; si < sentenceTokens.Count; si++)
        {
            var (s0, s1) = sentenceTokens[si];
            var target = IsTitleCase(tokens, s0, s1, lexicon) ? headlines : found;
            foreach (var (a, b, type) in NerTrainer.Spans(labels[si]))
            {
                // A name neither starts nor ends with a lower-case word ("al-Hakim and"), but for particles that open one ("de Silva").
                int first = s0 + a, end = s0 + b;
                while (first < end && IsLowerWord(tokens[first]) && !IsNameParticle(lexicon, tokens[first])) first++;
                while (end > first && IsLowerWord(tokens[end - 1])) end--;
                if (first < end) Emit(model.Gazetteer, text, tokens, first, end, HeadType(lexicon, tokens[end - 1], type), target);
            }
            for (int k = s0; k < s1; k++)
                if (labels[si][k - s0] == "O") HyphenatedName(model.Gazetteer, text, tokens[k], target);
        }

        // Headlines capitalise every word: keep only names the body or the gazetteer knows.
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in found) known.TryAdd(e.Text, e.Type);
        foreach (var e in headlines)
            if (known.TryGetValue(e.Text, out var type)) found.Add(e with { Type = type });
            else if (model.Gazetteer.Lookup(Normalise(e.Text)) != 0) found.Add(e);
        found.Sort((x, y) => x.Start.CompareTo(y.Start));
        output.AddRange(found);
    }

    /// <summary>A landform or water word at the end of an ORG or MISC name makes it a place ("Niger River", "Red Sea"); names of people keep their type.</summary>
    private static string HeadType(LanguageLexicon lexicon, Token last, string conllType) =>
        conllType is "ORG" or "MISC" && lexicon.GeographicHeads.Contains(last.Text) ? "LOC" : conllType;

    /// <summary>A lower-case particle that can open a name ("de Silva", "van Gaal").</summary>
    private static bool IsNameParticle(LanguageLexicon lexicon, Token t) =>
        lexicon.Connectors.TryGetValue(t.Text, out var kinds) && kinds.Contains("particle", StringComparison.Ordinal);

    private static bool IsLowerWord(Token t) => t.Text.Length > 0 && char.IsLower(t.Text[0]) && !t.Text.Any(char.IsUpper);

    /// <summary>
    /// Mixed-case headline style: most words capitalised, no lower-case word but function words, and a capitalised
    /// function word inside ("Win In Fight For"), which lists of names lack. All-caps lines are left to the model.
    /// </summary>
    private static bool IsTitleCase(IReadOnlyList<Token> tokens, int s0, int s1, LanguageLexicon lexicon)
    {
        int words = 0, capitalised = 0;
        bool anyLower = false, functionWord = false;
        for (int k = s0; k < s1; k++)
        {
            string w = tokens[k].Text;
            if (tokens[k].Kind != TokenKind.Word || w.Length < 2 || !char.IsLetter(w[0])) continue;
            words++;
            if (w.Any(char.IsLower)) anyLower = true;
            if (char.IsUpper(w[0]))
            {
                capitalised++;
                if (words > 1 && w.Any(char.IsLower) && lexicon.FunctionWords.Contains(tokens[k].Lower)) functionWord = true;
            }
            else if (!lexicon.FunctionWords.Contains(tokens[k].Lower)) return false;
        }
        return anyLower && functionWord && words >= 4 && capitalised * 10 >= words * 6;
    }

    /// <summary>"Venezuelan-backed" left untagged: the name before the hyphen, when the gazetteer knows it.</summary>
    private static void HyphenatedName(NerGazetteer gazetteer, string text, Token token, List<EntityMention> output)
    {
        string w = token.Text;
        int hyphen = w.IndexOf('-');
        if (hyphen <= 0 || hyphen + 1 >= w.Length || !char.IsUpper(w[0]) || !char.IsLower(w[hyphen + 1])) return;
        var cats = gazetteer.Lookup(w[..hyphen].ToLowerInvariant());
        if (cats == 0) return;
        output.Add(new EntityMention(token.Start, token.Start + hyphen, text[token.Start..(token.Start + hyphen)], TypeOf(cats, DefaultType(cats))));
    }

    private static string DefaultType(NerGazetteer.Category cats) =>
        (cats & (NerGazetteer.Category.Country | NerGazetteer.Category.City | NerGazetteer.Category.Location)) != 0 ? "LOC"
        : (cats & NerGazetteer.Category.Organization) != 0 ? "ORG"
        : (cats & NerGazetteer.Category.Person) != 0 ? "PER" : "MISC";

    private static void Emit(NerGazetteer gazetteer, string text, IReadOnlyList<Token> tokens, int first, int end, string conllType, List<EntityMention> output)
    {
        int start = tokens[first].Start, stop = tokens[end - 1].End;
        string span = text[start..stop];

        // "Iranian-backed", "U.S.-led": the name is the part before a hyphen followed by a lower-case word.
        if (end - first == 1)
        {
            int hyphen = span.IndexOf('-');
            if (hyphen > 0 && hyphen + 1 < span.Length && char.IsLower(span[hyphen + 1]))
            {
                var head = gazetteer.Lookup(span[..hyphen].ToLowerInvariant());
                if (head != 0)
                {
                    output.Add(new EntityMention(start, start + hyphen, span[..hyphen], TypeOf(head, DefaultType(head))));
                    return;
                }
            }
        }
        output.Add(new EntityMention(start, stop, span, TypeOf(gazetteer.Lookup(Normalise(span)), conllType)));
    }

    private static string Normalise(string span) =>
        string.Join(' ', span.ToLowerInvariant().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static string TypeOf(NerGazetteer.Category cats, string conllType)
    {
        const NerGazetteer.Category place = NerGazetteer.Category.Country | NerGazetteer.Category.City;
        return conllType switch
        {
            "PER" => EntityTypes.Person,
            "ORG" => EntityTypes.Organization,
            "LOC" => (cats & place) != 0 ? EntityTypes.GeoPolitical : EntityTypes.Location,
            _ => (cats & NerGazetteer.Category.Demonym) != 0 ? EntityTypes.Nationality : EntityTypes.Misc,
        };
    }
}
