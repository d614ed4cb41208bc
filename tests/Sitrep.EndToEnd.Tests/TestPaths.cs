namespace Sitrep.EndToEnd.Tests;

internal static class TestPaths
{
    /// <summary>The shared/ folder beside the repository (CI clones the repo with shared/ next to it).</summary>
    public static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "seeds"))) return Path.Combine([candidate, .. parts]);
        }
        throw new DirectoryNotFoundException("shared/seeds not found above the test assembly");
    }

    public static string Specs => Path.Combine(AppContext.BaseDirectory, "Specs");
}
