using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>
/// Shallow clause structure of one sentence, enough for a dictionary coder: clause limits,
/// reported speech, modality, negation and voice, all from closed-class words.
/// </summary>
internal sealed class SentenceAnalysis
{
    private const int NegationWindow = 3;
    private readonly bool[] _quoted;

    public SentenceAnalysis(Document doc, Sentence sentence, int firstToken, int endToken, bool[] quoted)
    {
        Sentence = sentence;
        Words = Coding.Words.Split(doc.Tokens, firstToken, endToken);
        Lemmas = Words.Select(w => LemmaCache.Of(w.Lower)).ToArray();
        _quoted = quoted;
    }

    public Sentence Sentence { get; }
    public List<Word> Words { get; }
    public string[] Lemmas { get; }

    public bool InQuote(int word) => Words[word].Start < _quoted.Length && _quoted[Words[word].Start];

    private bool IsPunctuation(int w) => !char.IsLetterOrDigit(Words[w].Text[0]) && Words[w].Text != "-";

    private bool Is(int w, string wordClass) => Grammar.Is(Words[w].Lower, wordClass);

    /// <summary>The first word of the clause that contains <paramref name="word"/>: after a semicolon, a subordinator, "that" or a speech verb.</summary>
    public int ClauseStart(int word)
    {
        for (int w = word - 1; w >= 0; w--)
        {
            var lower = Words[w].Lower;
            if (lower is ";" or ":" or "—" || Is(w, "clause_break") || Is(w, "complementizer") || Is(w, "speech") && !InQuote(w))
                return w + 1;
            if (InQuote(word) && !InQuote(w)) return w + 1;
        }
        return 0;
    }

    /// <summary>The word after the clause that starts at <paramref name="from"/>: up to a clause break, a semicolon or a comma before a new clause.</summary>
    public int ClauseEnd(int from)
    {
        for (int w = from; w < Words.Count; w++)
        {
            var lower = Words[w].Lower;
            if (lower is ";" or ":" or "—" || Is(w, "clause_break") || Is(w, "complementizer")) return w;
            if (lower == "," && w + 1 < Words.Count && !Words[w + 1].Text.All(char.IsLetter)) return w;
            if (lower == "," && w + 1 < Words.Count && char.IsLower(Words[w + 1].Text[0]) && Words[w + 1].Lower is not ("and" or "or")) return w;
            if (InQuote(from) != InQuote(w)) return w;
        }
        return Words.Count;
    }

    /// <summary>"staged a protest", "carried out an air strike": a verb that says the noun after it took place.</summary>
    public bool LightVerbBefore(int nounPhraseStart)
    {
        int w = nounPhraseStart - 1;
        if (w >= 0 && Words[w].Lower is "out" or "up") w--;
        return w >= 0 && Grammar.Is(Lemmas[w], "light_verb");
    }

    /// <summary>The end of the clause from <paramref name="from"/>, taking in a that-clause it governs ("demanded that X ease restrictions").</summary>
    public int ClauseWithComplementEnd(int from)
    {
        int end = ClauseEnd(from);
        return end < Words.Count && Is(end, "complementizer") ? ClauseEnd(end + 1) : end;
    }

    /// <summary>"plans to", "intends to" before the trigger in its clause.</summary>
    public bool Intended(int clauseStart, int trigger)
    {
        for (int w = clauseStart; w < trigger; w++)
            if (Is(w, "intent")) return true;
        return false;
    }

    public bool Hypothetical(int clauseStart, int trigger)
    {
        for (int w = clauseStart; w < trigger; w++)
            if (Is(w, "hypothetical") || Is(w, "intent")) return true;
        return false;
    }

    /// <summary>"would" (a conditional) or "will" (future) before the trigger in its clause.</summary>
    public bool ModalBefore(int clauseStart, int trigger, out bool future)
    {
        future = false;
        bool conditional = false;
        for (int w = Math.Max(clauseStart, trigger - 4); w < trigger; w++)
        {
            if (Is(w, "conditional")) conditional = true;
            if (Is(w, "future")) future = true;
        }
        return conditional;
    }

    public bool Negated(int clauseStart, int trigger)
    {
        for (int w = Math.Max(clauseStart, trigger - NegationWindow); w < trigger; w++)
            if (Is(w, "negation")) return true;
        for (int w = 0; w < trigger; w++)
            if (Is(w, "negating_verb")) return true;
        return false;
    }

    /// <summary>Passive: a participle after a form of "be" (adverbs allowed between), or followed by "by".</summary>
    public bool IsPassive(int trigger, int end)
    {
        var word = Words[trigger];
        bool participle = word.Lower != Lemmas[trigger] && !word.Lower.EndsWith("ing", StringComparison.Ordinal)
            && !(word.Lower.EndsWith('s') && !word.Lower.EndsWith("ss", StringComparison.Ordinal));
        if (!participle) return false;
        if (end < Words.Count && Words[end].Lower == "by") return true;
        for (int w = trigger - 1; w >= Math.Max(0, trigger - 3); w--)
        {
            if (Is(w, "be")) return true;
            if (!Is(w, "adverb")) break;
        }
        return false;
    }

    /// <summary>"after meeting X, ..." or "... after evacuating X": the agent is the main clause's subject.</summary>
    public bool IsParticiplePhrase(int trigger) =>
        Words[trigger].Lower.EndsWith("ing", StringComparison.Ordinal) && trigger > 0 &&
        (Is(trigger - 1, "clause_preposition") || Is(trigger - 1, "preposition") || Words[trigger - 1].Lower == ",");

