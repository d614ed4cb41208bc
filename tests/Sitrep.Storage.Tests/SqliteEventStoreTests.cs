using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sitrep.Core;
using static Sitrep.Storage.Tests.TestData;

namespace Sitrep.Storage.Tests;

public sealed class SqliteEventStoreTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Creates_file_schema_version_wal_and_indexes()
    {
        using (new SqliteEventStore(_db.Path)) { }

        Assert.True(File.Exists(_db.Path));
        Assert.Equal("2", Scalar(_db.Path, "PRAGMA user_version"));
        Assert.Equal("wal", Scalar(_db.Path, "PRAGMA journal_mode"));
        Assert.Equal(4, Count(_db.Path, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('articles','events','documents','article_bands')"));
        foreach (var column in new[] { "event_date", "plover", "acled_event_type", "location_country", "article_id" })
            Assert.Equal(1, Count(_db.Path, $"SELECT count(*) FROM sqlite_master WHERE type='index' AND name='idx_events_{column}'"));
        Assert.Equal("articles", Scalar(_db.Path, "SELECT \"table\" FROM pragma_foreign_key_list('events')"));
    }

    [Fact]
    public void Stores_article_and_only_non_negated_events_with_stable_ids()
    {
        var doc = Sudan();
        using var store = new SqliteEventStore(_db.Path);

        Assert.True(store.Save(doc));

        string articleId = ArticleKey.Compute(SudanText);
        Assert.Equal(1, Count(_db.Path, "SELECT count(*) FROM articles"));
        Assert.Equal(2, Count(_db.Path, "SELECT count(*) FROM events"));
        var events = store.ReadEvents().ToList();
        // Ordered by date: the clash (10 May) before the shelling (14 May).
        Assert.Equal([articleId[..12] + "-002", articleId[..12] + "-001"], events.Select(e => e.EventId));
        Assert.All(events, e => Assert.Equal(articleId, e.ArticleId));
        Assert.Matches("^[0-9a-f]{64}$", articleId);
    }

    [Fact]
    public void Reads_back_every_field_and_the_article_fields()
    {
        var doc = Sudan();
        using var store = new SqliteEventStore(_db.Path);
        store.Save(doc);

        var shelling = store.ReadEvents().Single(e => e.Ordinal == 1);
        Assert.Equal("ASSAULT", shelling.Plover);
        Assert.Equal("195", shelling.Cameo);
        Assert.Equal("Explosions/Remote violence", shelling.AcledEventType);
        Assert.Equal("Shelling/artillery/missile attack", shelling.AcledSubEventType);
        Assert.Equal(new DateOnly(2024, 5, 14), shelling.EventDate);
        Assert.Equal(DatePrecision.Day, shelling.DatePrecision);
        Assert.Equal("Sudan's army", shelling.Actor1Text);
        Assert.Equal("Military Forces of Sudan", shelling.Actor1Name);
        Assert.Equal("SDNMIL", shelling.Actor1Code);
        Assert.Equal("CVL", shelling.Actor2Sector);
        Assert.Equal("El Fasher", shelling.LocationName);
        Assert.Equal("SDN", shelling.LocationCountry);
        Assert.Equal("North Darfur", shelling.LocationAdmin1);
        Assert.Equal(13.62793, shelling.Latitude);
        Assert.Equal(379062, shelling.GeonamesId);
        Assert.Equal("city", shelling.LocationFeature);
        Assert.Equal(12, shelling.Fatalities);
        Assert.Null(shelling.Injured);
        Assert.StartsWith("Sudan's army shelled", shelling.EvidenceText);
        Assert.Equal(shelling.EvidenceText, SudanText[shelling.EvidenceStart..shelling.EvidenceEnd]);
        Assert.Equal(0.8, shelling.Confidence);
        Assert.Equal("Radio Dabanga", shelling.Outlet);
        Assert.Equal("https://example.org/sudan", shelling.Url);
        Assert.Equal("Army shells El Fasher", shelling.Title);
        Assert.Equal(["AP", "Reuters"], shelling.Credits);

        using var record = JsonDocument.Parse(shelling.RecordJson);
        Assert.Equal(shelling.EventId, record.RootElement.GetProperty("id").GetString());
        Assert.Equal("El Fasher", record.RootElement.GetProperty("location").GetProperty("name").GetString());
        // The caller's record keeps the pipeline's id.
        Assert.Equal("sudan-1#e1", doc.Events[0].Id);
    }

    [Fact]
    public void Same_article_twice_is_stored_once()
    {
        using var store = new SqliteEventStore(_db.Path);

        Assert.True(store.Save(Sudan("first")));
        Assert.False(store.Save(Sudan("first")));
        Assert.False(store.Save(Sudan("another-id")));

        Assert.Equal(1, Count(_db.Path, "SELECT count(*) FROM articles"));
        Assert.Equal(2, Count(_db.Path, "SELECT count(*) FROM events"));
        Assert.Equal("first", Scalar(_db.Path, "SELECT doc_id FROM articles"));
    }

    [Theory]
    [InlineData("  SUDAN'S ARMY   shelled the outskirts of El Fasher on Tuesday,\n\n killing at least 12 civilians, local medics said.\tThe paramilitary Rapid Support Forces did not deny attacking the town. Later, RSF fighters clashed with army units near Kutum, and 30 fighters were wounded.  ")]
    [InlineData("Sudan's army shelled the outskirts of El Fasher on Tuesday,\u00A0killing at least 12 civilians, local medics said. The paramilitary Rapid Support Forces did not deny attacking the town. Later, RSF fighters clashed with army units near Kutum, and 30 fighters were wounded.")]
    [InlineData("Ｓｕｄａｎ's army shelled the outskirts of El Fasher on Tuesday, killing at least 12 civilians, local medics said. The paramilitary Rapid Support Forces did not deny attacking the town. Later, RSF ﬁghters clashed with army units near Kutum, and 30 ﬁghters were wounded.")]
    public void Whitespace_case_and_compatibility_variants_are_the_same_article(string variant)
    {
        Assert.Equal(ArticleKey.Compute(SudanText), ArticleKey.Compute(variant));

        using var store = new SqliteEventStore(_db.Path);
        Assert.True(store.Save(Sudan()));
        Assert.False(store.Save(Sudan("variant", variant)));
        Assert.Equal(1, Count(_db.Path, "SELECT count(*) FROM articles"));
        Assert.Equal(2, Count(_db.Path, "SELECT count(*) FROM events"));
    }

    [Fact]
    public void Normalisation_composes_accents_and_collapses_whitespace()
    {
        Assert.Equal(ArticleKey.Normalize("Caf\u00E9 in Bogot\u00E1"), ArticleKey.Normalize("CAFE\u0301  in\r\nBOGOTA\u0301 "));
        Assert.Equal("a b c", ArticleKey.Normalize("\u2003A\u00A0\u00A0B\n C\t"));
        Assert.NotEqual(ArticleKey.Compute(SudanText), ArticleKey.Compute(BoliviaText));
    }

    [Fact]
    public void Failed_documents_and_documents_without_article_are_skipped()
    {
        using var store = new SqliteEventStore(_db.Path);
        var failed = Sudan();
        failed.Error = new DocumentError("empty", "nothing to read");
        var noArticle = new Document("raw", new SourceDocument { PageText = "x" });

        Assert.False(store.Save(failed));
        Assert.Equal(SaveOutcome.Skipped, store.SaveOne(noArticle));
        Assert.Equal(SaveOutcome.AlreadyProcessed, store.SaveOne(noArticle));
        Assert.Equal(0, Count(_db.Path, "SELECT count(*) FROM articles"));
        // Both are recorded as processed, the failure with its code, so a resumed run skips them.
        Assert.True(store.IsProcessed(failed.Id));
        Assert.True(store.IsProcessed("raw"));
        Assert.Equal("failed|empty", Scalar(_db.Path, $"SELECT status || '|' || error_code FROM documents WHERE doc_key = '{failed.Id}'"));
        Assert.Equal("no_article", Scalar(_db.Path, "SELECT status FROM documents WHERE doc_key = 'raw'"));
    }

    [Fact]
    public void A_failing_document_rolls_back_only_its_own_work()
    {
        using var store = new SqliteEventStore(_db.Path);
        Assert.True(store.Save(Sudan()));

        var broken = Bolivia();
        AddEvent(broken, "police said", "PROTEST", "said");
        broken.Events[^1].Evidence = new TextSpan(0, broken.Text.Length + 50); // past the end of the text

        Assert.ThrowsAny<ArgumentException>(() => store.Save(broken));

        Assert.Equal(1, Count(_db.Path, "SELECT count(*) FROM articles"));
        Assert.Equal(2, Count(_db.Path, "SELECT count(*) FROM events"));
        // Once fixed, the same article stores normally: nothing half-written blocks it.
        broken.Events.RemoveAt(broken.Events.Count - 1);
        Assert.True(store.Save(broken));
        Assert.Equal(3, Count(_db.Path, "SELECT count(*) FROM events"));
    }

    [Fact]
    public void Batch_keeps_good_documents_around_a_failing_one()
    {
        var broken = Article("broken", "Rebels ambushed a convoy near Goma, killing four soldiers.");
        AddEvent(broken, "Rebels ambushed a convoy near Goma", "ASSAULT", "ambushed");
        broken.Events[0].Evidence = new TextSpan(10, 5000);

        using var store = new SqliteEventStore(_db.Path);
        var result = store.SaveBatch([Sudan(), broken, Bolivia(), Sudan("again")]);

        Assert.Equal(2, result.Stored);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal("broken", Assert.Single(result.Failures).DocumentId);
        Assert.Equal(2, Count(_db.Path, "SELECT count(*) FROM articles"));
        Assert.Equal(3, Count(_db.Path, "SELECT count(*) FROM events"));
        Assert.Equal(0, Count(_db.Path, $"SELECT count(*) FROM articles WHERE article_id = '{ArticleKey.Compute(broken.Text)}'"));
    }

    [Fact]
    public void Reopening_an_existing_database_keeps_its_content()
    {
        using (var store = new SqliteEventStore(_db.Path)) store.Save(Sudan());

        using (var reopened = new SqliteEventStore(_db.Path))
        {
            Assert.Equal(2, reopened.ReadEvents().Count());
            Assert.False(reopened.Save(Sudan("second-run")));
            Assert.True(reopened.Save(Bolivia()));
            Assert.Equal(3, reopened.ReadEvents().Count());
        }
        Assert.Equal("2", Scalar(_db.Path, "PRAGMA user_version"));
    }

    [Fact]
    public void Refuses_a_database_from_a_newer_schema()
    {
        using (new SqliteEventStore(_db.Path)) { }
        using (var connection = new SqliteConnection($"Data Source={_db.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteEventStore(_db.Path));
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public void Concurrent_saves_from_several_threads_all_land()
    {
        using var store = new SqliteEventStore(_db.Path);
        var docs = Enumerable.Range(0, 40).Select(i =>
        {
            var doc = Article($"d{i}", $"Police in Dhaka arrested {i + 2} opposition activists on Monday.");
            AddEvent(doc, doc.Text, "COERCE", "arrested");
            return doc;
        }).ToList();

        Parallel.ForEach(docs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, doc => store.Save(doc));

        Assert.Equal(40, Count(_db.Path, "SELECT count(*) FROM articles"));
        Assert.Equal(40, store.ReadEvents().Count());
    }

    [Fact]
    public void Undated_events_come_last_and_in_memory_store_works()
    {
        using var store = new SqliteEventStore(":memory:");
        var doc = Bolivia();
        doc.Events[0].Date = null;
        store.Save(doc);
        store.Save(Sudan());

        Assert.Equal([new DateOnly(2024, 5, 10), new DateOnly(2024, 5, 14), (DateOnly?)null],
            store.ReadEvents().Select(e => e.EventDate));
    }

    [Fact]
    public void Store_stage_saves_processed_documents()
    {
        using var store = new SqliteEventStore(_db.Path);
        var pipeline = new PipelineBuilder().Use(new StoreStage(store)).Build();

        pipeline.Process(Sudan());

        Assert.Equal(2, store.ReadEvents().Count());
    }
}

public sealed class SqliteSchemaUpgradeTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_version_1_file_is_upgraded_in_place_keeping_its_rows_as_processed_documents()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_db.Path)!);
        using (var connection = new SqliteConnection($"Data Source={_db.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 1 layout, with one article and one event.
            command.CommandText = """
                CREATE TABLE articles (article_id TEXT PRIMARY KEY NOT NULL, doc_id TEXT NOT NULL, url TEXT, title TEXT, text TEXT NOT NULL,
                    published TEXT, authors TEXT NOT NULL DEFAULT '[]', outlet TEXT, language TEXT, credits TEXT NOT NULL DEFAULT '[]', stored_at TEXT NOT NULL);
                CREATE TABLE events (event_id TEXT PRIMARY KEY NOT NULL, article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL, plover TEXT NOT NULL, plover_mode TEXT, cameo TEXT, acled_event_type TEXT, acled_sub_event_type TEXT,
                    event_date TEXT, date_precision TEXT NOT NULL,
                    actor1_text TEXT, actor1_name TEXT, actor1_country TEXT, actor1_sector TEXT, actor1_code TEXT,
                    actor2_text TEXT, actor2_name TEXT, actor2_country TEXT, actor2_sector TEXT, actor2_code TEXT,
                    location_text TEXT, location_name TEXT, location_country TEXT, location_admin1 TEXT, latitude REAL, longitude REAL,
                    geonames_id INTEGER, location_feature TEXT, fatalities INTEGER, injured INTEGER, size INTEGER,
                    evidence_text TEXT NOT NULL, evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, confidence REAL NOT NULL, record_json TEXT NOT NULL);
                INSERT INTO articles (article_id, doc_id, url, text, outlet, stored_at) VALUES ('abc123abc123ff', 'old-doc', 'https://old.example/a', 'Old text.', 'Old Wire', '2024-01-01T00:00:00.000Z');
                INSERT INTO events (event_id, article_id, ordinal, plover, date_precision, evidence_text, evidence_start, evidence_end, confidence, record_json)
                    VALUES ('abc123abc123-001', 'abc123abc123ff', 1, 'AID', 'unknown', 'Old text.', 0, 9, 0.5, '{"id":"abc123abc123-001"}');
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        using var store = new SqliteEventStore(_db.Path);

        Assert.Equal("2", Scalar(_db.Path, "PRAGMA user_version"));
        Assert.True(store.IsProcessed("old-doc"));
        var old = Assert.Single(store.ReadEvents(EventSelection.Unique));
        Assert.Equal("abc123abc123-001", old.ClusterId);
        Assert.Equal("Old Wire", Assert.Single(old.Sources).Outlet);
        Assert.Equal("COOPERATE-AID", Scalar(_db.Path, "SELECT plover_family FROM events"));
        Assert.True(store.Save(Sudan()));
    }
}
