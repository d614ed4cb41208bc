using System.Globalization;
using System.Text.Json;
using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>Compiles countries.tsv, GeoNames admin1 names and cities500 into a <see cref="Gazetteer"/>.</summary>
internal static class GazetteerBuilder
{
    public static Gazetteer Build(GazetteerSources sources)
    {
        var g = new Gazetteer();
        g.EnsureCapacity(220_000);
        AddCountries(g, sources.CountriesFile);
        AddCountryPoints(g, CountryPointsFile);
        AddRegions(g, RegionsFile);
        foreach (var (code, name) in ReadCodeNames(sources.Admin1File))
            g.AddAdmin1(code, name, CountryFor(g, code.Length >= 2 ? code[..2] : ""));

        int firstCity = g.Count;
        var admin2Of = new List<string>(200_000);
        foreach (var row in GeoNamesReader.Read(sources.CitiesFile))
        {
            AddGeoNamesRow(g, row);
            admin2Of.Add(row.Admin2Code.Length > 0 ? row.CountryCode + "." + row.Admin1Code + "." + row.Admin2Code : "");
        }

        AddAdmin1Areas(g);
        AddAdmin1Aliases(g, Admin1AliasFile);
        AddAdmin2Areas(g, ReadCodeNames(sources.Admin2File), firstCity, admin2Of);
        FillMissingCountryCentroids(g);
        return g;
    }

    internal static int CountryFor(Gazetteer g, string iso2)
    {
        if (iso2.Length == 0) return -1;
        if (g.CountryByIso2.TryGetValue(iso2, out var c)) return c;
        // A code missing from countries.tsv still groups its places, without an ISO3 to report.
        return g.AddCountry("", iso2.ToUpperInvariant(), iso2.ToUpperInvariant());
    }

    internal static int Admin1For(Gazetteer g, string iso2, string admin1Code) =>
        admin1Code.Length > 0 && g.Admin1ByCode.TryGetValue(iso2 + "." + admin1Code, out var a) ? a : -1;

    private static void AddCountries(Gazetteer g, string path)
    {
        if (!File.Exists(path)) return;
        foreach (var row in TsvReader.Read(path))
        {
            var iso3 = row.Get("iso3");
            var iso2 = row.Get("iso2");
            var name = row.Get("name");
            if (iso3 is null || name is null) continue;
            int c = g.AddCountry(iso3.ToUpperInvariant(), (iso2 ?? "").ToUpperInvariant(), name);
            double lat = ParseDouble(row.Get("latitude"), double.NaN);
            double lon = ParseDouble(row.Get("longitude"), double.NaN);
            int entry = g.AddEntry(name, 0, lat, lon, 0, PlaceKind.Country, 0, c, -1);
            g.Countries[c].Entry = entry;
            g.AddName(name, entry);
            foreach (var alias in Split(row.Get("aliases"))) g.AddName(alias, entry);
            foreach (var demonym in Split(row.Get("demonyms")))
                g.Demonyms.TryAdd(PlaceNames.DemonymKey(demonym), c);
        }
    }

    public static string CountryPointsFile => RepositoryPaths.Data("geo", "country-points.tsv");

    /// <summary>
    /// Country coordinates as gazetteers give them (the centre of the main territory), replacing the
    /// approximate centroids of countries.tsv: a country mention is scored against that point.
    /// </summary>
    private static void AddCountryPoints(Gazetteer g, string path)
    {
        if (!File.Exists(path)) return;
        foreach (var row in TsvReader.Read(path))
        {
            if (row.Get("iso3") is not { } iso3 || !g.CountryByIso3.TryGetValue(iso3, out var c)) continue;
            int entry = g.Countries[c].Entry;
            double lat = ParseDouble(row.Get("latitude"), double.NaN), lon = ParseDouble(row.Get("longitude"), double.NaN);
            if (entry < 0 || double.IsNaN(lat) || double.IsNaN(lon)) continue;
            g.Latitudes[entry] = (float)lat;
            g.Longitudes[entry] = (float)lon;
        }
    }

    public static string RegionsFile => RepositoryPaths.Data("geo", "regions.tsv");

