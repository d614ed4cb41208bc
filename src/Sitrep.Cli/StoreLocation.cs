namespace Sitrep.Cli;

/// <summary>Where the default store lives: $SITREP_DB, else sitrep.db in the current directory.</summary>
internal static class StoreLocation
{
    public const string EnvironmentVariable = "SITREP_DB";
    public const string DefaultFile = "sitrep.db";

    public static string Resolve(string? given) =>
        !string.IsNullOrEmpty(given) ? given
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : DefaultFile;
}
