using System.Text;
using System.Text.Json;
using Sitrep.Core;
using static Sitrep.Storage.Tests.TestData;

namespace Sitrep.Storage.Tests;

/// <summary>The same behaviour from every store: run once on SQLite and once on PostgreSQL.</summary>
public abstract class StoreContractTests : IDisposable
{
    private readonly IStoreHarness _harness;

    protected StoreContractTests(IStoreHarness harness) => _harness = harness;

    public void Dispose()
    {
        _harness.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Export(IEventStore store, EventSelection selection)
    {
        var writer = new StringWriter();
        EventExporter.WriteJsonl(store.ReadEvents(selection), writer);
        return writer.ToString();
    }

    [StoreFact]
    public void Records_each_document_key_once_and_reports_it_processed()
    {
        using var store = _harness.Open();
        Assert.False(store.IsProcessed("sudan-1"));

        Assert.True(store.Save(Sudan("sudan-1")));
        Assert.True(store.IsProcessed("sudan-1"));
        Assert.False(store.Save(Sudan("sudan-1")));

        Assert.Equal(1, _harness.Count("SELECT count(*) FROM documents"));
        Assert.Equal(1, _harness.Count("SELECT count(*) FROM articles"));
        Assert.Equal(2, _harness.Count("SELECT count(*) FROM events"));
        Assert.Equal("stored", _harness.Scalar("SELECT status FROM documents WHERE doc_key = 'sudan-1'"));
    }

    [StoreFact]
    public void Reads_back_fields_and_the_record_json()
    {
        using var store = _harness.Open();
        store.Save(Sudan());

        var shelling = store.ReadEvents().Single(e => e.Ordinal == 1);
        Assert.Equal("ASSAULT", shelling.Plover);
        Assert.Equal(new DateOnly(2024, 5, 14), shelling.EventDate);
        Assert.Equal("SDNMIL", shelling.Actor1Code);
        Assert.Equal(13.62793, shelling.Latitude);
        Assert.Equal(379062, shelling.GeonamesId);
        Assert.Equal(12, shelling.Fatalities);
        Assert.Null(shelling.Injured);
        Assert.Equal(shelling.EvidenceText, SudanText[shelling.EvidenceStart..shelling.EvidenceEnd]);
        Assert.Equal(["AP", "Reuters"], shelling.Credits);
        Assert.Equal(shelling.EventId, shelling.ClusterId);
        Assert.Equal("https://example.org/sudan", Assert.Single(shelling.Sources).Url);
        using var record = JsonDocument.Parse(shelling.RecordJson);
        Assert.Equal(shelling.EventId, record.RootElement.GetProperty("id").GetString());
    }

    [StoreFact]
    public void An_exact_copy_under_another_key_adds_a_source_but_no_rows()
    {
        using var store = _harness.Open();
        store.Save(Sudan("first"));
        var copy = Article("copy", SudanText, outlet: "Sudan Echo", url: "https://echo.example/el-fasher");

        Assert.Equal(1, store.SaveBatch([copy]).Duplicates);

        Assert.Equal(2, _harness.Count("SELECT count(*) FROM documents"));
        Assert.Equal(2, _harness.Count("SELECT count(*) FROM events"));
        var unique = store.ReadEvents(EventSelection.Unique).ToList();
        Assert.Equal(2, unique.Count);
        Assert.All(unique, e => Assert.Equal(["https://echo.example/el-fasher", "https://example.org/sudan"],
            e.Sources.Select(s => s.Url).Order(StringComparer.Ordinal)));
    }

    [StoreFact]
    public void Failed_documents_are_recorded_with_their_error_code()
    {
        using var store = _harness.Open();
        var failed = Bolivia("bad-page");
        failed.Error = new DocumentError("too_large", "page over the size limit");

        var result = store.SaveBatch([failed, Sudan()]);

        Assert.Equal(1, result.Skipped);
        Assert.Equal(1, result.Stored);
        Assert.True(store.IsProcessed("bad-page"));
        Assert.Equal("too_large", _harness.Scalar("SELECT error_code FROM documents WHERE doc_key = 'bad-page'"));
        Assert.Equal(1, _harness.Count("SELECT count(*) FROM articles"));
    }

    [StoreFact]
    public void A_document_that_fails_to_store_is_rolled_back_alone_and_not_marked_processed()
    {
        var broken = Article("broken", "Rebels ambushed a convoy near Goma, killing four soldiers.");
        AddEvent(broken, "Rebels ambushed a convoy near Goma", "ASSAULT", "ambushed");
        broken.Events[0].Evidence = new TextSpan(10, 5000);
        using var store = _harness.Open();

        var result = store.SaveBatch([Sudan(), broken, Bolivia()]);

        Assert.Equal("broken", Assert.Single(result.Failures).DocumentId);
        Assert.False(store.IsProcessed("broken"));
        Assert.True(store.IsProcessed("sudan-1"));
        Assert.True(store.IsProcessed("bolivia-1"));
        Assert.Equal(2, _harness.Count("SELECT count(*) FROM articles"));
        Assert.Equal(0, _harness.Count($"SELECT count(*) FROM articles WHERE article_id = '{ArticleKey.Compute(broken.Text)}'"));
    }

    [StoreFact]
    public void A_crash_in_the_middle_of_a_batch_leaves_nothing_of_it()
    {
        static IEnumerable<Document> Crashing()
        {
            yield return Sudan();
            yield return Bolivia();
            throw new IOException("input vanished");
        }
        using (var store = _harness.Open())
        {
            Assert.Throws<IOException>(() => store.SaveBatch(Crashing()));
            Assert.False(store.IsProcessed("sudan-1"));
        }
        Assert.Equal(0, _harness.Count("SELECT count(*) FROM documents"));
        Assert.Equal(0, _harness.Count("SELECT count(*) FROM articles"));
        Assert.Equal(0, _harness.Count("SELECT count(*) FROM events"));
    }

    [StoreFact]
    public void Running_the_same_input_twice_adds_nothing()
    {
        var input = WireStory.Copies().Concat(DarfurReports.All()).ToList();
        using var store = _harness.Open();
        store.SaveBatch(input);
        string unique = Export(store, EventSelection.Unique), all = Export(store, EventSelection.All);
        long documents = _harness.Count("SELECT count(*) FROM documents");

        var again = store.SaveBatch(WireStory.Copies().Concat(DarfurReports.All()));

        Assert.Equal(input.Count, again.AlreadyProcessed);
        Assert.Equal(0, again.Stored + again.Duplicates + again.Skipped);
        Assert.Equal(documents, _harness.Count("SELECT count(*) FROM documents"));
        Assert.Equal(unique, Export(store, EventSelection.Unique));
        Assert.Equal(all, Export(store, EventSelection.All));
    }

    [StoreFact]
    public void A_resumed_run_skipping_processed_keys_gives_the_store_of_an_uninterrupted_run()
    {
        var input = WireStory.Copies().Concat(DarfurReports.All()).ToList();
        string expectedUnique, expectedAll;
        using (var reference = new SqliteEventStore(":memory:"))
        {
            foreach (var chunk in input.Chunk(4)) reference.SaveBatch(chunk);
            expectedUnique = Export(reference, EventSelection.Unique);
            expectedAll = Export(reference, EventSelection.All);
        }

        // The first run is killed after 9 documents were committed.
        using (var first = _harness.Open()) first.SaveBatch(input.Take(9));
        using (var resumed = _harness.Open())
        {
            var remaining = input.Where(d => !resumed.IsProcessed(d.Id)).ToList();
            Assert.Equal(input.Count - 9, remaining.Count);
            foreach (var chunk in remaining.Chunk(4)) resumed.SaveBatch(chunk);

            Assert.Equal(expectedUnique, Export(resumed, EventSelection.Unique));
            Assert.Equal(expectedAll, Export(resumed, EventSelection.All));
        }
    }

    [StoreFact]
    public void Twenty_copies_of_a_wire_story_give_one_article_cluster_and_one_set_of_events_each_with_twenty_sources()
    {
        using var store = _harness.Open();
        var result = store.SaveBatch(WireStory.Copies());

        Assert.Equal(20, result.Stored);
        Assert.Equal(20, _harness.Count("SELECT count(*) FROM articles"));
        Assert.Equal(1, _harness.Count("SELECT count(DISTINCT article_cluster_id) FROM articles"));
        Assert.Equal(60, store.ReadEvents(EventSelection.All).Count());

        var unique = store.ReadEvents(EventSelection.Unique).ToList();
        Assert.Equal(["ASSAULT", "ASSAULT", "AID"], unique.Select(e => e.Plover));
        Assert.Equal([new DateOnly(2024, 3, 12), new DateOnly(2024, 3, 13), new DateOnly(2024, 3, 14)], unique.Select(e => e.EventDate));
        foreach (var e in unique)
        {
            Assert.Equal(20, e.Sources.Count);
            Assert.Equal(WireStory.Outlets.Order(StringComparer.Ordinal), e.Sources.Select(s => s.Outlet!).Order(StringComparer.Ordinal));
            Assert.Equal(20, e.Sources.Select(s => s.Url).Distinct().Count());
            Assert.Equal(20, e.Sources.Select(s => s.ArticleId).Distinct().Count());
        }
        Assert.Equal(3, _harness.Count("SELECT count(DISTINCT event_cluster_id) FROM events"));
    }

    [StoreFact]
    public void Independent_reports_of_one_shelling_are_one_event_and_other_events_stay_apart()
    {
        using var store = _harness.Open();
        store.SaveBatch(DarfurReports.All());

        var unique = store.ReadEvents(EventSelection.Unique).ToList();

        Assert.Equal(4, unique.Count);
        var shelling = Assert.Single(unique, e => e.Sources.Count == 2);
        Assert.Equal(["Radio Dabanga", "Sudan Tribune"], shelling.Sources.Select(s => s.Outlet!).Order(StringComparer.Ordinal));
        Assert.All(unique.Where(e => e != shelling), e => Assert.Single(e.Sources));
        // The RSF raid (other actor), Nyala (200 km away) and the shelling a week later are their own events.
        Assert.Contains(unique, e => e.Actor1Name == "Rapid Support Forces");
        Assert.Contains(unique, e => e.LocationName == "Nyala");
        Assert.Contains(unique, e => e.EventDate == new DateOnly(2024, 5, 21));
    }

    [StoreFact]
    public void Clusters_do_not_depend_on_the_order_documents_are_stored_in()
    {
        var input = WireStory.Copies().Concat(DarfurReports.All()).ToList();
        string forward;
        using (var store = new SqliteEventStore(":memory:"))
        {
            store.SaveBatch(input);
            forward = Export(store, EventSelection.Unique);
        }
        var shuffled = input.OrderBy(d => (d.Id.GetHashCode(StringComparison.Ordinal) & 0x7fff, d.Id)).Reverse().ToList();
        using var other = _harness.Open();
        foreach (var doc in shuffled) other.Save(doc);

        Assert.Equal(forward, Export(other, EventSelection.Unique));
    }

    [StoreFact]
    public void Reopening_keeps_the_content()
    {
        using (var store = _harness.Open()) store.Save(Sudan());
        using var reopened = _harness.Open();

        Assert.Equal(2, reopened.ReadEvents().Count());
        Assert.True(reopened.IsProcessed("sudan-1"));
        Assert.True(reopened.Save(Bolivia()));
        Assert.Equal(3, reopened.ReadEvents().Count());
    }

    [StoreFact]
    public void Unique_export_lists_each_cluster_once_with_its_representative()
    {
        using var store = _harness.Open();
        store.SaveBatch(WireStory.Copies().Take(3));

        var all = store.ReadEvents(EventSelection.All).ToList();
        var unique = store.ReadEvents(EventSelection.Unique).ToList();

        Assert.Equal(9, all.Count);
        Assert.Equal(all.Select(e => e.ClusterId).Distinct().Order(StringComparer.Ordinal), unique.Select(e => e.EventId).Order(StringComparer.Ordinal));
        Assert.All(unique, e => Assert.Equal(e.EventId, e.ClusterId));
        Assert.All(all, e => Assert.Single(e.Sources));
        string csv = Encoding.UTF8.GetString(CsvBytes(unique));
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static byte[] CsvBytes(IEnumerable<StoredEvent> events)
    {
        using var buffer = new MemoryStream();
        EventExporter.WriteCsv(events, buffer);
        return buffer.ToArray();
    }
}

public sealed class SqliteStoreContractTests() : StoreContractTests(new SqliteHarness());

public sealed class PostgresStoreContractTests() : StoreContractTests(new PostgresHarness()), INeedsPostgres;
