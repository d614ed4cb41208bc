using System.CommandLine;
using Sitrep.Core;
using Sitrep.Geo;

namespace Sitrep.Cli;

/// <summary><c>sitrep gazetteer import FILE</c>: adds a full GeoNames dump to the gazetteer for village-level places.</summary>
internal static class GazetteerCommand
{
    public static Command Create()
    {
        var command = new Command("gazetteer", "Manage the offline GeoNames gazetteer that places are resolved against.");
        command.Subcommands.Add(ImportCommand());
        return command;
    }

    private static Command ImportCommand()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A GeoNames dump in its 19-column tab-separated format: allCountries.txt or a country file such as SY.txt " +
                          "(from download.geonames.org/export/dump, unzipped). Populated places and ADM1/ADM2 areas are kept.",
        };
        var cache = new Option<string?>("--cache")
        {
            Description = $"The cache folder holding geonames/ (default: ${{SITREP_CACHE}} or .cache/ at the repository root, now {RepositoryPaths.CacheDirectory}).",
            HelpName = "DIR",
        };
        var command = new Command("import",
            "Add a GeoNames dump to the gazetteer as a layer, so villages missing from cities500 resolve. " +
            "Importing the same file name again replaces its layer; without any import the gazetteer works from cities500.\n\n" +
            "Example:\n  sitrep gazetteer import SY.txt")
        {
            file, cache,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            try
            {
                var cacheDirectory = result.GetValue(cache);
                int count = GazetteerImport.Import(path, cacheDirectory);
                var layer = GazetteerImport.LayerPath(GazetteerSources.Locate(cacheDirectory), path);
                Console.WriteLine($"imported {count:N0} places from {path} into {layer}");
                return count > 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
            }
            catch (Exception ex) when (ex is FileNotFoundException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sitrep: {ex.Message}");
                return ExitCodes.SomeFailed;
            }
        });
        return command;
    }
}
