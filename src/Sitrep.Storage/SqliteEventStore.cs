using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sitrep.Storage;

/// <summary>
/// The default event store: one SQLite file (WAL journal, foreign keys on). Articles are keyed by
/// <see cref="ArticleKey"/>, so storing the same story again writes nothing. Thread-safe: writes are
/// serialised on one connection; <see cref="RelationalEventStore.ReadEvents(EventSelection)"/> reads
/// through a connection of its own.
/// </summary>
public sealed class SqliteEventStore : RelationalEventStore
{
    private const string InMemory = ":memory:";

    private readonly bool _inMemory;

    /// <summary>Opens the database at <paramref name="path"/>, creating the file, its folder and the schema if missing.</summary>
    public SqliteEventStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _inMemory = path == InMemory;
        if (!_inMemory && Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);

        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // One long-lived connection per store: a pool would only keep the file open after Dispose.
            Pooling = false,
        }.ToString();

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;");
            // Write volume: the per-document savepoints journal to a temporary file unless temp_store is MEMORY,
            // and the default 2 MB page cache is smaller than the indexes a batch touches. With the defaults a
            // 988-page run made 205,000 writes for an 18 MB store; now 36,000. Checkpoints every 2,000 pages
            // (8 MB), not 1,000, and not 10,000 either: the last one runs when the store closes, at the run's end.
            Execute(connection, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 2000;");
            if (!_inMemory)
            {
                Execute(connection, "PRAGMA journal_mode = WAL;");
                // With WAL, NORMAL cannot corrupt the file; a power cut may lose the last commits only.
                Execute(connection, "PRAGMA synchronous = NORMAL;");
            }
            Initialize(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public string ConnectionString { get; }

    protected override string Ddl(string template) => template
        .Replace("{TEXT}", "TEXT", StringComparison.Ordinal)
        .Replace("{REAL}", "REAL", StringComparison.Ordinal)
        .Replace("{INT}", "INTEGER", StringComparison.Ordinal)
        .Replace("{BLOB}", "BLOB", StringComparison.Ordinal);

    protected override long ReadSchemaVersion(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    protected override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"PRAGMA user_version = {version.ToString(CultureInfo.InvariantCulture)};";
        command.ExecuteNonQuery();
    }

    // An in-memory database exists only on its own connection.
    protected override DbConnection? OpenReadConnection()
    {
        if (_inMemory) return null;
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
