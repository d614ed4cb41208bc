using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>One row of data/coding/acled_rules.tsv.</summary>
public sealed record AcledRule(
    string SubEventType, string EventType, string[] AllOf, string[] NoneOf, string[] Replaces,
    bool Creates, bool ReplacesPlover, string Plover, string? Cameo)
{
    /// <summary>Whether the rule replaces an event coded <paramref name="acled"/>: by sub-event type, event type or '*'.</summary>
    public bool Recodes(AcledType acled) =>
        Array.IndexOf(Replaces, "*") >= 0 || Array.IndexOf(Replaces, acled.SubEventType) >= 0 || Array.IndexOf(Replaces, acled.EventType) >= 0;
}

/// <summary>A cue phrase of data/coding/acled_cues.tsv found in a sentence.</summary>
internal readonly record struct AcledCue(int FirstWord, int EndWord, string Category);

/// <summary>
/// ACLED decides a sub-event type from the whole report, not from its verb: the weapon used, whether
/// weapons were only found, whether protesters were there and what they or the police did. These
/// rules read that from cue phrases anywhere in the sentence (data/coding/acled_cues.tsv) and, in
/// their order (data/coding/acled_rules.tsv), give the sentence's events their sub-event type.
/// </summary>
public sealed class AcledRules
{
    private sealed record Cue(string[] Words, string Category);

    private readonly PhraseIndex<Cue> _cues;
    private readonly List<AcledRule> _rules;

    public AcledRules(IEnumerable<(string Phrase, string Category)> cues, IEnumerable<AcledRule> rules)
    {
        var list = new List<Cue>();
        foreach (var (phrase, category) in cues) list.Add(new Cue(Words.SplitPhrase(phrase.ToLowerInvariant()), category));
        _cues = new PhraseIndex<Cue>(list, c => c.Words);
        _rules = [.. rules];
    }

    public IReadOnlyList<AcledRule> Rules => _rules;

    public static AcledRules Default => DefaultRules.Value;

    private static readonly Lazy<AcledRules> DefaultRules = new(() => Load(
        RepositoryPaths.Data("coding", "acled_cues.tsv"), RepositoryPaths.Data("coding", "acled_rules.tsv"), RepositoryPaths.Data("coding", "acled_types.tsv")));

    public static AcledRules Load(string cuesPath, string rulesPath, string typesPath)
    {
        var eventTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in TsvReader.Read(typesPath)) eventTypes[row["sub_event_type"]] = row["event_type"];
        var cues = new List<(string, string)>();
        foreach (var row in TsvReader.Read(cuesPath)) cues.Add((row["cue"], row["category"]));
        var rules = new List<AcledRule>();
        foreach (var row in TsvReader.Read(rulesPath))
        {
            string sub = row["sub_event_type"];
            if (!eventTypes.TryGetValue(sub, out var eventType))
                throw new InvalidDataException($"{rulesPath}: '{sub}' is not an ACLED sub-event type of {typesPath}");
            rules.Add(new AcledRule(sub, eventType, List(row.Get("all_of"), ' '), List(row.Get("none_of"), ' '), List(row.Get("recodes"), ','),
                row.Get("creates") == "yes", row.Get("replaces_plover") == "yes", row["plover"], row.Get("cameo")));
        }
        return new AcledRules(cues, rules);
    }

    private static string[] List(string? value, char separator) =>
        value is null ? [] : value.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Cue phrases of the sentence, longest first at each word; a matched phrase's words are not matched again.</summary>
    internal List<AcledCue> FindCues(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas)
    {
        var found = new List<AcledCue>();
        for (int i = 0; i < words.Count; i++)
        {
            var matches = _cues.At(words, lemmas, i);
            if (matches.Count == 0) continue;
            foreach (var (end, cue) in matches) found.Add(new AcledCue(i, end, cue.Category));
            i = matches[0].End - 1;
        }
        return found;
    }

    /// <summary>The rules whose categories all occur among <paramref name="cues"/> and whose excluded ones do not, in file order.</summary>
    internal List<AcledRule> Matching(List<AcledCue> cues)
    {
        var matching = new List<AcledRule>();
        if (cues.Count == 0) return matching;
        foreach (var rule in _rules)
        {
            bool all = true;
            foreach (var c in rule.AllOf) all &= cues.Exists(q => q.Category == c);
            if (!all) continue;
            bool excluded = false;
            foreach (var c in rule.NoneOf) excluded |= cues.Exists(q => q.Category == c);
            if (!excluded) matching.Add(rule);
        }
        return matching;
    }
}
