namespace Sitrep.Extraction;

/// <summary>
/// Offline language identification: a script check for languages with their own script, then
/// stopword profiles for the rest. Hand-written because no n-gram identifier package
/// (NTextCat and the like) is available here.
/// </summary>
public static class LanguageIdentifier
{
    private const int MinWords = 8;
    private const string English = "en";
    private const double NearTie = 0.75;
    private const int SampleChars = 20_000;
    private const int MaxWordChars = 32;

    private static readonly Lazy<Dictionary<string, List<(string Lang, double Weight)>>> _index = new(BuildIndex);

    /// <summary>An ISO 639-1 code, or null when the text is too short or matches no profile.</summary>
    public static string? Identify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var sample = text.Length > SampleChars ? text[..SampleChars] : text;

        string? byScript = IdentifyByScript(sample);
        if (byScript is not null) return byScript;

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var index = _index.Value.GetAlternateLookup<ReadOnlySpan<char>>();
        int words = 0;
        Span<char> lower = stackalloc char[MaxWordChars];
        int start = -1;
        for (int i = 0; i <= sample.Length; i++)
        {
            // Inner hyphens and apostrophes belong to the word: the "s" of "Taiwan's" is no Czech preposition. So does the
            // apostrophe of a clitic that tokenised text writes apart ("Taiwan 's").
            bool letter = i < sample.Length && (char.IsLetter(sample[i]) || sample[i] is '-' or '\'' or '’' && start >= 0
                || sample[i] is '\'' or '’' && i > 0 && char.IsWhiteSpace(sample[i - 1]) && i + 1 < sample.Length && char.IsLetter(sample[i + 1]));
            if (letter)
            {
                if (start < 0) start = i;
                continue;
            }
            if (start < 0) continue;
            words++;
            var word = sample.AsSpan(start, i - start);
            start = -1;
            // Stopwords are short: a long word is in no profile. A letter with a period is an initial ("S. Waugh"), not "s".
            if (word.Length > MaxWordChars || word.Length == 1 && i < sample.Length && sample[i] == '.') continue;
            int length = word.ToLowerInvariant(lower);
            if (!index.TryGetValue(lower[..length], out var langs)) continue;
            foreach (var (lang, weight) in langs)
                scores[lang] = scores.GetValueOrDefault(lang) + weight;
        }
        if (words < MinWords || scores.Count == 0) return null;
        var best = scores.MaxBy(kv => kv.Value);
        // Require that function words make up a real share of the text.
        if (best.Value < Math.Max(2.0, words * 0.05)) return null;
        // English names and loanwords lend other languages a few short words ("a", "to", "by"): a near tie
        // with English is English, since calling English text foreign would leave it uncoded.
        if (best.Key != English && scores.GetValueOrDefault(English) >= best.Value * NearTie) return English;
        return best.Key;
    }

    private static string? IdentifyByScript(string sample)
    {
        var scripts = ExtractionLexicon.Instance.Scripts;
        if (!HasScriptLetter(sample, scripts)) return null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int letters = 0;
        foreach (char c in sample)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c < 0x0370) continue;
            foreach (var (start, end, lang) in scripts)
            {
                if (c >= start && c <= end)
                {
                    counts[lang] = counts.GetValueOrDefault(lang) + 1;
                    break;
                }
            }
        }
        if (letters == 0 || counts.Count == 0) return null;
        // Japanese mixes kana with Han characters; any real share of kana means Japanese.
        if (counts.TryGetValue("ja", out int kana) && counts.TryGetValue("zh", out int han) && kana * 10 >= han)
        {
            counts["ja"] = kana + han;
            counts.Remove("zh");
        }
        var best = counts.MaxBy(kv => kv.Value);
        return best.Value * 2 >= letters && best.Value >= 10 ? best.Key : null;
    }

    /// <summary>Whether any letter falls in a listed script. Jumps over Latin text (most pages) by vectorised search.</summary>
    private static bool HasScriptLetter(string sample, IReadOnlyList<(int Start, int End, string Lang)> scripts)
    {
        var rest = sample.AsSpan();
        while (true)
        {
            int at = rest.IndexOfAnyExceptInRange('\0', '\u036F');
            if (at < 0) return false;
            char c = rest[at];
            if (char.IsLetter(c))
                foreach (var (start, end, _) in scripts)
                    if (c >= start && c <= end) return true;
            rest = rest[(at + 1)..];
        }
    }

    private static Dictionary<string, List<(string, double)>> BuildIndex()
    {
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (lang, words) in ExtractionLexicon.Instance.Stopwords)
        {
            foreach (var w in words.Distinct(StringComparer.Ordinal))
            {
                if (!owners.TryGetValue(w, out var list)) owners[w] = list = [];
                list.Add(lang);
            }
        }
        // A word shared by k languages counts 1/k for each, so distinctive words decide close pairs.
        return owners.ToDictionary(kv => kv.Key, kv => kv.Value.Select(l => (l, 1.0 / kv.Value.Count)).ToList(), StringComparer.Ordinal);
    }
}
