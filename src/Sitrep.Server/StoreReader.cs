using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sitrep.Core;
using Sitrep.Storage;

namespace Sitrep.Server;

/// <summary>
/// Reads records from the store by SQL over its <c>articles</c> and <c>events</c> tables (and
/// <c>documents</c> and <c>events.event_cluster_id</c> where the schema has them). Selects columns
/// by name, so added columns do not matter.
/// </summary>
internal sealed class StoreReader
{
    private readonly string _connectionString;
    private readonly Lazy<(bool Clusters, bool Documents)> _schema;

    public StoreReader(string connectionString)
    {
        _connectionString = connectionString;
        _schema = new(ReadSchema);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private (bool, bool) ReadSchema()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'event_cluster_id'";
        bool clusters = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'documents'";
        bool documents = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        return (clusters, documents);
    }

    /// <summary>Writes the events of these rowids, in this order, as a JSON array of records with article_id.</summary>
    public void WriteRecords(Utf8JsonWriter json, IReadOnlyList<long> rowIds)
    {
        var byRowId = new Dictionary<long, (string ArticleId, string Record)>(rowIds.Count);
        using (var connection = Open())
        {
            foreach (var chunk in rowIds.Chunk(500))
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT rowid, article_id, record_json FROM events WHERE rowid IN ({InList(command, chunk)})";
                using var reader = command.ExecuteReader();
                while (reader.Read()) byRowId[reader.GetInt64(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }
        json.WriteStartArray();
        foreach (long rowId in rowIds)
            if (byRowId.TryGetValue(rowId, out var row)) WriteRecord(json, row.Record, row.ArticleId);
        json.WriteEndArray();
    }

    private static string InList(SqliteCommand command, IEnumerable<long> values)
    {
        var names = new StringBuilder();
        int i = 0;
        foreach (long v in values)
        {
            if (i > 0) names.Append(',');
            var name = "$p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, v);
            names.Append(name);
            i++;
        }
        return names.ToString();
    }

    /// <summary>The stored record (INTERFACE.md event shape, id = the store's event id) plus "article_id".</summary>
    public static void WriteRecord(Utf8JsonWriter json, string recordJson, string articleId)
    {
        using var record = JsonDocument.Parse(recordJson);
        json.WriteStartObject();
        foreach (var property in record.RootElement.EnumerateObject())
            if (property.Name != "article_id") property.WriteTo(json);
        json.WriteString("article_id", articleId);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>{"event", "article", "sources"}</c>; false when no such event.</summary>
    public bool WriteEventDetail(Utf8JsonWriter json, string eventId)
    {
        using var connection = Open();
        string articleId, record;
        string? cluster = null;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT article_id, record_json" + (_schema.Value.Clusters ? ", event_cluster_id" : "") +
                                  " FROM events WHERE event_id = $id";
            command.Parameters.AddWithValue("$id", eventId);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return false;
            articleId = reader.GetString(0);
            record = reader.GetString(1);
            if (_schema.Value.Clusters && !reader.IsDBNull(2)) cluster = reader.GetString(2);
        }
        json.WriteStartObject();
        json.WritePropertyName("event");
        WriteRecord(json, record, articleId);
        json.WritePropertyName("article");
        WriteArticle(json, connection, articleId, withText: true);
        json.WritePropertyName("sources");
        WriteSources(json, connection, eventId, articleId, cluster);
        json.WriteEndObject();
        return true;
    }

    /// <summary>Writes <c>{"article", "events"}</c>; false when no such article.</summary>
    public bool WriteArticleDetail(Utf8JsonWriter json, string articleId)
    {
        using var connection = Open();
        using (var probe = connection.CreateCommand())
        {
            probe.CommandText = "SELECT 1 FROM articles WHERE article_id = $id";
            probe.Parameters.AddWithValue("$id", articleId);
            if (probe.ExecuteScalar() is null) return false;
        }
        json.WriteStartObject();
        json.WritePropertyName("article");
        WriteArticle(json, connection, articleId, withText: true);
        json.WriteStartArray("events");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT record_json FROM events WHERE article_id = $id ORDER BY ordinal";
            command.Parameters.AddWithValue("$id", articleId);
            using var reader = command.ExecuteReader();
            while (reader.Read()) WriteRecord(json, reader.GetString(0), articleId);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return true;
    }

    private static void WriteArticle(Utf8JsonWriter json, SqliteConnection connection, string articleId, bool withText)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT article_id, doc_id, url, title, text, published, authors, outlet, language, credits " +
                              "FROM articles WHERE article_id = $id";
        command.Parameters.AddWithValue("$id", articleId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            json.WriteNullValue();
            return;
        }
        string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        json.WriteStartObject();
        json.WriteString("article_id", S(0));
        json.WriteString("doc_id", S(1));
        json.WriteString("url", S(2));
        json.WriteString("title", S(3));
        if (withText) json.WriteString("text", S(4));
        json.WriteString("published", S(5));
        WriteJsonArray(json, "authors", S(6));
        json.WriteString("outlet", S(7));
        json.WriteString("language", S(8));
        WriteJsonArray(json, "credits", S(9));
        json.WriteEndObject();
    }

    private static void WriteJsonArray(Utf8JsonWriter json, string name, string? stored)
    {
        json.WriteStartArray(name);
        if (stored is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(stored);
                if (doc.RootElement.ValueKind == JsonValueKind.Array)
                    foreach (var item in doc.RootElement.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.String) json.WriteStringValue(item.GetString());
            }
            catch (JsonException)
            {
            }
        }
        json.WriteEndArray();
    }

