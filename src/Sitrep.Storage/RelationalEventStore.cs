using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sitrep.Core;
using Sitrep.Dedup;

namespace Sitrep.Storage;

/// <summary>
/// The store's logic over any SQL database (SQLite, PostgreSQL): the same tables, keys,
/// idempotency and deduplication. Subclasses open the connection and supply the dialect.
/// Thread-safe: writes are serialised on one connection.
/// </summary>
public abstract class RelationalEventStore : IEventStore
{
    /// <summary>The schema this code writes.</summary>
    public const int SchemaVersion = 2;

    /// <summary>At most this many candidate articles are compared per new article (boilerplate-only pages could match thousands).</summary>
    public const int MaxNearDuplicateCandidates = 1000;

    private static readonly (string Name, DbType Type)[] ArticleColumns =
    [
        ("article_id", DbType.String), ("doc_id", DbType.String), ("url", DbType.String), ("title", DbType.String),
        ("text", DbType.String), ("published", DbType.String), ("authors", DbType.String), ("outlet", DbType.String),
        ("language", DbType.String), ("credits", DbType.String), ("stored_at", DbType.String),
        ("article_cluster_id", DbType.String), ("minhash", DbType.Binary),
    ];

    internal static readonly (string Name, DbType Type)[] EventColumns =
    [
        ("event_id", DbType.String), ("article_id", DbType.String), ("ordinal", DbType.Int64), ("plover", DbType.String),
        ("plover_mode", DbType.String), ("cameo", DbType.String), ("acled_event_type", DbType.String), ("acled_sub_event_type", DbType.String),
        ("event_date", DbType.String), ("date_precision", DbType.String),
        ("actor1_text", DbType.String), ("actor1_name", DbType.String), ("actor1_country", DbType.String), ("actor1_sector", DbType.String), ("actor1_code", DbType.String),
        ("actor2_text", DbType.String), ("actor2_name", DbType.String), ("actor2_country", DbType.String), ("actor2_sector", DbType.String), ("actor2_code", DbType.String),
        ("location_text", DbType.String), ("location_name", DbType.String), ("location_country", DbType.String), ("location_admin1", DbType.String),
        ("latitude", DbType.Double), ("longitude", DbType.Double), ("geonames_id", DbType.Int64), ("location_feature", DbType.String),
        ("fatalities", DbType.Int64), ("injured", DbType.Int64), ("size", DbType.Int64),
        ("evidence_text", DbType.String), ("evidence_start", DbType.Int64), ("evidence_end", DbType.Int64),
        ("confidence", DbType.Double), ("record_json", DbType.String),
        ("plover_family", DbType.String), ("event_cluster_id", DbType.String),
    ];

    private static readonly (string Name, DbType Type)[] DocumentColumns =
    [
        ("doc_key", DbType.String), ("article_id", DbType.String), ("status", DbType.String), ("error_code", DbType.String),
        ("url", DbType.String), ("title", DbType.String), ("outlet", DbType.String), ("published", DbType.String),
        ("processed_at", DbType.String),
    ];

    private const string FactColumns =
        "event_id, article_id, event_cluster_id, plover_family, event_date, latitude, longitude, location_country, " +
        "location_admin1, location_feature, actor1_name, actor1_country, actor1_sector, evidence_text";

    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new();
    private DbConnection _connection = null!;
    private Command _insertArticle = null!, _insertEvent = null!, _insertDocument = null!, _isProcessed = null!;
    private Command _bandCandidates = null!, _insertBand = null!, _mergeArticles = null!;
    private Command _eventsOfArticle = null!, _nearbyEvents = null!, _clusterOf = null!, _mergeEvents = null!;
    private bool _disposed;

    /// <summary>
    /// Near-duplicate and event clustering on save (default true). Off, every article and report is
    /// its own cluster: faster ingest, no deduplicated exports. For benchmarks and bulk loads that
    /// are deduplicated elsewhere.
    /// </summary>
    public bool Deduplicate { get; set; } = true;

    /// <summary>Replaces the dialect tokens {TEXT} {REAL} {INT} {BLOB} in DDL.</summary>
    protected abstract string Ddl(string template);

    protected abstract long ReadSchemaVersion(DbConnection connection, DbTransaction transaction);

