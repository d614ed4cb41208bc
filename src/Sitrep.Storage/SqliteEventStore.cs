using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sitrep.Core;

namespace Sitrep.Storage;

/// <summary>
/// The default event store: one SQLite file (WAL journal, foreign keys on). Articles are keyed by
/// <see cref="ArticleKey"/>, so storing the same story again writes nothing. Thread-safe: writes are
/// serialised on one connection; <see cref="ReadEvents"/> reads through a connection of its own.
/// </summary>
public sealed class SqliteEventStore : IEventStore
{
    /// <summary>The schema this code writes, kept in PRAGMA user_version.</summary>
    public const int SchemaVersion = 1;

    private const string InMemory = ":memory:";

    private static readonly string[] ArticleColumns =
        ["article_id", "doc_id", "url", "title", "text", "published", "authors", "outlet", "language", "credits", "stored_at"];

    internal static readonly string[] EventColumns =
    [
        "event_id", "article_id", "ordinal", "plover", "plover_mode", "cameo", "acled_event_type", "acled_sub_event_type",
        "event_date", "date_precision",
        "actor1_text", "actor1_name", "actor1_country", "actor1_sector", "actor1_code",
        "actor2_text", "actor2_name", "actor2_country", "actor2_sector", "actor2_code",
        "location_text", "location_name", "location_country", "location_admin1", "latitude", "longitude", "geonames_id", "location_feature",
        "fatalities", "injured", "size", "evidence_text", "evidence_start", "evidence_end", "confidence", "record_json",
    ];

    private readonly string _connectionString;
    private readonly bool _inMemory;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly SqliteCommand _insertArticle;
    private readonly Dictionary<string, SqliteParameter> _articleParameters;
    private readonly SqliteCommand _insertEvent;
    private readonly Dictionary<string, SqliteParameter> _eventParameters;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new();
    private bool _disposed;

    /// <summary>Opens the database at <paramref name="path"/>, creating the file, its folder and the schema if missing.</summary>
    public SqliteEventStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _inMemory = path == InMemory;
        if (!_inMemory && Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // One long-lived connection per store: a pool would only keep the file open after Dispose.
            Pooling = false,
        }.ToString();

        _connection = new SqliteConnection(_connectionString);
        try
        {
            _connection.Open();
            Execute(_connection, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;");
            if (!_inMemory)
            {
                Execute(_connection, "PRAGMA journal_mode = WAL;");
                // With WAL, NORMAL cannot corrupt the file; a power cut may lose the last commits only.
                Execute(_connection, "PRAGMA synchronous = NORMAL;");
            }
            EnsureSchema();
            (_insertArticle, _articleParameters) = PrepareInsert("INSERT OR IGNORE", "articles", ArticleColumns);
            (_insertEvent, _eventParameters) = PrepareInsert("INSERT", "events", EventColumns);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public string ConnectionString => _connectionString;

    public bool Save(Document document) => SaveOne(document) == SaveOutcome.Stored;

    /// <summary>Stores one document in its own transaction. Throws if it cannot be stored; nothing of it is kept then.</summary>
    public SaveOutcome SaveOne(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Failed || document.Article is null) return SaveOutcome.Skipped;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var outcome = Insert(document, transaction);
            transaction.Commit();
            return outcome;
        }
    }