    /// <summary>Other reports of the same real-world event (its cluster) and other copies of its article.</summary>
    private void WriteSources(Utf8JsonWriter json, SqliteConnection connection, string eventId, string articleId, string? cluster)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        json.WriteStartArray();
        if (cluster is not null)
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT e.event_id, e.article_id, a.outlet, a.url, a.title, a.published FROM events e " +
                "JOIN articles a ON a.article_id = e.article_id WHERE e.event_cluster_id = $c AND e.event_id <> $id " +
                "ORDER BY a.published, e.event_id LIMIT 200";
            command.Parameters.AddWithValue("$c", cluster);
            command.Parameters.AddWithValue("$id", eventId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                WriteSource(json, seen, reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5));
        }
        if (_schema.Value.Documents)
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT d.outlet, d.url, d.title, d.published FROM documents d JOIN articles a ON a.article_id = d.article_id " +
                "WHERE d.article_id = $a AND d.url IS NOT NULL AND d.url IS NOT a.url ORDER BY d.doc_key LIMIT 200";
            command.Parameters.AddWithValue("$a", articleId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                WriteSource(json, seen, eventId, articleId, Text(reader, 0), Text(reader, 1), Text(reader, 2), Text(reader, 3));
        }
        json.WriteEndArray();
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static void WriteSource(Utf8JsonWriter json, HashSet<string> seen, string eventId, string articleId,
        string? outlet, string? url, string? title, string? published)
    {
        if (!seen.Add(url ?? eventId)) return;
        json.WriteStartObject();
        json.WriteString("event_id", eventId);
        json.WriteString("article_id", articleId);
        json.WriteString("outlet", outlet);
        json.WriteString("url", url);
        json.WriteString("title", title);
        json.WriteString("published", published);
        json.WriteEndObject();
    }

    /// <summary>Stored events for these rowids, in order, as the exporters take them.</summary>
    public IEnumerable<StoredEvent> ReadStoredEvents(IReadOnlyList<long> rowIds)
    {
        using var connection = Open();
        foreach (var chunk in rowIds.Chunk(500))
        {
            var rows = new Dictionary<long, StoredEvent>(chunk.Length);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT e.rowid AS r, e.*, a.outlet AS a_outlet, a.url AS a_url, a.title AS a_title, a.credits AS a_credits " +
                                      $"FROM events e JOIN articles a ON a.article_id = e.article_id WHERE e.rowid IN ({InList(command, chunk)})";
                using var reader = command.ExecuteReader();
                var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.OrdinalIgnoreCase);
                while (reader.Read()) rows[reader.GetInt64(0)] = ToStoredEvent(reader, columns);
            }
            foreach (long rowId in chunk)
                if (rows.TryGetValue(rowId, out var e)) yield return e;
        }
    }

    private static StoredEvent ToStoredEvent(SqliteDataReader r, Dictionary<string, int> columns)
    {
        string? S(string name) => columns.TryGetValue(name, out int i) && !r.IsDBNull(i) ? Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) : null;
        double? D(string name) => columns.TryGetValue(name, out int i) && !r.IsDBNull(i) ? r.GetDouble(i) : null;
        long? L(string name) => columns.TryGetValue(name, out int i) && !r.IsDBNull(i) ? r.GetInt64(i) : null;
        int? I(string name) => L(name) is { } v ? (int)Math.Clamp(v, int.MinValue, int.MaxValue) : null;
        return new StoredEvent
        {
            EventId = S("event_id")!,
            ArticleId = S("article_id")!,
            Ordinal = I("ordinal") ?? 0,
            Plover = S("plover") ?? "",
            PloverMode = S("plover_mode"),
            Cameo = S("cameo"),
            AcledEventType = S("acled_event_type"),
            AcledSubEventType = S("acled_sub_event_type"),
            EventDate = S("event_date") is { } d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            DatePrecision = Enum.TryParse<DatePrecision>(S("date_precision"), ignoreCase: true, out var precision) ? precision : DatePrecision.Unknown,
            Actor1Text = S("actor1_text"), Actor1Name = S("actor1_name"), Actor1Country = S("actor1_country"),
            Actor1Sector = S("actor1_sector"), Actor1Code = S("actor1_code"),
            Actor2Text = S("actor2_text"), Actor2Name = S("actor2_name"), Actor2Country = S("actor2_country"),
            Actor2Sector = S("actor2_sector"), Actor2Code = S("actor2_code"),
            LocationText = S("location_text"), LocationName = S("location_name"), LocationCountry = S("location_country"),
            LocationAdmin1 = S("location_admin1"), Latitude = D("latitude"), Longitude = D("longitude"),
            GeonamesId = L("geonames_id"), LocationFeature = S("location_feature"),
            Fatalities = I("fatalities"), Injured = I("injured"), Size = I("size"),
            EvidenceText = S("evidence_text") ?? "", EvidenceStart = I("evidence_start") ?? 0, EvidenceEnd = I("evidence_end") ?? 0,
            Confidence = D("confidence") ?? 0,
            RecordJson = S("record_json") ?? "{}",
            ClusterId = S("event_cluster_id"),
            Outlet = S("a_outlet"), Url = S("a_url"), Title = S("a_title"),
            Credits = ParseStrings(S("a_credits")),
        };
    }

    private static string[] ParseStrings(string? json)
    {
        if (json is null) return [];
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
