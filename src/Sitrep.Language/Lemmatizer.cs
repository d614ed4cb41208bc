namespace Sitrep.Language;

/// <summary>
/// Rule-based English lemmatizer for verbs and nouns: an irregular-form table
/// (data/language/irregular_verbs.tsv) first, then suffix rules with e-restoration and
/// consonant undoubling. Hand-written: no maintained .NET lemmatizer is available here.
/// </summary>
public static class Lemmatizer
{
    /// <summary>The lemma of a lower-case word ("fled" → "flee", "evacuated" → "evacuate", "civilians" → "civilian").</summary>
    public static string Lemma(string lowerWord) => Lemma(lowerWord, LanguageLexicon.Default);

    public static string Lemma(string lowerWord, LanguageLexicon lexicon)
    {
        string w = lowerWord.Replace('’', '\'');
        if (lexicon.IrregularForms.TryGetValue(w, out var irregular)) return irregular;
        // Prefixed irregular forms: "retaken" → "retake", "overran" → "overrun".
        foreach (var prefix in (ReadOnlySpan<string>)["re", "over", "out", "under", "with"])
        {
            if (w.Length > prefix.Length + 2 && w.StartsWith(prefix, StringComparison.Ordinal)
                && lexicon.IrregularForms.TryGetValue(w[prefix.Length..], out var stem))
                return prefix + stem;
        }
        if (w.Length <= 3 || !IsAllLetters(w)) return w;

        if (w.EndsWith("ies", StringComparison.Ordinal))
            return w.Length <= 4 ? w[..^1] : w[..^3] + "y";
        if (w.EndsWith("ied", StringComparison.Ordinal))
            return w.Length <= 4 ? w[..^1] : w[..^3] + "y";
        if (w.EndsWith("eed", StringComparison.Ordinal))
            return w[..^1];
        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5 && HasVowel(w.AsSpan(0, w.Length - 3)))
            return RestoreStem(w[..^3]);
        if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4 && HasVowel(w.AsSpan(0, w.Length - 2)))
            return RestoreStem(w[..^2]);
        if (w.EndsWith("es", StringComparison.Ordinal) &&
            (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal) ||
             w.EndsWith("zes", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) ||
             w.EndsWith("shes", StringComparison.Ordinal)))
            return w[..^2];
        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) &&
            !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
            return w[..^1];
        return w;
    }

    private static string RestoreStem(string stem)
    {
        int n = stem.Length;
        char last = stem[n - 1];
        // Doubled final consonant ("stopped", "planned"), except letters English doubles in the base ("kill", "press").
        if (n >= 3 && last == stem[n - 2] && !IsVowel(last) && last is not ('l' or 's' or 'z' or 'f'))
            return stem[..^1];
        if (NeedsFinalE(stem)) return stem + "e";
        return stem;
    }

    private static bool NeedsFinalE(string stem)
    {
        int n = stem.Length;
        char last = stem[n - 1], prev = stem[n - 2];
        bool Ends(string suffix) => stem.EndsWith(suffix, StringComparison.Ordinal);
        int groups = VowelGroups(stem);

        if (last is 'v' or 'u' or 'c') return true;                               // move, argue, displace
        if (last == 'z') return true;                                             // seize, organize
        if (last == 'g' && n > 3 && prev is 'r' or 'd' or 'l' or 'a') return true;  // charge, judge, engage
        if (Ends("at") && groups >= 2 && !Ends("eat") && !Ends("oat")) return true; // evacuate, escalate
        if (last == 'l' && prev is 'b' or 'p' or 't' or 'd' or 'g' or 'k' or 'z') return true; // topple, battle
        if (Ends("ur") && n >= 5) return true;                                    // injure, capture
        if (Ends("ud") || (Ends("id") && groups >= 2 && !Ends("aid") && !Ends("oid"))) return true; // include, provide
        if (last == 's' && (IsVowel(prev) || prev is 'r' or 'n' or 'p' or 'l')) return true; // raise, cause, nurse, collapse
        // Monosyllabic consonant-vowel-consonant stems: "hoped", "voted", "fired".
        return groups == 1 && n >= 3 && !IsVowel(last) && last is not ('w' or 'x' or 'y') && IsVowel(prev) && !IsVowel(stem[n - 3]);
    }

    private static int VowelGroups(string s)
    {
        int groups = 0;
        bool inVowel = false;
        foreach (char c in s)
        {
            bool v = IsVowel(c);
            if (v && !inVowel) groups++;
            inVowel = v;
        }
        return groups;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (IsVowel(c) || c == 'y') return true;
        return false;
    }

    private static bool IsAllLetters(string s)
    {
        foreach (char c in s) if (!char.IsLetter(c)) return false;
        return true;
    }
}