    /// <summary>Four or more words with a lower-case one among them: a sentence, not a menu item or heading.</summary>
    public bool LooksLikeProse =>
        Words.Count(w => char.IsLetter(w.Text[0])) >= 4 && Words.Any(w => char.IsLower(w.Text[0]) && w.Text.Length > 3);

    /// <summary>"the displaced", "15,000 displaced people", "to displaced families": a participle used as an adjective.</summary>
    public bool IsAdjectivalParticiple(int word)
    {
        if (word == 0 || !Words[word].Lower.EndsWith("ed", StringComparison.Ordinal)) return false;
        var previous = Words[word - 1];
        return Grammar.IsDeterminer(previous.Lower) || char.IsDigit(previous.Text[0]) || Is(word - 1, "preposition") && previous.Lower is not "by";
    }

    /// <summary>"after talks with X, ...": a phrase whose agent is the main clause's subject.</summary>
    public bool FollowsClausePreposition(int word) => word > 0 && Is(word - 1, "clause_preposition");

    /// <summary>True when the word is part of a hyphenated token but not its first part.</summary>
    public bool InsideCompound(int word) =>
        Words[word].Text != "-" && (word > 0 && Words[word - 1].TokenIndex == Words[word].TokenIndex
            || word + 1 < Words.Count && Words[word + 1].TokenIndex == Words[word].TokenIndex);

    /// <summary>True when [first, end) covers the whole hyphenated token ("cease-fire").</summary>
    public bool CompoundWithin(int first, int end)
    {
        int token = Words[first].TokenIndex;
        bool startsToken = first == 0 || Words[first - 1].TokenIndex != token;
        bool endsToken = end >= Words.Count || Words[end].TokenIndex != Words[end - 1].TokenIndex;
        return startsToken && endsToken;
    }

    /// <summary>The first word of the noun phrase that ends at a noun trigger: its pre-modifiers ("Russian air", "the army's").</summary>
    public int NounPhraseStart(int noun)
    {
        int w = noun;
        while (w > 0)
        {
            var previous = Words[w - 1];
            if (IsPunctuation(w - 1) && previous.Text is not ("'s" or "’s" or "-")) break;
            if (Is(w - 1, "preposition") || Is(w - 1, "by") || Is(w - 1, "clause_break") || Is(w - 1, "clause_preposition") || Is(w - 1, "speech") || Grammar.IsDeterminer(previous.Lower)) break;
            w--;
        }
        return w;
    }

    public bool IsPreposition(int word) => word >= 0 && (Is(word, "preposition") || Is(word, "clause_preposition"));

    /// <summary>
    /// The end of a noun's prepositional complement: "of its troops", "of Mosul", "on the convoy";
    /// it stops after a proper name or after two common nouns, before the clause's verb.
    /// </summary>
    public int ComplementEnd(int from, int limit)
    {
        int content = 0;
        bool sawName = false;
        for (int w = from + 1; w < limit; w++)
        {
            var word = Words[w];
            if (IsPunctuation(w) && word.Text != "-" && word.Text is not ("'s" or "’s")) return w;
            if (word.Lower == "by") { content = 0; sawName = false; continue; }
            if (Grammar.IsDeterminer(word.Lower) || Is(w, "preposition") || char.IsDigit(word.Text[0]) || word.Text is "-" or "'s" or "’s" or "and") continue;
            if (char.IsUpper(word.Text[0])) { sawName = true; continue; }
            if (sawName) return w;
            if (++content == 2) return w + 1;
        }
        return limit;
    }

    /// <summary>A complement after a noun trigger names its target or agent: "attack on X", "recapture of X by Y".</summary>
    public bool NounComplementFollows(int end) =>
        end < Words.Count && Words[end].Lower is "of" or "on" or "against" or "by" or "with" or "between";

    /// <summary>The nearest speech verb before the trigger, outside quotations.</summary>
    public int SpeechVerbBefore(int trigger)
    {
        for (int w = trigger - 1; w >= 0; w--)
            if (Is(w, "speech") && !InQuote(w)) return w;
        return -1;
    }

    /// <summary>A that-clause opens before the word, with its own subject between ("declared that China must"); a relative "that must" does not count.</summary>
    public bool InThatClause(int word)
    {
        for (int w = word - 2; w >= 0; w--)
            if (Is(w, "complementizer")) return true;
        return false;
    }

    /// <summary>For a quotation that opens the sentence: the speech verb after it ("..., the minister said").</summary>
    public int SpeechVerbAfterQuote(int trigger)
    {
        for (int w = trigger + 1; w < Words.Count; w++)
            if (Is(w, "speech") && !InQuote(w)) return w;
        return -1;
    }

    /// <summary>Where the speaker of a speech verb is named: before it ("X said"), or right after it ("said X").</summary>
    public TextSpan SpeakerRegion(int speechVerb)
    {
        int start = speechVerb;
        while (start > 0 && !InQuote(start - 1) && Words[start - 1].Lower is not (";" or ":") && !Is(start - 1, "complementizer")
               && !(Words[start - 1].Lower == "," && start - 1 > 0 && InQuote(start - 2)))
            start--;
        if (start < speechVerb) return new TextSpan(Words[start].Start, Words[speechVerb].Start);
        int end = speechVerb + 1;
        while (end < Words.Count && !IsPunctuation(end)) end++;
        return end > speechVerb + 1 ? new TextSpan(Words[speechVerb + 1].Start, Words[end - 1].End) : new TextSpan(Words[speechVerb].Start, Words[speechVerb].Start);
    }
}
