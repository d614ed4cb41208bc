using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>Generic administrative words: "Idlib Province", "Province of Idlib", "Kyiv Oblast".</summary>
internal sealed class AdminTerms
{
    private static readonly Lazy<AdminTerms> _default = new(() => new AdminTerms(DataFile));

    public static AdminTerms Default => _default.Value;

    public static string DataFile => RepositoryPaths.Data("geo", "admin-terms.tsv");

    private readonly HashSet<string> _suffixes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    public AdminTerms(string path)
    {
        foreach (var row in TsvReader.Read(path))
        {
            var term = row.Get("term");
            if (term is null) continue;
            var key = PlaceNames.Key(term);
            var position = row.Get("position") ?? "suffix";
            if (position is "suffix" or "both") _suffixes.Add(key);
            if (position is "prefix" or "both") _prefixes.Add(key);
        }
    }

    /// <summary>True for a word that may follow an area's name ("province").</summary>
    public bool IsSuffix(string key) => _suffixes.Contains(key);

    /// <summary>True for a word that may precede "of" and an area's name ("Province of ...").</summary>
    public bool IsPrefix(string key) => _prefixes.Contains(key);

    /// <summary>The name without its generic term ("Damascus Governorate" -> "Damascus"), or null.</summary>
    public string? StripTerm(string name)
    {
        var words = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) return null;
        if (_suffixes.Contains(PlaceNames.Key(words[^1]))) return string.Join(' ', words[..^1]);
        if (_prefixes.Contains(PlaceNames.Key(words[0])))
        {
            int start = words.Length > 2 && words[1].Equals("of", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
            return string.Join(' ', words[start..]);
        }
        return null;
    }
}

/// <summary>Word lists that keep ordinary words, organisations and people from becoming places.</summary>
internal sealed class DetectionLexicon
{
    private static readonly Lazy<DetectionLexicon> _default = new(() => new DetectionLexicon(
        RepositoryPaths.Data("geo", "stopwords.tsv"), RepositoryPaths.Data("geo", "name-context.tsv")));

    public static DetectionLexicon Default => _default.Value;

    private readonly HashSet<string> _stopwords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _organisationHeads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _personTitles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _connectors = new(StringComparer.Ordinal);

    public DetectionLexicon(string stopwordsFile, string contextFile)
    {
        foreach (var row in TsvReader.Read(stopwordsFile))
            if (row.Get("word") is { } word) _stopwords.Add(word.ToLowerInvariant());
        foreach (var row in TsvReader.Read(contextFile))
        {
            if (row.Get("word") is not { } word) continue;
            var set = row.Get("role") switch
            {
                "organisation_head" => _organisationHeads,
                "person_title" => _personTitles,
                "name_connector" => _connectors,
                _ => null,
            };
            set?.Add(word.ToLowerInvariant());
        }
    }

    /// <summary>A capitalised common word that is also some place's name ("March", "Police").</summary>
    public bool IsStopword(string lower) => _stopwords.Contains(lower);

    /// <summary>A word that, following a place name, makes it part of an organisation ("Times", "University").</summary>
    public bool IsOrganisationHead(string lower) => _organisationHeads.Contains(lower);

    /// <summary>A word that, before a capitalised name, makes it a person ("President", "Mr").</summary>
    public bool IsPersonTitle(string lower) => _personTitles.Contains(lower);

    /// <summary>A lower-case word allowed inside a place name ("Bosnia and Herzegovina", "Rio de Janeiro").</summary>
    public bool IsConnector(string lower) => _connectors.Contains(lower);
}
