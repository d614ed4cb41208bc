namespace Sitrep.Core;

/// <summary>Finds the project's data folder and cache folder without copying data into build output.</summary>
public static class RepositoryPaths
{
    /// <summary>The data/ folder: $SITREP_DATA, else the first data/ above the running assembly.</summary>
    public static string DataDirectory => _data.Value;

    /// <summary>Where compiled indexes live: $SITREP_CACHE, else .cache/ at the repository root.</summary>
    public static string CacheDirectory => _cache.Value;

    public static string Data(params string[] parts) => Path.Combine([DataDirectory, .. parts]);

    private static readonly Lazy<string> _data = new(() =>
        Environment.GetEnvironmentVariable("SITREP_DATA") is { Length: > 0 } env ? env : FindUp("data", "countries.tsv"));

    private static readonly Lazy<string> _cache = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SITREP_CACHE") is { Length: > 0 } env) return env;
        return Path.Combine(Path.GetDirectoryName(DataDirectory)!, ".cache");
    });

    private static string FindUp(string folder, string marker)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, folder);
                if (File.Exists(Path.Combine(candidate, marker))) return candidate;
            }
        }
        throw new DirectoryNotFoundException($"Cannot find the Sitrep {folder}/ folder; set SITREP_DATA.");
    }
}
