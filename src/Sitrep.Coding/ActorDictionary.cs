using System.Globalization;
using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>An actor dictionary entry (docs/actors.md), valid between optional dates.</summary>
public sealed record ActorEntry(Actor Actor, DateOnly? Start, DateOnly? End, string Type)
{
    public bool IsGeneric => Type == "generic";

    public bool ValidOn(DateOnly? date) =>
        date is not { } d || (Start is null || Start <= d) && (End is null || d <= End);
}

/// <summary>A country as the actor dictionary knows it (data/countries.tsv).</summary>
public sealed record CountryInfo(string Iso3, string Name);

/// <summary>
/// Matches actor names in running text: named entries from data/actors/*.tsv, every country by
/// name (its government), and state-institution templates ("{demonym} army") expanded lazily
/// during matching rather than into hundreds of thousands of rows.
/// </summary>
public sealed class ActorDictionary
{
    private const string NameSlot = "{name}";
    private const string DemonymSlot = "{demonym}";

    private readonly Node _root = new();
    private readonly Node _countries = new();

    public static ActorDictionary Default => DefaultDictionary.Value;

    private static readonly Lazy<ActorDictionary> DefaultDictionary = new(() => Load(RepositoryPaths.DataDirectory));

    /// <summary>Loads data/countries.tsv, data/actors/state_templates.tsv and every other data/actors/*.tsv.</summary>
    public static ActorDictionary Load(string dataDirectory, IEnumerable<string>? extraFiles = null)
    {
        var dictionary = new ActorDictionary();
        dictionary.LoadCountries(Path.Combine(dataDirectory, "countries.tsv"));
        var actorsDirectory = Path.Combine(dataDirectory, "actors");
        foreach (var file in Directory.EnumerateFiles(actorsDirectory, "*.tsv").Order(StringComparer.Ordinal).Concat(extraFiles ?? []))
        {
            if (Path.GetFileName(file) == "state_templates.tsv") dictionary.LoadTemplates(file);
            else dictionary.LoadEntries(file);
        }
        return dictionary;
    }

    private void LoadCountries(string path)
    {
        foreach (var row in TsvReader.Read(path))
        {
            var country = new CountryInfo(row["iso3"], row["name"]);
            var government = new ActorEntry(new Actor(country.Name, country.Iso3, "GOV", country.Iso3 + "GOV"), null, null, "country");
            foreach (var name in Aliases(row["name"], row.Get("aliases")))
            {
                Add(_countries, name, new CountryWord(country, IsDemonym: false));
                Add(_root, name, government);
            }
            // A bare demonym ("Israeli air strikes") names the country; the event decides the sector.
            var national = new ActorEntry(new Actor(country.Name, country.Iso3, null, country.Iso3), null, null, "demonym");
            foreach (var demonym in Aliases(null, row.Get("demonyms")))
            {
                Add(_countries, demonym, new CountryWord(country, IsDemonym: true));
                Add(_root, demonym, national);
            }
        }
    }

    private void LoadTemplates(string path)
    {
        foreach (var row in TsvReader.Read(path))
            Add(_root, row["template"], new Template(row["sector"], row["name_template"]));
    }

    private void LoadEntries(string path)
    {
        foreach (var row in TsvReader.Read(path))
        {
            var actor = new Actor(row["name"], row.Get("country"), row.Get("sector"),
                row.Get("code") ?? (row.Get("country") ?? string.Empty) + (row.Get("sector") ?? string.Empty));
            var entry = new ActorEntry(actor, ParseDate(row.Get("start"), atEnd: false), ParseDate(row.Get("end"), atEnd: true), row.Get("type") ?? "organization");
            foreach (var name in Aliases(null, row.Get("names")))
                Add(_root, name, entry);
        }
    }