    private static void AddRegions(Gazetteer g, string path)
    {
        foreach (var row in TsvReader.Read(path))
        {
            if (row.Get("name") is not { } name) continue;
            int country = row.Get("country") is { } iso3 && g.CountryByIso3.TryGetValue(iso3, out var c) ? c : -1;
            int entry = g.AddEntry(name, 0, ParseDouble(row.Get("latitude"), 0), ParseDouble(row.Get("longitude"), 0), 0,
                PlaceKind.Region, 0, country, -1);
            g.AddName(name, entry);
            foreach (var alias in Split(row.Get("aliases"))) g.AddName(alias, entry);
            foreach (var demonym in Split(row.Get("demonyms"))) g.RegionDemonyms.TryAdd(PlaceNames.DemonymKey(demonym), entry);
        }
    }

    private static IEnumerable<string> Split(string? list) =>
        list is null ? [] : list.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<(string Code, string Name)> ReadCodeNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        foreach (var item in json.RootElement.EnumerateArray())
        {
            var code = item.GetProperty("code").GetString();
            var name = item.GetProperty("name").GetString();
            if (!string.IsNullOrEmpty(code) && !string.IsNullOrEmpty(name)) yield return (code, name);
        }
    }

    internal static void AddGeoNamesRow(Gazetteer g, GeoNamesRow row)
    {
        int country = CountryFor(g, row.CountryCode);
        int admin1 = Admin1For(g, row.CountryCode, row.Admin1Code);
        var (kind, rank) = Classify(row.FeatureClass, row.FeatureCode);
        int entry = g.AddEntry(row.Name, row.GeonamesId, row.Latitude, row.Longitude, row.Population, kind, rank, country, admin1);
        AddNames(g, row, entry);
    }

    internal static void AddNames(Gazetteer g, GeoNamesRow row, int entry)
    {
        g.AddName(row.Name, entry);
        if (row.AsciiName != row.Name) g.AddName(row.AsciiName, entry);
        foreach (var alt in row.AlternateNames.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (alt.Length > 60 || IsCode(alt)) continue;
            g.AddName(alt, entry);
        }
    }

    /// <summary>Airport and postal codes among alternate names ("ALP", "NYC") would match ordinary words.</summary>
    private static bool IsCode(string alt)
    {
        if (alt.Length > 4) return false;
        foreach (char c in alt)
            if (char.IsLower(c)) return false;
        return true;
    }

    internal static (PlaceKind Kind, sbyte Rank) Classify(string featureClass, string featureCode) => featureClass switch
    {
        "P" => (PlaceKind.City, featureCode switch
        {
            "PPLC" => 3,
            "PPLA" => 2,
            "PPLA2" or "PPLG" => 1,
            "PPLX" => -1,
            "PPLH" or "PPLQ" or "PPLW" => -2,
            _ => 0,
        }),
        "A" => featureCode switch
        {
            "ADM1" => (PlaceKind.Admin1, 1),
            "ADM2" => (PlaceKind.Admin2, 0),
            _ => (PlaceKind.Other, -1),
        },
        _ => (PlaceKind.Other, -1),
    };

    public static string Admin1AliasFile => RepositoryPaths.Data("geo", "admin1-aliases.tsv");

    private static void AddAdmin1Aliases(Gazetteer g, string path)
    {
        foreach (var row in TsvReader.Read(path))
        {
            if (row.Get("code") is not { } code || row.Get("alias") is not { } alias) continue;
            if (!g.Admin1ByCode.TryGetValue(code, out var a) || g.Admin1[a].Entry < 0) continue;
            int entry = g.Admin1[a].Entry;
            if (row.Get("kind") == "abbreviation") Gazetteer.AddPosting(g.Abbreviations, PlaceNames.Key(alias), entry);
            else g.AddName(alias, entry);
        }
    }

    /// <summary>
    /// Second-level areas ("Douglas County") at the mean position of their populated places.
    /// Indexed only under their full name, so a bare "Douglas" stays a town or a person.
    /// </summary>
    private static void AddAdmin2Areas(Gazetteer g, IEnumerable<(string Code, string Name)> areas, int firstCity, List<string> admin2Of)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new List<(string Code, string Name)>();
        foreach (var area in areas)
            if (index.TryAdd(area.Code, names.Count)) names.Add(area);
        var sumLat = new double[names.Count];
        var sumLon = new double[names.Count];
        var count = new int[names.Count];
        var population = new long[names.Count];
        var sample = new int[names.Count];
        for (int i = 0; i < admin2Of.Count; i++)
        {
            if (admin2Of[i].Length == 0 || !index.TryGetValue(admin2Of[i], out var a)) continue;
            int city = firstCity + i;
            sumLat[a] += g.Latitudes[city];
            sumLon[a] += g.Longitudes[city];
            population[a] += g.Populations[city];
            if (count[a]++ == 0) sample[a] = city;
        }
        for (int a = 0; a < names.Count; a++)
        {
            if (count[a] == 0) continue;
            int city = sample[a];
            int entry = g.AddEntry(names[a].Name, 0, sumLat[a] / count[a], sumLon[a] / count[a], population[a],
                PlaceKind.Admin2, 0, g.CountryOf[city], g.Admin1Of[city]);
            g.AddName(names[a].Name, entry);
        }
    }

    /// <summary>
    /// One entry per admin1 area, at the unweighted mean of its populated places: closer to the area's
    /// middle (where GeoNames puts ADM1 points) than its capital or a population-weighted mean, measured on LGL and GeoWebNews.
    /// </summary>
    private static void AddAdmin1Areas(Gazetteer g)
    {
        int n = g.Admin1.Count;
        var sumLat = new double[n];
        var sumLon = new double[n];
        var count = new int[n];
        var population = new long[n];
        for (int i = 0; i < g.Count; i++)
        {
            int a = g.Admin1Of[i];
            if (a < 0 || g.Kinds[i] != PlaceKind.City) continue;
            sumLat[a] += g.Latitudes[i];
            sumLon[a] += g.Longitudes[i];
            count[a]++;
            population[a] += g.Populations[i];
        }
        var terms = AdminTerms.Default;
        for (int a = 0; a < n; a++)
        {
            if (count[a] == 0) continue;
            var info = g.Admin1[a];
            double lat = sumLat[a] / count[a];
            double lon = sumLon[a] / count[a];
            int entry = g.AddEntry(info.Name, 0, lat, lon, population[a], PlaceKind.Admin1, 1, info.Country, a);
            info.Entry = entry;
            g.AddName(info.Name, entry);
            if (terms.StripTerm(info.Name) is { } core) g.AddName(core, entry);
        }
    }

    private static void FillMissingCountryCentroids(Gazetteer g)
    {
        var best = new Dictionary<int, int>();
        for (int i = 0; i < g.Count; i++)
        {
            if (g.Kinds[i] != PlaceKind.City || g.CountryOf[i] < 0) continue;
            int c = g.CountryOf[i];
            if (!best.TryGetValue(c, out var b) || (g.Ranks[i], g.Populations[i]).CompareTo((g.Ranks[b], g.Populations[b])) > 0)
                best[c] = i;
        }
        for (int c = 0; c < g.Countries.Count; c++)
        {
            int entry = g.Countries[c].Entry;
            if (entry < 0 || !double.IsNaN(g.Latitudes[entry])) continue;
            bool found = best.TryGetValue(c, out var city);
            g.Latitudes[entry] = found ? g.Latitudes[city] : 0;
            g.Longitudes[entry] = found ? g.Longitudes[city] : 0;
        }
    }

    private static double ParseDouble(string? s, double fallback) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

/// <summary>One line of a GeoNames dump (allCountries.txt, a country file, cities500.txt).</summary>
internal readonly record struct GeoNamesRow(
    int GeonamesId, string Name, string AsciiName, string AlternateNames, double Latitude, double Longitude,
    string FeatureClass, string FeatureCode, string CountryCode, string Admin1Code, string Admin2Code, long Population);

internal static class GeoNamesReader
{
    public static IEnumerable<GeoNamesRow> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            if (Parse(line) is { } row) yield return row;
        }
    }

    /// <summary>Parses the 19-column format; returns null for a malformed line.</summary>
    public static GeoNamesRow? Parse(string line)
    {
        var f = line.Split('\t');
        if (f.Length < 15) return null;
        if (!int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)) return null;
        if (!double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)) return null;
        if (!double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)) return null;
        long.TryParse(f[14], NumberStyles.Integer, CultureInfo.InvariantCulture, out var population);
        if (f[1].Length == 0) return null;
        return new GeoNamesRow(id, f[1], f[2].Length > 0 ? f[2] : f[1], f[3], lat, lon, f[6], f[7], f[8].ToUpperInvariant(), f[10], f[11], population);
    }
}
