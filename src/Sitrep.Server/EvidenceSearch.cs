using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Sitrep.Server;

/// <summary>
/// Full-text search over evidence sentences. The SQLite FTS5 index lives in a side file next to the
/// store (<c>NAME.search.db</c>), built on the first search and topped up with new rows after, so
/// the store itself is never written. Without FTS5, or where the side file cannot be written, it
/// falls back to LIKE over the store (every word must occur).
/// </summary>
internal sealed class EvidenceSearch : IDisposable
{
    private const int BatchSize = 5000;

    private readonly string _storeConnectionString;
    private readonly string _sidePath;
    private readonly Lock _gate = new();
    private SqliteConnection? _side;
    private bool _ftsUnavailable;

    public EvidenceSearch(string storeConnectionString, string storePath)
    {
        _storeConnectionString = storeConnectionString;
        _sidePath = SidePath(storePath);
    }

    public static string SidePath(string storePath)
    {
        var full = Path.GetFullPath(storePath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".search.db");
    }

    /// <summary>"fts5" or "like": what the last search used.</summary>
    public string Mode => _ftsUnavailable ? "like" : "fts5";

    /// <summary>The slots whose evidence holds every word of <paramref name="text"/>.</summary>
    public bool[] Match(EventIndex.Snapshot snapshot, string text)
    {
        var words = Words(text);
        if (words.Count == 0) return new bool[snapshot.Count];
        var key = string.Join('\u0001', words).ToLowerInvariant();
        lock (_gate)
        {
            // The dashboard asks for list, map and timeline with the same words at once: keep the last few answers.
            foreach (var (s, k, hit) in _recent)
                if (ReferenceEquals(s, snapshot) && k == key) return hit;
            List<long> rowIds = !_ftsUnavailable && TryFts(snapshot, words) is { } found ? found : Like(words);
            rowIds.Sort();
            var slots = new bool[snapshot.Count];
            // Both ascending: one merge walk instead of a search per row.
            int slot = 0;
            foreach (long rowId in rowIds)
            {
                while (slot < snapshot.Count && snapshot.RowIds[slot] < rowId) slot++;
                if (slot < snapshot.Count && snapshot.RowIds[slot] == rowId) slots[slot] = true;
            }
            _recent.Insert(0, (snapshot, key, slots));
            if (_recent.Count > 8) _recent.RemoveAt(_recent.Count - 1);
            return slots;
        }
    }

    private readonly List<(EventIndex.Snapshot Snapshot, string Key, bool[] Slots)> _recent = [];

    // Words are quoted for FTS5, so no query syntax (NEAR, column filters, quotes) reaches it; a trailing * keeps prefix search.
    internal static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim('"');
            if (word.Length > 0 && word.Any(char.IsLetterOrDigit)) words.Add(word);
            if (words.Count == 16) break;
        }
        return words;
    }

    internal static string FtsQuery(IEnumerable<string> words) => string.Join(' ', words.Select(w =>
    {
        bool prefix = w.Length > 1 && w.EndsWith('*');
        var core = (prefix ? w[..^1] : w).Replace("\"", "\"\"", StringComparison.Ordinal);
        return prefix ? $"\"{core}\"*" : $"\"{core}\"";
    }));

    private List<long>? TryFts(EventIndex.Snapshot snapshot, List<string> words)
    {
        try
        {
            _side ??= OpenSide();
            Sync(snapshot);
            using var command = _side.CreateCommand();
            command.CommandText = "SELECT rowid FROM evidence WHERE evidence MATCH $q";
            command.Parameters.AddWithValue("$q", FtsQuery(words));
            var rowIds = new List<long>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) rowIds.Add(reader.GetInt64(0));
            return rowIds;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"sitrep serve: full-text index unavailable ({ex.Message}); searching with LIKE.");
            _ftsUnavailable = true;
            _side?.Dispose();
            _side = null;
            return null;
        }
    }

    private SqliteConnection OpenSide()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _sidePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;" +
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);" +
            "CREATE VIRTUAL TABLE IF NOT EXISTS evidence USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Indexes store rows newer than the last indexed one; rebuilds if the store lost or changed rows.</summary>
    private void Sync(EventIndex.Snapshot snapshot)
    {
        var side = _side!;
        long indexedMax = long.Parse(Meta(side, "max_rowid") ?? "0", CultureInfo.InvariantCulture);
        long indexedCount = long.Parse(Meta(side, "count") ?? "0", CultureInfo.InvariantCulture);
        string? lastId = Meta(side, "last_event_id");
        long storeMax = snapshot.Count == 0 ? 0 : snapshot.RowIds[snapshot.Count - 1];
        bool consistent = indexedMax <= storeMax && indexedCount <= snapshot.Count &&
                          (indexedMax == 0 || (snapshot.SlotOfRowId(indexedMax) is var slot and >= 0 && snapshot.EventIds[slot] == lastId));
        if (consistent && indexedMax == storeMax) return;
        if (!consistent)
        {
            Exec(side, "DELETE FROM evidence; DELETE FROM meta;");
            indexedMax = 0;
            indexedCount = 0;
        }

        using var store = new SqliteConnection(_storeConnectionString);
        store.Open();
        using var read = store.CreateCommand();
        read.CommandText = "SELECT rowid, event_id, evidence_text FROM events WHERE rowid > $after AND rowid <= $max ORDER BY rowid";
        read.Parameters.AddWithValue("$after", indexedMax);
        read.Parameters.AddWithValue("$max", storeMax);
        using var reader = read.ExecuteReader();
        var transaction = side.BeginTransaction();
        using var insert = side.CreateCommand();
        insert.CommandText = "INSERT INTO evidence (rowid, text) VALUES ($r, $t)";
        var r = insert.Parameters.Add("$r", SqliteType.Integer);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        int inBatch = 0;
        string? last = lastId;
        while (reader.Read())
        {
            insert.Transaction = transaction;
            r.Value = reader.GetInt64(0);
            t.Value = reader.IsDBNull(2) ? "" : reader.GetString(2);
            insert.ExecuteNonQuery();
            indexedMax = reader.GetInt64(0);
            last = reader.GetString(1);
            indexedCount++;
            if (++inBatch == BatchSize)
            {
                WriteMeta(side, transaction, indexedMax, indexedCount, last);
                transaction.Commit();
                transaction.Dispose();
                transaction = side.BeginTransaction();
                inBatch = 0;
            }
        }
        WriteMeta(side, transaction, indexedMax, indexedCount, last);
        transaction.Commit();
        transaction.Dispose();
    }

    private static void WriteMeta(SqliteConnection side, SqliteTransaction transaction, long max, long count, string? lastId)
    {
        using var command = side.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ('max_rowid', $m), ('count', $c), ('last_event_id', $l)";
        command.Parameters.AddWithValue("$m", max.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$c", count.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$l", lastId ?? "");
        command.ExecuteNonQuery();
    }

    private static string? Meta(SqliteConnection side, string key)
    {
        using var command = side.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<long> Like(List<string> words)
    {
        using var store = new SqliteConnection(_storeConnectionString);
        store.Open();
        using var command = store.CreateCommand();
        var sql = new StringBuilder("SELECT rowid FROM events WHERE 1 = 1");
        for (int i = 0; i < words.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND evidence_text LIKE $w{i} ESCAPE '\\'");
            var escaped = words[i].TrimEnd('*').Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            command.Parameters.AddWithValue($"$w{i}", "%" + escaped + "%");
        }
        command.CommandText = sql.ToString();
        var rowIds = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) rowIds.Add(reader.GetInt64(0));
        return rowIds;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _side?.Dispose();
            _side = null;
        }
    }
}
