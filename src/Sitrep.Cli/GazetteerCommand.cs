using System.Globalization;
using System.CommandLine;
using Sitrep.Core;
using Sitrep.Geo;

namespace Sitrep.Cli;

/// <summary>
/// <c>sitrep gazetteer build</c> compiles the gazetteer index ahead of the first run that needs it;
/// <c>sitrep gazetteer import FILE</c> adds a full GeoNames dump for village-level places.
/// </summary>
internal static class GazetteerCommand
{
    public static Command Create()
    {
        var command = new Command("gazetteer", "Manage the offline GeoNames gazetteer that places are resolved against.");
        command.Subcommands.Add(BuildCommand());
        command.Subcommands.Add(ImportCommand());
        return command;
    }

    private static Command BuildCommand()
    {
        var command = new Command("build",
            "Compile the gazetteer index from the fetched GeoNames data into the cache now, instead of on the first run that " +
            "places events (it takes a few seconds, once; the launcher does it after each build). Does nothing when the index is current.");
        command.SetAction(_ =>
        {
            try
            {
                var gazetteer = Gazetteer.Load();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gazetteer: {gazetteer.EntryCount:N0} places, index {GazetteerSources.Locate(null).IndexFile}"));
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is GazetteerDataMissingException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"sitrep: {ex.Message}");
                return ExitCodes.SomeFailed;
            }
        });
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
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"imported {count:N0} places from {path} into {layer}"));
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