    protected abstract void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version);

    /// <summary>Called first in every write transaction (PostgreSQL serialises writers across processes here).</summary>
    protected virtual void LockForWrite(DbConnection connection, DbTransaction transaction) { }

    /// <summary>A new connection for reading; null to read on the writing connection (an in-memory database).</summary>
    protected abstract DbConnection? OpenReadConnection();

    /// <summary>Creates or upgrades the schema and prepares the statements. Subclasses call it once the connection is open.</summary>
    protected void Initialize(DbConnection connection)
    {
        _connection = connection;
        EnsureSchema();
        _insertArticle = Prepare(
            $"INSERT INTO articles ({Names(ArticleColumns)}) VALUES ({Parameters(ArticleColumns)}) ON CONFLICT (article_id) DO NOTHING",
            ArticleColumns);
        _insertEvent = Prepare($"INSERT INTO events ({Names(EventColumns)}) VALUES ({Parameters(EventColumns)})", EventColumns);
        _insertDocument = Prepare(
            $"INSERT INTO documents ({Names(DocumentColumns)}) VALUES ({Parameters(DocumentColumns)}) ON CONFLICT (doc_key) DO NOTHING",
            DocumentColumns);
        _isProcessed = Prepare("SELECT count(*) FROM documents WHERE doc_key = @doc_key", [("doc_key", DbType.String)]);
        var bandParameters = Enumerable.Range(0, MinHash.Bands).Select(i => ($"b{i}", DbType.Int64)).ToArray();
        _bandCandidates = Prepare(
            "SELECT DISTINCT a.article_id, a.minhash, a.article_cluster_id FROM article_bands b " +
            "JOIN articles a ON a.article_id = b.article_id " +
            $"WHERE b.band_key IN ({Parameters(bandParameters)}) AND a.article_id <> @self ORDER BY a.article_id LIMIT {MaxNearDuplicateCandidates}",
            [.. bandParameters, ("self", DbType.String)]);
        _insertBand = Prepare(
            "INSERT INTO article_bands (band_key, article_id) VALUES " +
            string.Join(", ", Enumerable.Range(0, MinHash.Bands).Select(i => $"(@b{i}, @article_id)")) + " ON CONFLICT DO NOTHING",
            [.. bandParameters, ("article_id", DbType.String)]);
        _mergeArticles = Prepare("UPDATE articles SET article_cluster_id = @to WHERE article_cluster_id = @from",
            [("to", DbType.String), ("from", DbType.String)]);
        _eventsOfArticle = Prepare($"SELECT {FactColumns} FROM events WHERE article_id = @article_id", [("article_id", DbType.String)]);
        _nearbyEvents = Prepare(
            $"SELECT {FactColumns} FROM events WHERE plover_family = @family AND event_date BETWEEN @d0 AND @d1 " +
            "AND latitude IS NOT NULL AND event_id <> @self AND ((latitude BETWEEN @lat0 AND @lat1 AND longitude BETWEEN @lon0 AND @lon1) " +
            "OR (location_country = @country AND location_admin1 = @admin1))",
            [("family", DbType.String), ("d0", DbType.String), ("d1", DbType.String), ("self", DbType.String),
             ("lat0", DbType.Double), ("lat1", DbType.Double), ("lon0", DbType.Double), ("lon1", DbType.Double),
             ("country", DbType.String), ("admin1", DbType.String)]);
        _clusterOf = Prepare("SELECT event_cluster_id FROM events WHERE event_id = @event_id", [("event_id", DbType.String)]);
        _mergeEvents = Prepare("UPDATE events SET event_cluster_id = @to WHERE event_cluster_id = @from",
            [("to", DbType.String), ("from", DbType.String)]);
    }

    public bool Save(Document document) => SaveOne(document) == SaveOutcome.Stored;

    /// <summary>Stores one document in its own transaction. Throws if it cannot be stored; nothing of it is kept then.</summary>
    public SaveOutcome SaveOne(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            LockForWrite(_connection, transaction);
            var outcome = Insert(document, transaction);
            transaction.Commit();
            return outcome;
        }
    }

    public SaveBatchResult SaveBatch(IEnumerable<Document> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        int stored = 0, duplicates = 0, skipped = 0, already = 0;
        var failures = new List<StoreFailure>();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            LockForWrite(_connection, transaction);
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
                        case SaveOutcome.AlreadyProcessed: already++; break;
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
        return new SaveBatchResult(stored, duplicates, skipped, failures) { AlreadyProcessed = already };
    }

    public bool IsProcessed(string documentKey)
    {
        ArgumentNullException.ThrowIfNull(documentKey);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return IsProcessed(documentKey, null);
        }
    }

    public IEnumerable<StoredEvent> ReadEvents() => ReadEvents(EventSelection.All);

    public IEnumerable<StoredEvent> ReadEvents(EventSelection selection)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ReadEventsCore(selection);
    }

    private IEnumerable<StoredEvent> ReadEventsCore(EventSelection selection)
    {
        var own = OpenReadConnection();
        try
        {
            using var command = (own ?? _connection).CreateCommand();
            command.CommandText = ReadSql(selection);
            using var reader = command.ExecuteReader();
            var rows = new RowReader(reader);
            StoredEvent? current = null;
            var sources = new List<EventSource>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                string id = rows.Text("event_id")!;
                if (current is null || current.EventId != id)
                {
                    if (current is not null) yield return current with { Sources = sources.ToArray() };
                    current = rows.Event();
                    sources.Clear();
                    seen.Clear();
                }
                if (rows.Source() is { } source && seen.Add(source.Url ?? "\u0000" + source.DocumentKey)) sources.Add(source);
            }
            if (current is not null) yield return current with { Sources = sources.ToArray() };
        }
        finally
        {
            own?.Dispose();
        }
    }

    private static string ReadSql(EventSelection selection)
    {
        bool unique = selection == EventSelection.Unique;
        return "SELECT " + string.Join(", ", EventColumns.Select(c => "r." + c.Name)) +
               ", a.outlet AS a_outlet, a.url AS a_url, a.title AS a_title, a.credits AS a_credits, a.article_cluster_id AS a_cluster" +
               ", m.event_id AS m_event_id, m.article_id AS m_article_id" +
               ", d.doc_key AS d_key, d.url AS d_url, d.outlet AS d_outlet, d.title AS d_title, d.published AS d_published " +
               "FROM events r JOIN articles a ON a.article_id = r.article_id " +
               (unique ? "JOIN events m ON m.event_cluster_id = r.event_id " : "JOIN events m ON m.event_id = r.event_id ") +
               "LEFT JOIN documents d ON d.article_id = m.article_id " +
               (unique ? "WHERE r.event_cluster_id = r.event_id " : "") +
               "ORDER BY r.event_date NULLS LAST, r.article_id, r.ordinal, d.doc_key, m.event_id";
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var c in new[] { _insertArticle, _insertEvent, _insertDocument, _isProcessed, _bandCandidates, _insertBand,
                         _mergeArticles, _eventsOfArticle, _nearbyEvents, _clusterOf, _mergeEvents })
                c?.Dispose();
            _connection?.Dispose();
        }
    }

    private bool IsProcessed(string key, DbTransaction? transaction)
    {
        _isProcessed["doc_key"] = key;
        return Convert.ToInt64(_isProcessed.Scalar(transaction), CultureInfo.InvariantCulture) > 0;
    }

    private SaveOutcome Insert(Document document, DbTransaction transaction)
    {
        if (IsProcessed(document.Id, transaction)) return SaveOutcome.AlreadyProcessed;
        if (document.Failed || document.Article is not { } article)
        {
            RecordDocument(document, null, document.Failed ? "failed" : "no_article", transaction);
            return SaveOutcome.Skipped;
        }

        string articleId = ArticleKey.Compute(article.Text);
        uint[]? signature = Deduplicate ? MinHash.Signature(article.Text) : null;
        var a = _insertArticle;
        a["article_id"] = articleId;
        a["doc_id"] = document.Id;
        a["url"] = document.Source.Url;
        a["title"] = article.Title;
        a["text"] = article.Text;
        a["published"] = FormatDate(article.Published);
        a["authors"] = JsonArray(article.Authors);
        a["outlet"] = article.Outlet;
        a["language"] = article.Language;
        a["credits"] = JsonArray(article.Credits);
        a["stored_at"] = Now();
        a["article_cluster_id"] = articleId;
        a["minhash"] = signature is null ? null : MinHash.ToBytes(signature);
        if (a.Execute(transaction) == 0)
        {
            RecordDocument(document, articleId, "duplicate", transaction);
            return SaveOutcome.Duplicate;
        }

        var copies = LinkNearDuplicateArticles(articleId, signature, transaction);
        // Reports in copies of this article are matched sentence to sentence (SameEventInCopies), never by
        // place and date alone: one copy's missing actor must not merge two events of the story.
        var notIndependent = new HashSet<string>(copies, StringComparer.Ordinal) { articleId };
        var copyEvents = new List<EventFacts>();
        foreach (var copy in copies) copyEvents.AddRange(ReadFacts(_eventsOfArticle, transaction, ("article_id", copy)));

        int ordinal = 0;
        foreach (var ev in document.Events)
        {
            if (ev.Negated) continue;
            ordinal++;
            var facts = BindEvent(document, ev, articleId, ordinal);
            _insertEvent.Execute(transaction);
            if (Deduplicate) LinkEvent(facts, copyEvents, notIndependent, transaction);
        }
        RecordDocument(document, articleId, "stored", transaction);
        return SaveOutcome.Stored;
    }

    private void RecordDocument(Document document, string? articleId, string status, DbTransaction transaction)
    {
        var d = _insertDocument;
        d["doc_key"] = document.Id;
        d["article_id"] = articleId;
        d["status"] = status;
        d["error_code"] = document.Error?.Code;
        d["url"] = document.Source.Url;
        d["title"] = document.Article?.Title;
        d["outlet"] = document.Article?.Outlet;
        d["published"] = FormatDate(document.Article?.Published ?? document.Source.Published);
        d["processed_at"] = Now();
        d.Execute(transaction);
    }

    /// <summary>Finds the stored near-duplicates of a new article, records its bands, merges their clusters; returns their ids.</summary>
    private List<string> LinkNearDuplicateArticles(string articleId, uint[]? signature, DbTransaction transaction)
    {
        var nearDuplicates = new List<string>();
        if (signature is null) return nearDuplicates;
        var keys = MinHash.BandKeys(signature);
        for (int i = 0; i < keys.Length; i++) _bandCandidates[$"b{i}"] = keys[i];
        _bandCandidates["self"] = articleId;
        var clusters = new HashSet<string>(StringComparer.Ordinal) { articleId };
        using (var reader = _bandCandidates.Reader(transaction))
        {
            while (reader.Read())
            {
                var other = MinHash.FromBytes(reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
                if (other is null || !MinHash.AreNearDuplicates(signature, other)) continue;
                nearDuplicates.Add(reader.GetString(0));
                clusters.Add(reader.IsDBNull(2) ? reader.GetString(0) : reader.GetString(2));
            }
        }
        // One statement for all bands: a round trip per band is what PostgreSQL pays most for.
        for (int i = 0; i < keys.Length; i++) _insertBand[$"b{i}"] = keys[i];
        _insertBand["article_id"] = articleId;
        _insertBand.Execute(transaction);
        Merge(_mergeArticles, clusters, transaction);
        return nearDuplicates;
    }

    /// <summary>
    /// Links a new report to every stored report of the same real-world event and merges their clusters:
    /// independent articles by type, date, place and actors; copies of its article by evidence sentence.
    /// Reports within one article are never merged with each other directly.
    /// </summary>
    private void LinkEvent(EventFacts facts, List<EventFacts> copyEvents, HashSet<string> notIndependent, DbTransaction transaction)
    {
        var clusters = new HashSet<string>(StringComparer.Ordinal) { facts.EventId };
        if (facts.Date is { } date && facts.HasPlace)
        {
            var n = _nearbyEvents;
            var box = EventMatching.SearchBox(facts.Latitude!.Value, facts.Longitude!.Value);
            n["family"] = facts.Family;
            n["d0"] = FormatDate(date.AddDays(-EventMatching.DateWindowDays));
            n["d1"] = FormatDate(date.AddDays(EventMatching.DateWindowDays));
            n["self"] = facts.EventId;
            n["lat0"] = box.MinLat;
            n["lat1"] = box.MaxLat;
            n["lon0"] = box.MinLon;
            n["lon1"] = box.MaxLon;
            n["country"] = facts.Country;
            n["admin1"] = facts.Admin1;
            foreach (var other in ReadFacts(n, transaction))
            {
                if (other.ArticleId is not null && notIndependent.Contains(other.ArticleId)) continue;
                if (EventMatching.SameEvent(facts, other)) clusters.Add(other.ClusterId ?? other.EventId);
            }
        }
        foreach (var other in copyEvents)
        {
            if (!EventMatching.SameEventInCopies(facts, other)) continue;
            // Read the cluster now: an earlier report of this article may have merged it since.
            _clusterOf["event_id"] = other.EventId;
            clusters.Add(_clusterOf.Scalar(transaction) as string ?? other.EventId);
        }
        Merge(_mergeEvents, clusters, transaction);
    }

    /// <summary>Relabels every cluster in the set to the smallest id: the result does not depend on the order of storing.</summary>
    private static void Merge(Command merge, HashSet<string> clusters, DbTransaction transaction)
    {
        if (clusters.Count < 2) return;
        string target = clusters.Min(StringComparer.Ordinal)!;
        foreach (var from in clusters)
        {
            if (from == target) continue;
            merge["to"] = target;
            merge["from"] = from;
            merge.Execute(transaction);
        }
    }

    private static List<EventFacts> ReadFacts(Command command, DbTransaction transaction, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values) command[name] = value;
        var list = new List<EventFacts>();
        using var reader = command.Reader(transaction);
        while (reader.Read())
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            double? D(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            list.Add(new EventFacts
            {
                EventId = reader.GetString(0),
                ArticleId = S(1),
                ClusterId = S(2),
                Family = S(3) ?? string.Empty,
                Date = ParseDate(S(4)),
                Latitude = D(5),
                Longitude = D(6),
                Country = S(7),
                Admin1 = S(8),
                Feature = S(9),
                Actor1Name = S(10),
                Actor1Country = S(11),
                Actor1Sector = S(12),
                Evidence = S(13),
            });
        }
        return list;
    }

    private EventFacts BindEvent(Document document, EventRecord ev, string articleId, int ordinal)
    {
        string eventId = ArticleKey.EventId(articleId, ordinal);
        string family = EventMatching.Family(ev.Plover);
        string evidence = document.Slice(ev.Evidence.Start, ev.Evidence.End);
        var place = ev.Location?.Place;
        var p = _insertEvent;
        p["event_id"] = eventId;
        p["article_id"] = articleId;
        p["ordinal"] = (long)ordinal;
        p["plover"] = ev.Plover;
        p["plover_mode"] = ev.PloverMode;
        p["cameo"] = ev.Cameo;
        p["acled_event_type"] = ev.Acled?.EventType;
        p["acled_sub_event_type"] = ev.Acled?.SubEventType;
        p["event_date"] = FormatDate(ev.Date);
        p["date_precision"] = ev.DatePrecision.ToString().ToLowerInvariant();
        BindActor(p, "actor1", ev.Actor1);
        BindActor(p, "actor2", ev.Actor2);
        p["location_text"] = ev.Location?.Text;
        p["location_name"] = place?.Name;
        p["location_country"] = place?.Country;
        p["location_admin1"] = place?.Admin1;
        p["latitude"] = place?.Latitude;
        p["longitude"] = place?.Longitude;
        p["geonames_id"] = place?.GeonamesId;
        p["location_feature"] = place?.Feature;
        p["fatalities"] = (long?)ev.Fatalities;
        p["injured"] = (long?)ev.Injured;
        p["size"] = (long?)ev.Size;
        p["evidence_text"] = evidence;
        p["evidence_start"] = (long)ev.Evidence.Start;
        p["evidence_end"] = (long)ev.Evidence.End;
        p["confidence"] = ev.Confidence;
        p["record_json"] = EventJson(document, ev, eventId);
        p["plover_family"] = family;
        p["event_cluster_id"] = eventId;
        return new EventFacts
        {
            EventId = eventId,
            ArticleId = articleId,
            ClusterId = eventId,
            Family = family,
            Date = ev.Date,
            Latitude = place?.Latitude,
            Longitude = place?.Longitude,
            Country = place?.Country,
            Admin1 = place?.Admin1,
            Feature = place?.Feature,
            Actor1Name = ev.Actor1?.Actor.Name,
            Actor1Country = ev.Actor1?.Actor.Country,
            Actor1Sector = ev.Actor1?.Actor.Sector,
            Evidence = evidence,
        };
    }

    private static void BindActor(Command p, string prefix, ActorMention? mention)
    {
        p[prefix + "_text"] = mention?.Text;
        p[prefix + "_name"] = mention?.Actor.Name;
        p[prefix + "_country"] = mention?.Actor.Country;
        p[prefix + "_sector"] = mention?.Actor.Sector;
        p[prefix + "_code"] = mention?.Actor.Code;
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
        LockForWrite(_connection, transaction);
        long version = ReadSchemaVersion(_connection, transaction);
        if (version > SchemaVersion)
            throw new InvalidOperationException(
                $"The database has schema version {version}; this Sitrep reads up to {SchemaVersion}. Use a newer Sitrep.");
        if (version < 1) Execute(transaction, Ddl(SchemaV1));
        if (version < 2) UpgradeToV2(transaction);
        if (version < SchemaVersion) WriteSchemaVersion(_connection, transaction, SchemaVersion);
        transaction.Commit();
    }

    /// <summary>v2: documents (resume keys), near-duplicate and event clusters. Rows from v1 start as their own clusters.</summary>
    private void UpgradeToV2(DbTransaction transaction)
    {
        Execute(transaction, Ddl("""
            ALTER TABLE articles ADD COLUMN article_cluster_id {TEXT};
            ALTER TABLE articles ADD COLUMN minhash {BLOB};
            ALTER TABLE events ADD COLUMN plover_family {TEXT};
            ALTER TABLE events ADD COLUMN event_cluster_id {TEXT};
            CREATE TABLE IF NOT EXISTS documents (
                doc_key      {TEXT} PRIMARY KEY NOT NULL,
                article_id   {TEXT} REFERENCES articles(article_id) ON DELETE CASCADE,
                status       {TEXT} NOT NULL,
                error_code   {TEXT},
                url          {TEXT},
                title        {TEXT},
                outlet       {TEXT},
                published    {TEXT},
                processed_at {TEXT} NOT NULL
            );
            CREATE TABLE IF NOT EXISTS article_bands (
                band_key   {INT} NOT NULL,
                article_id {TEXT} NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                PRIMARY KEY (band_key, article_id)
            );
            UPDATE articles SET article_cluster_id = article_id WHERE article_cluster_id IS NULL;
            UPDATE events SET event_cluster_id = event_id WHERE event_cluster_id IS NULL;
            INSERT INTO documents (doc_key, article_id, status, url, title, outlet, published, processed_at)
                SELECT doc_id, article_id, 'stored', url, title, outlet, published, stored_at FROM articles WHERE true
                ON CONFLICT DO NOTHING;
            CREATE INDEX IF NOT EXISTS idx_articles_cluster ON articles(article_cluster_id);
            CREATE INDEX IF NOT EXISTS idx_article_bands_article ON article_bands(article_id);
            CREATE INDEX IF NOT EXISTS idx_documents_article ON documents(article_id);
            CREATE INDEX IF NOT EXISTS idx_events_cluster ON events(event_cluster_id);
            CREATE INDEX IF NOT EXISTS idx_events_family_date ON events(plover_family, event_date);
            """));
        var plovers = new List<string>();
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT DISTINCT plover FROM events WHERE plover_family IS NULL";
            using var reader = command.ExecuteReader();
            while (reader.Read()) plovers.Add(reader.GetString(0));
        }
        using var update = Prepare("UPDATE events SET plover_family = @family WHERE plover = @plover AND plover_family IS NULL",
            [("family", DbType.String), ("plover", DbType.String)]);
        foreach (var plover in plovers)
        {
            update["family"] = EventMatching.Family(plover);
            update["plover"] = plover;
            update.Execute(transaction);
        }
    }

    private const string SchemaV1 = """
        CREATE TABLE IF NOT EXISTS articles (
            article_id  {TEXT} PRIMARY KEY NOT NULL,
            doc_id      {TEXT} NOT NULL,
            url         {TEXT},
            title       {TEXT},
            text        {TEXT} NOT NULL,
            published   {TEXT},
            authors     {TEXT} NOT NULL DEFAULT '[]',
            outlet      {TEXT},
            language    {TEXT},
            credits     {TEXT} NOT NULL DEFAULT '[]',
            stored_at   {TEXT} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS events (
            event_id             {TEXT} PRIMARY KEY NOT NULL,
            article_id           {TEXT} NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
            ordinal              {INT} NOT NULL,
            plover               {TEXT} NOT NULL,
            plover_mode          {TEXT},
            cameo                {TEXT},
            acled_event_type     {TEXT},
            acled_sub_event_type {TEXT},
            event_date           {TEXT},
            date_precision       {TEXT} NOT NULL,
            actor1_text {TEXT}, actor1_name {TEXT}, actor1_country {TEXT}, actor1_sector {TEXT}, actor1_code {TEXT},
            actor2_text {TEXT}, actor2_name {TEXT}, actor2_country {TEXT}, actor2_sector {TEXT}, actor2_code {TEXT},
            location_text    {TEXT},
            location_name    {TEXT},
            location_country {TEXT},
            location_admin1  {TEXT},
            latitude         {REAL},
            longitude        {REAL},
            geonames_id      {INT},
            location_feature {TEXT},
            fatalities       {INT},
            injured          {INT},
            size             {INT},
            evidence_text    {TEXT} NOT NULL,
            evidence_start   {INT} NOT NULL,
            evidence_end     {INT} NOT NULL,
            confidence       {REAL} NOT NULL,
            record_json      {TEXT} NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_events_event_date ON events(event_date);
        CREATE INDEX IF NOT EXISTS idx_events_plover ON events(plover);
        CREATE INDEX IF NOT EXISTS idx_events_acled_event_type ON events(acled_event_type);
        CREATE INDEX IF NOT EXISTS idx_events_location_country ON events(location_country);
        CREATE UNIQUE INDEX IF NOT EXISTS idx_events_article_id ON events(article_id, ordinal);
        """;

    private void Execute(DbTransaction transaction, string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Command Prepare(string sql, (string Name, DbType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        var byName = new Dictionary<string, DbParameter>(StringComparer.Ordinal);
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = type;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
            byName[name] = parameter;
        }
        return new Command(command, byName);
    }

    private static string Names((string Name, DbType)[] columns) => string.Join(", ", columns.Select(c => c.Name));

    private static string Parameters((string Name, DbType)[] columns) => string.Join(", ", columns.Select(c => "@" + c.Name));

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

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

    /// <summary>A prepared statement with its parameters by name; null values are sent as SQL NULL.</summary>
    private sealed class Command(DbCommand command, Dictionary<string, DbParameter> parameters) : IDisposable
    {
        public object? this[string name]
        {
            set => parameters[name].Value = value ?? DBNull.Value;
        }

        public int Execute(DbTransaction transaction)
        {
            command.Transaction = transaction;
            return command.ExecuteNonQuery();
        }

        public object? Scalar(DbTransaction? transaction)
        {
            command.Transaction = transaction;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        public DbDataReader Reader(DbTransaction transaction)
        {
            command.Transaction = transaction;
            return command.ExecuteReader();
        }

        public void Dispose() => command.Dispose();
    }

    /// <summary>Maps result columns to <see cref="StoredEvent"/> and <see cref="EventSource"/>, looking ordinals up once.</summary>
    private sealed class RowReader(DbDataReader reader)
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
            EventDate = ParseDate(Text("event_date")),
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
            ClusterId = Text("event_cluster_id") ?? Text("event_id"),
            ArticleClusterId = Text("a_cluster") ?? Text("article_id"),
            Outlet = Text("a_outlet"),
            Url = Text("a_url"),
            Title = Text("a_title"),
            Credits = Strings(Text("a_credits")),
        };

        public EventSource? Source()
        {
            if (Text("d_key") is not { } key) return null;
            return new EventSource(key, Text("d_outlet"), Text("d_url"), Text("d_title"), ParseDate(Text("d_published")),
                Text("m_article_id")!, Text("m_event_id")!);
        }

        public string? Text(string column)
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
