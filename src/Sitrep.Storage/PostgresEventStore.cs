using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Sitrep.Storage;

/// <summary>
/// The event store in a PostgreSQL database (Npgsql): the same tables, keys and semantics as
/// <see cref="SqliteEventStore"/>. Text columns use the "C" collation so that sorting, and so the
/// exports, are byte-for-byte those of SQLite. Writers in several processes are serialised by a
/// transaction-level advisory lock, so deduplication sees every committed report.
/// </summary>
public sealed class PostgresEventStore : RelationalEventStore
{
    /// <summary>The advisory lock key writers take (an arbitrary constant: "sitrep" in ASCII).</summary>
    private const long WriteLockKey = 0x736974726570;

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string ("Host=...;Database=...") or a postgres:// URI.</param>
    public PostgresEventStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(EventStores.ToNpgsqlConnectionString(connectionString));
        // The store reuses a handful of statements per document: let Npgsql prepare them on the server.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 32;
        ConnectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(builder);
        DbConnection? connection = null;
        try
        {
            connection = _dataSource.OpenConnection();
            Initialize(connection);
        }
        catch
        {
            connection?.Dispose();
            _dataSource.Dispose();
            throw;
        }
    }

    public string ConnectionString { get; }

    protected override string Ddl(string template) => template
        .Replace("{TEXT}", "TEXT COLLATE \"C\"", StringComparison.Ordinal)
        .Replace("{REAL}", "DOUBLE PRECISION", StringComparison.Ordinal)
        .Replace("{INT}", "BIGINT", StringComparison.Ordinal)
        .Replace("{BLOB}", "BYTEA", StringComparison.Ordinal);

    protected override long ReadSchemaVersion(DbConnection connection, DbTransaction transaction)
    {
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS sitrep_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)");
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM sitrep_meta WHERE key = 'schema_version'";
        return command.ExecuteScalar() is string value ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
    }

    protected override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version) =>
        Execute(connection, transaction,
            "INSERT INTO sitrep_meta (key, value) VALUES ('schema_version', '" + version.ToString(CultureInfo.InvariantCulture) +
            "') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value");

    protected override void LockForWrite(DbConnection connection, DbTransaction transaction) =>
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({WriteLockKey.ToString(CultureInfo.InvariantCulture)})");

    protected override DbConnection? OpenReadConnection() => _dataSource.OpenConnection();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _dataSource.Dispose();
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