    private static IEnumerable<string> Aliases(string? first, string? list)
    {
        if (first is not null) yield return first;
        if (list is null) yield break;
        foreach (var alias in list.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            yield return alias;
    }

    private static DateOnly? ParseDate(string? value, bool atEnd)
    {
        if (value is null) return null;
        string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        if (!DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        if (!atEnd) return date;
        return value.Length switch { 4 => new DateOnly(date.Year, 12, 31), 7 => date.AddMonths(1).AddDays(-1), _ => date };
    }

    private static void Add(Node root, string phrase, object value)
    {
        var parts = Words.SplitPhrase(phrase);
        if (parts.Length == 0) return;
        bool caseSensitive = phrase.Any(char.IsUpper);
        var node = root;
        foreach (var part in parts)
        {
            var key = part is NameSlot or DemonymSlot ? part : Words.Normalize(part);
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(key, out var child)) node.Children[key] = child = new Node();
            node = child;
        }
        node.Values ??= [];
        node.Values.Add(new Terminal(value, caseSensitive ? parts : null));
    }

    /// <summary>All actor mentions in a sentence's words, longest first, not overlapping.</summary>
    internal List<ActorMention> FindMentions(IReadOnlyList<Word> words, string text, DateOnly? date)
    {
        var mentions = new List<ActorMention>();
        for (int i = 0; i < words.Count;)
        {
            var best = Longest(words, i, date);
            if (best is { } found)
            {
                mentions.Add(new ActorMention(words[i].Start, words[found.End - 1].End, text[words[i].Start..words[found.End - 1].End], found.Actor)
                {
                    Generic = found.Kind == "generic",
                    Kind = found.Kind,
                });
                i = found.End;
            }
            else i++;
        }
        return mentions;
    }

    private (int End, Actor Actor, string Kind)? Longest(IReadOnlyList<Word> words, int start, DateOnly? date)
    {
        (int End, Actor Actor, string Kind)? best = null;
        Walk(_root, words, start, start, null, date, ref best);
        return best;
    }

    private void Walk(Node node, IReadOnlyList<Word> words, int start, int at, CountryInfo? slot, DateOnly? date, ref (int End, Actor Actor, string Kind)? best)
    {
        if (node.Values is not null && at > start && (best is null || at > best.Value.End))
        {
            foreach (var terminal in node.Values)
            {
                if (!terminal.MatchesCase(words, start)) continue;
                switch (terminal.Value)
                {
                    case ActorEntry entry when entry.ValidOn(date):
                        best = (at, entry.Actor, entry.Type);
                        break;
                    case Template template when slot is not null:
                        best = (at, template.Instantiate(slot), "institution");
                        break;
                }
                if (best?.End == at) break;
            }
        }
        if (at >= words.Count || node.Children is null) return;
        if (node.Children.TryGetValue(words[at].Lower, out var next)) Walk(next, words, start, at + 1, slot, date, ref best);
        foreach (var (slotKey, demonym) in Slots)
        {
            if (!node.Children.TryGetValue(slotKey, out var slotNode)) continue;
            foreach (var (country, end) in Countries(words, at, demonym))
                Walk(slotNode, words, start, end, country, date, ref best);
        }
    }

    private static readonly (string Key, bool Demonym)[] Slots = [(NameSlot, false), (DemonymSlot, true)];

    /// <summary>Country names (or demonyms) that start at <paramref name="at"/>, with the word after each.</summary>
    private List<(CountryInfo Country, int End)> Countries(IReadOnlyList<Word> words, int at, bool demonym)
    {
        var found = new List<(CountryInfo, int)>();
        var node = _countries;
        for (int w = at; w < words.Count && node.Children is not null && node.Children.TryGetValue(words[w].Lower, out node); w++)
        {
            if (node.Values is null) continue;
            foreach (var terminal in node.Values)
            {
                if (terminal.Value is CountryWord cw && cw.IsDemonym == demonym && terminal.MatchesCase(words, at))
                    found.Add((cw.Country, w + 1));
            }
        }
        return found;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public List<Terminal>? Values;
    }

    private sealed record Terminal(object Value, string[]? ExactCase)
    {
        /// <summary>A name written with capitals must appear capitalised the same way; generic words match any case.</summary>
        public bool MatchesCase(IReadOnlyList<Word> words, int start)
        {
            if (ExactCase is null) return true;
            for (int i = 0; i < ExactCase.Length; i++)
            {
                var expected = ExactCase[i];
                if (expected is NameSlot or DemonymSlot) return true;
                if (start + i >= words.Count) return false;
                var actual = words[start + i].Text;
                if (expected.Length > 0 && actual.Length > 0 && char.IsUpper(expected[0]) != char.IsUpper(actual[0])) return false;
            }
            return true;
        }
    }

    private sealed record CountryWord(CountryInfo Country, bool IsDemonym);

    private sealed record Template(string Sector, string NameTemplate)
    {
        public Actor Instantiate(CountryInfo country) =>
            new(NameTemplate.Replace(NameSlot, country.Name, StringComparison.Ordinal), country.Iso3, Sector, country.Iso3 + Sector);
    }
}
