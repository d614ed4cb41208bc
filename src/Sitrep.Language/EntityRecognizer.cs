using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>
/// Rule- and lexicon-based named-entity recogniser: maximal capitalised token runs (with name
/// particles such as "al-", "bin", and "of"/"for" after an organisation or place keyword), typed by
/// the country lexicon, keywords, person titles and cues, and locative prepositions. A stand-in
/// until a trained model replaces it.
/// </summary>
internal sealed class EntityRecognizer
{
    private const double TitleCaseRatio = 0.6;
    private readonly string _text;
    private readonly TokenContext _ctx;
    private readonly LanguageLexicon _lex;
    private readonly HashSet<string> _lowerCaseWords;

    private EntityRecognizer(string text, TokenContext ctx)
    {
        _text = text;
        _ctx = ctx;
        _lex = ctx.Lexicon;
        _lowerCaseWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in ctx.Tokens)
            if (t.Kind == TokenKind.Word && char.IsLower(t.Text[0])) _lowerCaseWords.Add(t.Text);
    }

    /// <param name="CharEnd">Where the name ends inside its last token ("Iranian" in "Iranian-backed"), or -1.</param>
    private readonly record struct Candidate(int Start, int End, string Type, bool Weak, int CharEnd = -1);

    public static void Recognize(string text, TokenContext ctx, IReadOnlyList<(int Start, int End)> sentenceTokens, List<EntityMention> output)
    {
        var recognizer = new EntityRecognizer(text, ctx);
        var candidates = new List<Candidate>();
        var titleCaseSentences = new List<(int, int)>();
        foreach (var (s0, s1) in sentenceTokens)
        {
            if (recognizer.IsTitleCase(s0, s1)) titleCaseSentences.Add((s0, s1));
            else recognizer.RecognizeSentence(s0, s1, candidates);
        }

        // Headlines capitalise every word: keep only names the body or the lexicon knows.
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in candidates) known.TryAdd(recognizer.Span(c), c.Type);
        var headline = new List<Candidate>();
        foreach (var (s0, s1) in titleCaseSentences) recognizer.RecognizeSentence(s0, s1, headline);
        foreach (var c in headline)
        {
            string span = recognizer.Span(c);
            if (known.TryGetValue(span, out var type)) candidates.Add(c with { Type = type });
            else if (recognizer._lex.KnownNames.TryGetValue(span, out type)) candidates.Add(c with { Type = type });
        }
        candidates.Sort((a, b) => a.Start.CompareTo(b.Start));

        // A surname alone after the full name ("Recep Tayyip Erdogan" ... "Erdogan") is the same person.
        var personParts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (c.Type != EntityTypes.Person) continue;
            int last = c.End - 1;
            personParts.Add(ctx.Tokens[last].Text);
            string lastText = ctx.Tokens[last].Text;
            int dash = lastText.IndexOf('-');
            if (dash > 0 && dash < lastText.Length - 1 && char.IsLower(lastText[0])) personParts.Add(lastText[(dash + 1)..]);
        }
        // A weakly typed name takes the type the same name has elsewhere in the document.
        var strongTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in candidates)
            if (!c.Weak || c.Type != EntityTypes.Misc) strongTypes.TryAdd(recognizer.Span(c), c.Type);
        foreach (var c in candidates)
        {
            string type = c.Type;
            if (c.Weak && c.End - c.Start == 1 && personParts.Contains(ctx.Tokens[c.Start].Text)) type = EntityTypes.Person;
            else if (c.Weak && type == EntityTypes.Misc && strongTypes.TryGetValue(recognizer.Span(c), out var other)) type = other;
            int a = ctx.Tokens[c.Start].Start, b = c.CharEnd >= 0 ? c.CharEnd : ctx.Tokens[c.End - 1].End;
            output.Add(new EntityMention(a, b, text[a..b], type));
        }
    }

    private string Span(Candidate c) => _text[_ctx.Tokens[c.Start].Start.._ctx.Tokens[c.End - 1].End];

    private bool IsTitleCase(int s0, int s1)
    {
        int words = 0, capitalised = 0;
        for (int k = s0; k < s1; k++)
        {
            var t = _ctx.Tokens[k];
            if (t.Kind != TokenKind.Word || t.Text.Length < 2 || !char.IsLetter(t.Text[0])) continue;
            words++;
            if (char.IsUpper(t.Text[0])) capitalised++;
            // Headline style capitalises every content word; prose leaves verbs and nouns lower-case.
            else if (t.Text.Length >= 4 && !_lex.Connectors.ContainsKey(t.Text) && !IsPrefixed(t.Text)) return false;
        }
        return words >= 4 && capitalised >= words * TitleCaseRatio;
    }

    private void RecognizeSentence(int s0, int s1, List<Candidate> output)
    {
        var tokens = _ctx.Tokens;
        int firstWord = s0;
        while (firstWord < s1 && tokens[firstWord].Kind == TokenKind.Punctuation) firstWord++;

        for (int i = s0; i < s1; i++)
        {
            if (!IsNameToken(i)) continue;

            // "Iranian-backed", "U.S.-led": the capitalised part before the hyphen is the name.
            var t = tokens[i];
            int hyphen = t.Text.IndexOf('-');
            if (hyphen > 0 && char.IsUpper(t.Text[0]) && hyphen + 1 < t.Text.Length && char.IsLower(t.Text[hyphen + 1]) && !IsPrefixed(t.Text))
            {
                string head = t.Text[..hyphen];
                if (_lex.KnownNames.TryGetValue(head, out var headType))
                    output.Add(new Candidate(i, i + 1, headType, false, t.Start + hyphen));
                continue;
            }

            int end = i + 1;
            while (end < s1)
            {
                if (IsNameToken(end) && !IsHyphenModifier(end)) { end++; continue; }
                int joined = JoinAcross(end, s1, i);
                if (joined > end) { end = joined; continue; }
                break;
            }

            int before = output.Count;
            EmitTyped(i, end, s0, s1, output);
            // A sentence-initial common word ("Rebels", "Crowds") is not a name.
            if (i == firstWord && end - i == 1 && output.Count == before + 1 && output[before].Type == EntityTypes.Misc && IsCommonWord(i))
                output.RemoveAt(before);
            i = end - 1;
        }
    }

    /// <summary>Past particles or linkers that continue a name at <paramref name="k"/>, or k.</summary>
    private int JoinAcross(int k, int s1, int nameStart)
    {
        var tokens = _ctx.Tokens;
        string text = tokens[k].Text;
        if (!_lex.Connectors.TryGetValue(text, out var kind)) return k;
        if (kind.Contains("particle") && k + 1 < s1 && IsNameToken(k + 1)) return k + 2;
        if (kind.Contains("linker") && k > nameStart && _lex.NameKeywords.ContainsKey(tokens[k - 1].Text))
        {
            int next = k + 1;
            if (next < s1 && tokens[next].Text == "the") next++;
            if (next < s1 && IsNameToken(next) && !_lex.FunctionWords.Contains(tokens[next].Lower)) return next + 1;
        }
        return k;
    }

    private bool IsNameToken(int k)
    {
        var t = _ctx.Tokens[k];
        if (t.Kind != TokenKind.Word) return false;
        if (IsPrefixed(t.Text)) return true;
        if (!char.IsUpper(t.Text[0])) return false;
        if (_lex.FunctionWords.Contains(t.Lower) && !(t.Text.Length > 1 && IsAllCaps(t.Text))) return false;
        if (_ctx.Month(k) is not null || _ctx.Weekday(k) is not null) return false;
        return true;
    }

    private bool IsHyphenModifier(int k)
    {
        string s = _ctx.Tokens[k].Text;
        int hyphen = s.IndexOf('-');
        return hyphen > 0 && hyphen + 1 < s.Length && char.IsLower(s[hyphen + 1]) && !IsPrefixed(s);
    }

    /// <summary>"al-Bashir", "el-Sisi": a lower-case name prefix glued to a capitalised part.</summary>
    private bool IsPrefixed(string s)
    {
        int hyphen = s.IndexOf('-');
        return hyphen > 0 && hyphen + 1 < s.Length && char.IsUpper(s[hyphen + 1]) &&
               _lex.Connectors.TryGetValue(s[..(hyphen + 1)], out var kind) && kind.Contains("prefix");
    }

    private bool IsCommonWord(int k)
    {
        var t = _ctx.Tokens[k];
        if (_lex.KnownNames.ContainsKey(t.Text) || _lex.FirstNames.Contains(t.Text)) return false;
        bool pluralLooking = t.Text.Length > 3 && t.Text[^1] == 's' && _ctx.Lemmas[k] != t.Lower;
        return pluralLooking || _lowerCaseWords.Contains(t.Lower) || _lex.RoleCues.ContainsKey(_ctx.Lemmas[k]) || _lex.CountedNouns.Contains(_ctx.Lemmas[k]) || _lex.NameKeywords.ContainsKey(t.Text) && !IsAllCaps(t.Text);
    }

    private void EmitTyped(int start, int end, int s0, int s1, List<Candidate> output)
    {
        var tokens = _ctx.Tokens;
        string span = _text[tokens[start].Start..tokens[end - 1].End];
        if (_lex.KnownNames.TryGetValue(span, out var known))
        {
            output.Add(new Candidate(start, end, known, false));
            return;
        }

        // A person title inside the run: "U.S. President Barack Obama", "Prime Minister Theresa May".
        string? lastKeyword = _lex.NameKeywords.GetValueOrDefault(tokens[end - 1].Text);
        if (lastKeyword != EntityTypes.Organization)
        {
            for (int p = start; p < end; p++)
            {
                int titleEnd = TitleEnd(p, end);
                if (titleEnd < 0) continue;
                if (p > start) EmitTyped(start, p, s0, s1, output);
                if (titleEnd < end) output.Add(new Candidate(titleEnd, end, EntityTypes.Person, false));
                return;
            }
        }

        // "UN Syrian envoy": a run without keywords that holds a known name is several names.
        if (end - start > 1 && !HasKeyword(start, end))
        {
            for (int k = start; k < end; k++)
            {
                if (!_lex.KnownNames.ContainsKey(tokens[k].Text)) continue;
                if (k > start) EmitTyped(start, k, s0, s1, output);
                output.Add(new Candidate(k, k + 1, _lex.KnownNames[tokens[k].Text], false));
                if (k + 1 < end) EmitTyped(k + 1, end, s0, s1, output);
                return;
            }
        }

        output.Add(new Candidate(start, end, TypeOf(start, end, s0, s1, out bool weak), weak));
    }

    private bool HasKeyword(int start, int end)
    {
        for (int k = start; k < end; k++)
            if (_lex.NameKeywords.ContainsKey(_ctx.Tokens[k].Text)) return true;
        return false;
    }

    /// <summary>The token after the longest person title starting at <paramref name="p"/>, or -1.</summary>
    private int TitleEnd(int p, int limit)
    {
        for (int len = Math.Min(_lex.LongestTitleWords, limit - p); len >= 1; len--)
        {
            string phrase = len == 1 ? _ctx.Lower(p) : string.Join(' ', Enumerable.Range(p, len).Select(_ctx.Lower));
            if (_lex.PersonTitles.Contains(phrase)) return p + len;
        }
        return -1;
    }

    private string TypeOf(int start, int end, int s0, int s1, out bool weak)
    {
        weak = false;
        var tokens = _ctx.Tokens;
        string? lastKeyword = _lex.NameKeywords.GetValueOrDefault(tokens[end - 1].Text);
        if (lastKeyword is not null && end - start > 1) return lastKeyword;
        string? firstKeyword = _lex.NameKeywords.GetValueOrDefault(tokens[start].Text);
        if (firstKeyword is not null && end - start > 1 && _lex.Connectors.ContainsKey(tokens[start + 1].Text)) return firstKeyword;
        for (int k = start; k < end; k++)
            if (_lex.NameKeywords.GetValueOrDefault(tokens[k].Text) == EntityTypes.Organization && end - start > 1) return EntityTypes.Organization;

        // A lower-case type word right after: "the Ahrar al-Sham rebel group", "Idlib province".
        for (int k = end; k < s1 && k < end + 2; k++)
        {
            var t = tokens[k];
            if (t.Kind != TokenKind.Word || !char.IsLower(t.Text[0])) break;
            if (_lex.AfterNameKeywords.TryGetValue(t.Lower, out var afterType)) return afterType;
        }
        for (int k = start; k < end; k++)
            if (_lex.NameKeywords.GetValueOrDefault(tokens[k].Text) is { } kw && end - start > 1) return kw;

        // Person cues: a title or role just before, a known first name, an Arabic name particle, "said" after.
        if (start > s0 && (TitleEnd(start - 1, start) == start || start > s0 + 1 && TitleEnd(start - 2, start) == start)) return EntityTypes.Person;
        if (_lex.FirstNames.Contains(tokens[start].Text) && end - start > 1) return EntityTypes.Person;
        if (end - start > 1 && IsPrefixed(tokens[end - 1].Text)) return EntityTypes.Person;
        if (end - start > 1 && _lex.Connectors.TryGetValue(tokens[end - 2].Text, out var kind) && kind.Contains("particle")) return EntityTypes.Person;
        bool saidAfter = end < s1 && tokens[end].Lower is "said" or "says" or "told" or "added" or "stated" or "wrote";
        bool appositive = end + 1 < s1 && tokens[end].Text == "," && tokens[end + 1].Lower is "a" or "an" or "the" or "who" or "whose";
        if (end - start is 2 or 3 && (saidAfter || appositive)) return EntityTypes.Person;

        if (end - start == 1 && IsAllCaps(tokens[start].Text) && tokens[start].Text.Length >= 2 && !tokens[start].Text.Contains('.')) return EntityTypes.Organization;

        // "in Basra", "near east Mosul": a locative preposition before the name.
        weak = true;
        int before = start - 1;
        if (before >= s0 && tokens[before].Kind == TokenKind.Word && tokens[before].Lower is "east" or "west" or "north" or "south" or "eastern" or "western" or "northern" or "southern" or "central" or "rural" or "downtown" or "greater")
            before--;
        if (before >= s0 && tokens[before].Lower is "in" or "near" or "from" or "to" or "into" or "outside" or "across" or "toward" or "towards" or "around" or "inside" or "throughout" or "at" or "of" && end - start <= 3)
            return EntityTypes.GeoPolitical;
        if (end - start == 1 && saidAfter) return EntityTypes.Person;
        return EntityTypes.Misc;
    }

    private static bool IsAllCaps(string s)
    {
        bool letter = false;
        foreach (char c in s)
        {
            if (char.IsLower(c)) return false;
            if (char.IsLetter(c)) letter = true;
        }
        return letter;
    }
}
