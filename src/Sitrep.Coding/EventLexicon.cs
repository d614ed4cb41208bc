using System.Collections.Frozen;
using System.Globalization;
using Sitrep.Core;
using Sitrep.Language;

namespace Sitrep.Coding;

/// <summary>One row of data/coding/event_lexicon.tsv.</summary>
public sealed record TriggerPattern(
    string[] Words, bool IsNoun, string Plover, string? Mode, string? Cameo,
    string? AcledEventType, string? AcledSubEventType, bool SpeakerIsActor, double Confidence, bool OfPhraseIsAgent = false, bool ReportedOnly = false, bool PeoplePatient = false, bool BareFormNeedsAuxiliary = false)
{
    /// <summary>The type of a set phrase that holds a trigger but states no event.</summary>
    public const string NoEvent = "-";

    public bool IsVerbal => Plover is "ACCUSE" or "THREATEN" or "REQUEST" or "REJECT" or "SUPPORT" or "CONCEDE" || IsCommitment;

    /// <summary>"offered to", "is ready to", "promised": an expressed intention (CAMEO 030), AGREE even under "would".</summary>
    public bool IsCommitment => Plover == "AGREE" && Cameo == "030";

    /// <summary>Types whose object clause describes something not (yet) done: "threatened to attack", "called for a truce".</summary>
    public bool GovernsUnrealised => Plover is "ACCUSE" or "THREATEN" or "REQUEST" or "REJECT" or "AGREE";
}

public readonly record struct TriggerMatch(int FirstWord, int EndWord, TriggerPattern Pattern);

/// <summary>Trigger patterns indexed by their first word, matched against word lemmas.</summary>
public sealed class EventLexicon
{
    private readonly PhraseIndex<TriggerPattern> _patterns;

    public EventLexicon(IEnumerable<TriggerPattern> patterns) => _patterns = new(patterns, p => p.Words);

    public static EventLexicon Default => DefaultLexicon.Value;

    private static readonly Lazy<EventLexicon> DefaultLexicon = new(() => Load(RepositoryPaths.Data("coding", "event_lexicon.tsv")));

    public static EventLexicon Load(string path) => new(TsvReader.Read(path).Select(row => new TriggerPattern(
        Words.SplitPhrase(row["pattern"].ToLowerInvariant()),
        row["pos"] == "N",
        row["plover"],
        row.Get("plover_mode"),
        row.Get("cameo"),
        row.Get("acled_event_type"),
        row.Get("acled_sub_event_type"),
        row.Get("roles") is "speaker" or "reported",
        double.Parse(row.Get("confidence") ?? "0.7", CultureInfo.InvariantCulture),
        row.Get("roles") == "of_agent",
        row.Get("roles") == "reported",
        row.Get("patient") == "people",
        row["pos"] == "Vf")));

    /// <summary>Matches at every word of a sentence, computed once for the trigger finder and the sentence models.</summary>
    internal IReadOnlyList<TriggerMatch>[] MatchAll(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas)
    {
        var all = new IReadOnlyList<TriggerMatch>[words.Count];
        for (int i = 0; i < words.Count; i++) all[i] = MatchAt(words, lemmas, i);
        return all;
    }

    /// <summary>The patterns that start at <paramref name="index"/>, longest first; noun and verb readings both come back.</summary>
    internal IReadOnlyList<TriggerMatch> MatchAt(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, int index)
    {
        var phrases = _patterns.At(words, lemmas, index, longestOnly: false);
        if (phrases.Count == 0) return [];
        var found = new List<TriggerMatch>(phrases.Count);
        foreach (var (end, pattern) in phrases) found.Add(new TriggerMatch(index, end, pattern));
        if (found.Count > 1) found.Sort((a, b) => b.EndWord.CompareTo(a.EndWord));
        return found;
    }
}

/// <summary>
/// Lemma phrases indexed by their first word and its inflections, so matching needs one look-up per
/// word; '*' in a phrase skips up to seven words, never across punctuation.
/// </summary>
internal sealed class PhraseIndex<T> where T : class
{
    public const string Gap = "*";
    private const int MaxGap = 7;

    private readonly FrozenDictionary<string, (string[] Words, T Item)[]> _byFirstWord;

