using Sitrep.Core;

namespace Sitrep.Language.Ner;

/// <summary>
/// Name lists compiled into the NER model at training time (countries, capitals, demonyms, actors,
/// known names, first names, and GeoNames cities when the cache is present), so that run time needs
/// only the model file. Phrases are lower-case, space-joined tokens.
/// </summary>
public sealed class NerGazetteer
{
    [Flags]
    public enum Category : ushort
    {
        None = 0,
        Country = 1,
        City = 2,
        Demonym = 4,
        Organization = 8,
        Person = 16,
        FirstName = 32,
        Location = 64,
        Misc = 128,
    }

    internal static readonly Category[] All = [Category.Country, Category.City, Category.Demonym, Category.Organization, Category.Person, Category.FirstName, Category.Location, Category.Misc];

    private readonly Dictionary<string, Category> _phrases;
    private readonly Dictionary<string, Category>.AlternateLookup<ReadOnlySpan<char>> _phrasesBySpan;
    // The longest phrase, in words, that starts with each first word: matching stops there.
    private readonly Dictionary<string, int> _firstWords;

    public NerGazetteer(Dictionary<string, Category> phrases)
    {
        _phrases = phrases.Comparer == StringComparer.Ordinal ? phrases : new Dictionary<string, Category>(phrases, StringComparer.Ordinal);
        _phrasesBySpan = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _firstWords = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in _phrases.Keys)
        {
            int space = p.IndexOf(' ');
            int words = p.Count(c => c == ' ') + 1;
            string first = space < 0 ? p : p[..space];
            _firstWords[first] = Math.Max(words, _firstWords.GetValueOrDefault(first));
            MaxWords = Math.Max(MaxWords, words);
        }
    }

    public int Count => _phrases.Count;
    public int MaxWords { get; }
    internal IReadOnlyDictionary<string, Category> Phrases => _phrases;

    public Category Lookup(string lowerPhrase) => _phrases.GetValueOrDefault(lowerPhrase);

    /// <summary>Per token: categories of the longest matches starting there (begin) or covering it (inside).</summary>
    public void Match(IReadOnlyList<string> lowerTokens, IReadOnlyList<bool> capitalised, Category[] begin, Category[] inside)
    {
        int n = lowerTokens.Count;
        Array.Clear(begin, 0, n);
        Array.Clear(inside, 0, n);
        char[] phrase = new char[64];
        for (int i = 0; i < n; i++)
        {
            if (!capitalised[i] || !_firstWords.TryGetValue(lowerTokens[i], out int maxWords)) continue;
            int length = 0;
            for (int len = 1; len <= maxWords && i + len <= n; len++)
            {
                string word = lowerTokens[i + len - 1];
                int needed = length + word.Length + 1;
                if (needed > phrase.Length) Array.Resize(ref phrase, Math.Max(needed, phrase.Length * 2));
                if (len > 1) phrase[length++] = ' ';
                word.CopyTo(phrase.AsSpan(length));
                length += word.Length;
                if (!_phrasesBySpan.TryGetValue(phrase.AsSpan(0, length), out var cats)) continue;
                begin[i] |= cats;
                for (int k = i + 1; k < i + len; k++) inside[k] |= cats;
            }
        }
    }

    /// <summary>Builds the lists from the repository's data files and, when given, a GeoNames cities file.</summary>
    public static NerGazetteer Build(string dataDirectory, string? geonamesCities, int minCityPopulation = 15000)
    {
        var phrases = new Dictionary<string, Category>(StringComparer.Ordinal);
        void Add(string? name, Category c)
        {
            if (string.IsNullOrWhiteSpace(name)) return;
            string key = string.Join(' ', name.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (key.Length < 2 || !key.Any(char.IsLetter)) return;
            phrases[key] = phrases.GetValueOrDefault(key) | c;
        }
        IEnumerable<string> Split(string? cell) => cell is null ? [] : cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IEnumerable<IReadOnlyDictionary<string, string>> Rows(string path) => File.Exists(path) ? TsvReader.Read(path) : [];

        foreach (var row in Rows(Path.Combine(dataDirectory, "countries.tsv")))
        {
            foreach (var n in Split(row.Get("name")).Concat(Split(row.Get("aliases")))) Add(n, Category.Country);
            foreach (var n in Split(row.Get("capital"))) Add(n, Category.City);
            foreach (var n in Split(row.Get("demonyms"))) Add(n, Category.Demonym);
        }
        foreach (var row in Rows(Path.Combine(dataDirectory, "language", "known_names.tsv")))
        {
            var c = row.Get("type") switch
            {
                "GPE" => Category.Country,
                "LOC" => Category.Location,
                "NORP" => Category.Demonym,
                "ORG" => Category.Organization,
                "PER" => Category.Person,
                _ => Category.Misc,
            };
            Add(row.Get("name"), c);
        }
        foreach (var row in Rows(Path.Combine(dataDirectory, "language", "first_names.tsv"))) Add(row.Get("name"), Category.FirstName);
        string actors = Path.Combine(dataDirectory, "actors");
        foreach (var file in new[] { "organizations.tsv", "institutions.tsv", "armed_groups.tsv" })
            foreach (var row in Rows(Path.Combine(actors, file)))
                foreach (var n in Split(row.Get("names")).Append(row.Get("name") ?? ""))
                    if (n.Length > 0 && char.IsUpper(n[0])) Add(n, Category.Organization);
        foreach (var row in Rows(Path.Combine(actors, "leaders.tsv")))
            foreach (var n in Split(row.Get("names")).Append(row.Get("name") ?? ""))
                Add(n, Category.Person);

        if (geonamesCities is not null && File.Exists(geonamesCities))
        {
            foreach (var line in File.ReadLines(geonamesCities))
            {
                var cols = line.Split('\t');
                if (cols.Length < 15 || !long.TryParse(cols[14], out long population) || population < minCityPopulation) continue;
                Add(cols[1], Category.City);
                if (cols[2] != cols[1]) Add(cols[2], Category.City);
                // Large cities are often written as in English news rather than as GeoNames names them ("Raqqa", "Douma").
                if (population >= 100_000)
                    foreach (var alias in cols[3].Split(',', StringSplitOptions.RemoveEmptyEntries))
                        if (alias.Length <= 30 && alias.All(ch => ch is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or ' ' or '-' or '\''))
                            Add(alias, Category.City);
            }
        }
        return new NerGazetteer(phrases);
    }
}
