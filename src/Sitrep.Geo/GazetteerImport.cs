namespace Sitrep.Geo;

/// <summary>
/// Adds a full GeoNames dump (allCountries.txt or a country file such as SY.txt, the same 19-column
/// format as cities500) to the gazetteer as an extra layer, so villages missing from cities500 resolve.
/// Populated places (class P) and administrative areas (ADM1, ADM2) are kept. The layer is used by
/// every gazetteer loaded afterwards, in this process or a later one.
/// </summary>
public static class GazetteerImport
{
    /// <summary>Imports <paramref name="geonamesFile"/>; returns the number of entries written to the layer.</summary>
    /// <param name="cacheDirectory">The cache root (default <see cref="Sitrep.Core.RepositoryPaths.CacheDirectory"/>).</param>
    public static int Import(string geonamesFile, string? cacheDirectory = null)
    {
        if (!File.Exists(geonamesFile)) throw new FileNotFoundException($"GeoNames file not found: {geonamesFile}", geonamesFile);
        var sources = GazetteerSources.Locate(cacheDirectory, countriesFile: null);
        return GazetteerIndexFile.WriteLayer(LayerPath(sources, geonamesFile), GeoNamesReader.Read(geonamesFile));
    }

    /// <summary>The layer file an import of <paramref name="geonamesFile"/> writes (re-importing a file replaces its layer).</summary>
    public static string LayerPath(GazetteerSources sources, string geonamesFile)
    {
        var name = Path.GetFileNameWithoutExtension(geonamesFile);
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return Path.Combine(sources.LayerDirectory, (safe.Length > 0 ? safe : "layer") + ".bin");
    }
}
