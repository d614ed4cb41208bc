using Npgsql;

namespace Sitrep.Storage;

/// <summary>Opens the store a <c>--db</c> argument names: a SQLite file path, or a PostgreSQL URI or connection string.</summary>
public static class EventStores
{
    private static readonly string[] PostgresKeys = ["host", "server", "database", "username", "user id", "port", "password"];

    /// <summary>
    /// <c>postgres://user@host/db</c>, <c>postgresql://...</c> or <c>"Host=...;Database=..."</c> open a
    /// <see cref="PostgresEventStore"/>; anything else is a SQLite file path (or <c>:memory:</c>).
    /// </summary>
    public static IEventStore Open(string dbArgument)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dbArgument);
        return IsPostgres(dbArgument) ? new PostgresEventStore(dbArgument) : new SqliteEventStore(dbArgument);
    }

    /// <summary>True for a postgres:// or postgresql:// URI, or a key=value string with Host or Server.</summary>
    public static bool IsPostgres(string dbArgument)
    {
        ArgumentNullException.ThrowIfNull(dbArgument);
        var trimmed = dbArgument.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return true;
        if (!trimmed.Contains('=', StringComparison.Ordinal)) return false;
        bool hasHost = false, allPairs = true;
        foreach (var part in trimmed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { allPairs = false; break; }
            var key = part[..eq].Trim().ToLowerInvariant();
            if (key is "host" or "server") hasHost = true;
            if (!PostgresKeys.Contains(key) && key.Any(c => c is '/' or '\\')) allPairs = false;
        }
        return hasHost && allPairs;
    }

    /// <summary>An Npgsql connection string from a postgres:// URI (libpq style); a key=value string is returned as is.</summary>
    public static string ToNpgsqlConnectionString(string dbArgument)
    {
        ArgumentNullException.ThrowIfNull(dbArgument);
        var trimmed = dbArgument.Trim();
        if (!trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return trimmed;

        var uri = new Uri(trimmed);
        var builder = new NpgsqlConnectionStringBuilder();
        if (uri.Host.Length > 0) builder.Host = uri.Host.Trim('[', ']');
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            // libpq parameter names that differ from Npgsql's.
            builder[key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                "user" => "Username",
                "dbname" => "Database",
                _ => key,
            }] = value;
        }
        return builder.ConnectionString;
    }
}