    public SaveBatchResult SaveBatch(IEnumerable<Document> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        int stored = 0, duplicates = 0, skipped = 0;
        var failures = new List<StoreFailure>();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            foreach (var document in documents)
            {
                // A savepoint per document: one that fails is undone alone.
                transaction.Save("document");
                try
                {
                    switch (Insert(document, transaction))
                    {
                        case SaveOutcome.Stored: stored++; break;
                        case SaveOutcome.Duplicate: duplicates++; break;
                        default: skipped++; break;
                    }
                    transaction.Release("document");
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    transaction.Rollback("document");
                    transaction.Release("document");
                    failures.Add(new StoreFailure(document.Id, $"{ex.GetType().Name}: {ex.Message}"));
                }
            }
            transaction.Commit();
        }
        return new SaveBatchResult(stored, duplicates, skipped, failures);
    }

    public IEnumerable<StoredEvent> ReadEvents()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // An in-memory database exists only on its own connection.
        return _inMemory ? ReadEvents(_connection) : ReadEventsOwnConnection();
    }

    private IEnumerable<StoredEvent> ReadEventsOwnConnection()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        foreach (var e in ReadEvents(connection)) yield return e;
    }

    private static IEnumerable<StoredEvent> ReadEvents(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT " + string.Join(", ", EventColumns.Select(c => "e." + c)) + ", a.outlet, a.url, a.title, a.credits " +
            "FROM events e JOIN articles a ON a.article_id = e.article_id " +
            "ORDER BY e.event_date NULLS LAST, e.article_id, e.ordinal";
        using var reader = command.ExecuteReader();
        var row = new RowReader(reader);
        while (reader.Read()) yield return row.Event();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _insertArticle.Dispose();
            _insertEvent.Dispose();
            _connection.Dispose();
        }
    }

    private SaveOutcome Insert(Document document, SqliteTransaction transaction)
    {
        if (document.Failed || document.Article is not { } article) return SaveOutcome.Skipped;

        string articleId = ArticleKey.Compute(article.Text);
        var a = _articleParameters;
        a["article_id"].Value = articleId;
        a["doc_id"].Value = document.Id;
        a["url"].Value = Db(document.Source.Url);
        a["title"].Value = Db(article.Title);
        a["text"].Value = article.Text;
        a["published"].Value = Db(FormatDate(article.Published));
        a["authors"].Value = JsonArray(article.Authors);
        a["outlet"].Value = Db(article.Outlet);
        a["language"].Value = Db(article.Language);
        a["credits"].Value = JsonArray(article.Credits);
        a["stored_at"].Value = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        _insertArticle.Transaction = transaction;
        if (_insertArticle.ExecuteNonQuery() == 0) return SaveOutcome.Duplicate;

        _insertEvent.Transaction = transaction;
        int ordinal = 0;
        foreach (var ev in document.Events)
        {
            if (ev.Negated) continue;
            ordinal++;
            BindEvent(document, ev, articleId, ordinal);
            _insertEvent.ExecuteNonQuery();
        }
        return SaveOutcome.Stored;
    }

    private void BindEvent(Document document, EventRecord ev, string articleId, int ordinal)
    {
        string eventId = ArticleKey.EventId(articleId, ordinal);
        var p = _eventParameters;
        p["event_id"].Value = eventId;
        p["article_id"].Value = articleId;
        p["ordinal"].Value = ordinal;
        p["plover"].Value = ev.Plover;
        p["plover_mode"].Value = Db(ev.PloverMode);
        p["cameo"].Value = Db(ev.Cameo);
        p["acled_event_type"].Value = Db(ev.Acled?.EventType);
        p["acled_sub_event_type"].Value = Db(ev.Acled?.SubEventType);
        p["event_date"].Value = Db(FormatDate(ev.Date));
        p["date_precision"].Value = ev.DatePrecision.ToString().ToLowerInvariant();
        BindActor(p, "actor1", ev.Actor1);
        BindActor(p, "actor2", ev.Actor2);
        var place = ev.Location?.Place;
        p["location_text"].Value = Db(ev.Location?.Text);
        p["location_name"].Value = Db(place?.Name);
        p["location_country"].Value = Db(place?.Country);
        p["location_admin1"].Value = Db(place?.Admin1);
        p["latitude"].Value = place is null ? DBNull.Value : place.Latitude;
        p["longitude"].Value = place is null ? DBNull.Value : place.Longitude;
        p["geonames_id"].Value = place?.GeonamesId is { } geonamesId ? geonamesId : DBNull.Value;
        p["location_feature"].Value = Db(place?.Feature);
        p["fatalities"].Value = ev.Fatalities is { } f ? f : DBNull.Value;
        p["injured"].Value = ev.Injured is { } i ? i : DBNull.Value;
        p["size"].Value = ev.Size is { } s ? s : DBNull.Value;
        p["evidence_text"].Value = document.Slice(ev.Evidence.Start, ev.Evidence.End);
        p["evidence_start"].Value = ev.Evidence.Start;
        p["evidence_end"].Value = ev.Evidence.End;
        p["confidence"].Value = ev.Confidence;
        p["record_json"].Value = EventJson(document, ev, eventId);
    }

    private static void BindActor(Dictionary<string, SqliteParameter> p, string prefix, ActorMention? mention)
    {
        p[prefix + "_text"].Value = Db(mention?.Text);
        p[prefix + "_name"].Value = Db(mention?.Actor.Name);
        p[prefix + "_country"].Value = Db(mention?.Actor.Country);
        p[prefix + "_sector"].Value = Db(mention?.Actor.Sector);
        p[prefix + "_code"].Value = Db(mention?.Actor.Code);
    }

    /// <summary>The event in the record shape, with the store's stable id in place of the pipeline's.</summary>
    private string EventJson(Document document, EventRecord ev, string storeId)
    {
        // The id is swapped only while writing, so the caller's record (and CLI output) keeps its own.
        string pipelineId = ev.Id;
        ev.Id = storeId;
        try
        {
            _jsonBuffer.Clear();
            using (var writer = new Utf8JsonWriter(_jsonBuffer, RecordWriter.CompactOptions))
                RecordWriter.WriteEvent(writer, document, ev);
            return Encoding.UTF8.GetString(_jsonBuffer.WrittenSpan);
        }
        finally
        {
            ev.Id = pipelineId;
        }
    }

    private void EnsureSchema()
    {
        using var transaction = _connection.BeginTransaction();
        long version = Scalar(_connection, transaction, "PRAGMA user_version;");
        if (version > SchemaVersion)
            throw new InvalidOperationException(
                $"The database has schema version {version}; this Sitrep reads up to {SchemaVersion}. Use a newer Sitrep.");
        if (version < 1)
        {
            Execute(_connection, SchemaV1, transaction);
            Execute(_connection, $"PRAGMA user_version = {SchemaVersion};", transaction);
        }
        transaction.Commit();
    }

    private const string SchemaV1 = """
        CREATE TABLE IF NOT EXISTS articles (
            article_id  TEXT PRIMARY KEY NOT NULL,
            doc_id      TEXT NOT NULL,
            url         TEXT,
            title       TEXT,
            text        TEXT NOT NULL,
            published   TEXT,
            authors     TEXT NOT NULL DEFAULT '[]',
            outlet      TEXT,
            language    TEXT,
            credits     TEXT NOT NULL DEFAULT '[]',
            stored_at   TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS events (
            event_id             TEXT PRIMARY KEY NOT NULL,
            article_id           TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
            ordinal              INTEGER NOT NULL,
            plover               TEXT NOT NULL,
            plover_mode          TEXT,
            cameo                TEXT,
            acled_event_type     TEXT,
            acled_sub_event_type TEXT,
            event_date           TEXT,
            date_precision       TEXT NOT NULL,
            actor1_text TEXT, actor1_name TEXT, actor1_country TEXT, actor1_sector TEXT, actor1_code TEXT,
            actor2_text TEXT, actor2_name TEXT, actor2_country TEXT, actor2_sector TEXT, actor2_code TEXT,
            location_text    TEXT,
            location_name    TEXT,
            location_country TEXT,
            location_admin1  TEXT,
            latitude         REAL,
            longitude        REAL,
            geonames_id      INTEGER,
            location_feature TEXT,
            fatalities       INTEGER,
            injured          INTEGER,
            size             INTEGER,
            evidence_text    TEXT NOT NULL,
            evidence_start   INTEGER NOT NULL,
            evidence_end     INTEGER NOT NULL,
            confidence       REAL NOT NULL,
            record_json      TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_events_event_date ON events(event_date);
        CREATE INDEX IF NOT EXISTS idx_events_plover ON events(plover);
        CREATE INDEX IF NOT EXISTS idx_events_acled_event_type ON events(acled_event_type);
        CREATE INDEX IF NOT EXISTS idx_events_location_country ON events(location_country);
        CREATE UNIQUE INDEX IF NOT EXISTS idx_events_article_id ON events(article_id, ordinal);
        """;

    private (SqliteCommand, Dictionary<string, SqliteParameter>) PrepareInsert(string verb, string table, string[] columns)
    {
        var command = _connection.CreateCommand();
        command.CommandText =
            $"{verb} INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
        var parameters = new Dictionary<string, SqliteParameter>(StringComparer.Ordinal);
        foreach (var column in columns)
            parameters[column] = command.Parameters.Add(new SqliteParameter("$" + column, DBNull.Value));
        return (command, parameters);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    private static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RecordWriter.CompactOptions))
        {
            writer.WriteStartArray();
            foreach (var v in values) writer.WriteStringValue(v);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Maps result columns to <see cref="StoredEvent"/>, looking ordinals up once.</summary>
    private sealed class RowReader(SqliteDataReader reader)
    {
        private readonly Dictionary<string, int> _ordinals =
            Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.Ordinal);

        public StoredEvent Event() => new()
        {
            EventId = Text("event_id")!,
            ArticleId = Text("article_id")!,
            Ordinal = (int)(Long("ordinal") ?? 0),
            Plover = Text("plover")!,
            PloverMode = Text("plover_mode"),
            Cameo = Text("cameo"),
            AcledEventType = Text("acled_event_type"),
            AcledSubEventType = Text("acled_sub_event_type"),
            EventDate = Text("event_date") is { } date && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            DatePrecision = Enum.TryParse<DatePrecision>(Text("date_precision"), ignoreCase: true, out var precision) ? precision : DatePrecision.Unknown,
            Actor1Text = Text("actor1_text"),
            Actor1Name = Text("actor1_name"),
            Actor1Country = Text("actor1_country"),
            Actor1Sector = Text("actor1_sector"),
            Actor1Code = Text("actor1_code"),
            Actor2Text = Text("actor2_text"),
            Actor2Name = Text("actor2_name"),
            Actor2Country = Text("actor2_country"),
            Actor2Sector = Text("actor2_sector"),
            Actor2Code = Text("actor2_code"),
            LocationText = Text("location_text"),
            LocationName = Text("location_name"),
            LocationCountry = Text("location_country"),
            LocationAdmin1 = Text("location_admin1"),
            Latitude = Real("latitude"),
            Longitude = Real("longitude"),
            GeonamesId = Long("geonames_id"),
            LocationFeature = Text("location_feature"),
            Fatalities = (int?)Long("fatalities"),
            Injured = (int?)Long("injured"),
            Size = (int?)Long("size"),
            EvidenceText = Text("evidence_text") ?? string.Empty,
            EvidenceStart = (int)(Long("evidence_start") ?? 0),
            EvidenceEnd = (int)(Long("evidence_end") ?? 0),
            Confidence = Real("confidence") ?? 0,
            RecordJson = Text("record_json") ?? "{}",
            Outlet = Text("outlet"),
            Url = Text("url"),
            Title = Text("title"),
            Credits = Strings(Text("credits")),
        };

        private string? Text(string column)
        {
            int i = _ordinals[column];
            return reader.IsDBNull(i) ? null : reader.GetString(i);
        }

        private long? Long(string column)
        {
            int i = _ordinals[column];
            return reader.IsDBNull(i) ? null : reader.GetInt64(i);
        }

        private double? Real(string column)
        {
            int i = _ordinals[column];
            return reader.IsDBNull(i) ? null : reader.GetDouble(i);
        }

        private static string[] Strings(string? json)
        {
            if (string.IsNullOrEmpty(json)) return [];
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
                : [];
        }
    }
}