    public PhraseIndex(IEnumerable<T> items, Func<T, string[]> wordsOf)
    {
        // A loop, not LINQ over (form, item) tuples: each such generic instance is compiled at start-up.
        var byForm = new Dictionary<string, List<(string[], T)>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var words = wordsOf(item);
            if (words.Length == 0) continue;
            foreach (var form in Inflections.Of(words[0]))
            {
                if (!byForm.TryGetValue(form, out var list)) byForm[form] = list = [];
                if (!list.Exists(e => ReferenceEquals(e.Item2, item))) list.Add((words, item));
            }
        }
        _byFirstWord = byForm.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(e => e.Item1.Length).ToArray(), StringComparer.Ordinal);
    }

    private static readonly List<(int End, T Item)> None = [];

    /// <summary>
    /// The items whose phrase starts at <paramref name="index"/>, with the word after each match's end;
    /// only those that end furthest when <paramref name="longestOnly"/>. The empty result is shared: do not change it.
    /// </summary>
    public List<(int End, T Item)> At(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, int index, bool longestOnly = true)
    {
        // Most words start no phrase: look up before allocating.
        bool byLemma = _byFirstWord.ContainsKey(lemmas[index]);
        bool byWord = words[index].Lower != lemmas[index] && _byFirstWord.ContainsKey(words[index].Lower);
        if (!byLemma && !byWord) return None;
        var found = new List<(int End, T Item)>(2);
        if (byLemma) Collect(words, lemmas, index, lemmas[index], found);
        if (byWord) Collect(words, lemmas, index, words[index].Lower, found);
        if (found.Count == 0 || !longestOnly) return found;
        int longest = found.Max(m => m.End);
        found.RemoveAll(m => m.End < longest);
        return found;
    }

    private void Collect(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, int index, string key, List<(int End, T Item)> found)
    {
        if (!_byFirstWord.TryGetValue(key, out var candidates)) return;
        foreach (var (phrase, item) in candidates)
        {
            int end = Match(phrase, words, lemmas, index);
            if (end > 0 && !found.Exists(f => ReferenceEquals(f.Item, item))) found.Add((end, item));
        }
    }

    private static int Match(string[] pattern, IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, int start)
    {
        int w = start;
        for (int p = 0; p < pattern.Length; p++)
        {
            if (pattern[p] == Gap)
            {
                // Find the next pattern word within MaxGap words, never across punctuation.
                var next = pattern[p + 1];
                int limit = Math.Min(words.Count, w + MaxGap + 1);
                int hit = -1;
                for (int k = w; k < limit; k++)
                {
                    if (Same(next, words[k], lemmas[k])) { hit = k; break; }
                    if (!char.IsLetterOrDigit(words[k].Text[0]) && words[k].Text != "-") break;
                }
                if (hit < 0) return -1;
                w = hit + 1;
                p++;
                continue;
            }
            if (w >= words.Count || !Same(pattern[p], words[w], lemmas[w])) return -1;
            w++;
        }
        return w;
    }

    private static bool Same(string patternWord, Word word, string lemma) =>
        patternWord == lemma || patternWord == word.Lower || Inflections.Of(patternWord).Contains(word.Lower);
}

/// <summary>
/// Regular English inflections of a lexicon word ("urge" → urges, urged, urging), so matching does
/// not hang on the lemmatizer getting every short stem right.
/// </summary>
internal static class Inflections
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, FrozenSet<string>> Cache = new(StringComparer.Ordinal);

    public static FrozenSet<string> Of(string word) => Cache.GetOrAdd(word, Build);

    private static FrozenSet<string> Build(string w)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { w };
        if (w.Length < 2 || !w.All(char.IsLetter)) return forms.ToFrozenSet(StringComparer.Ordinal);
        char last = w[^1];
        string stem = last == 'e' ? w[..^1] : w;
        forms.Add(w.EndsWith('y') && !"aeiou".Contains(w[^2]) ? w[..^1] + "ies" : w + (w.EndsWith('s') || w.EndsWith("sh", StringComparison.Ordinal) || w.EndsWith("ch", StringComparison.Ordinal) || w.EndsWith('x') ? "es" : "s"));
        forms.Add(w.EndsWith('y') && !"aeiou".Contains(w[^2]) ? w[..^1] + "ied" : stem + "ed");
        forms.Add(stem + "ing");
        // Doubled final consonant: "stab" → stabbed, "ban" → banned.
        if (w.Length >= 3 && !"aeiouwxy".Contains(last) && "aeiou".Contains(w[^2]) && !"aeiou".Contains(w[^3]))
        {
            forms.Add(w + last + "ed");
            forms.Add(w + last + "ing");
        }
        return forms.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>Lemmas for matching, cached because news vocabulary repeats heavily.</summary>
internal static class LemmaCache
{
    // Per thread and emptied when full: a shared map of every word seen kept a node per word alive for the whole run.
    [ThreadStatic] private static Dictionary<string, string>? _lemmas;
    private const int Capacity = 20_000;

    public static string Of(string lower)
    {
        var lemmas = _lemmas ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (lemmas.TryGetValue(lower, out var lemma)) return lemma;
        lemma = Lemmatizer.Lemma(lower);
        if (lemmas.Count >= Capacity) lemmas.Clear();
        lemmas[lower] = lemma;
        return lemma;
    }
}
