using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Sitrep.Core;
using static Sitrep.Storage.Tests.TestData;

namespace Sitrep.Storage.Tests;

/// <summary>Every export format parses with a strict reader and carries the deduplicated sources.</summary>
public sealed class ExportFormatTests : IDisposable
{
    private readonly SqliteEventStore _store = new(":memory:");

    public ExportFormatTests()
    {
        _store.SaveBatch(WireStory.Copies().Take(3).Concat([Sudan(), Bolivia()]));
        var undated = Article("no-place", "Unknown gunmen kidnapped a priest, the diocese said.", outlet: "Church Wire", url: null);
        AddEvent(undated, undated.Text, "COERCE", "kidnapped");
        _store.Save(undated);
    }

    public void Dispose() => _store.Dispose();

    private List<StoredEvent> Unique() => _store.ReadEvents(EventSelection.Unique).ToList();

    [Fact]
    public void Unique_csv_parses_strictly_with_a_row_per_cluster_and_its_sources()
    {
        var events = Unique();
        using var buffer = new MemoryStream();
        EventExporter.WriteCsv(events, buffer);

        var table = CsvParser.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
        var header = table[0];
        Assert.Equal(events.Count + 1, table.Count);
        Assert.All(table, row => Assert.Equal(header.Count, row.Count));
        var raid = table.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))
            .Single(r => r["event_date"] == "2024-03-12");
        Assert.Equal("3", raid["source_count"]);
        Assert.Equal(3, raid["source_urls"].Split(' ').Length);
        Assert.Equal("Coastal Herald; Lusophone Daily; Indian Ocean Post", raid["source_outlets"]);
    }

    [Fact]
    public void GeoJson_is_a_feature_collection_of_points_in_lon_lat_order()
    {
        var events = Unique();
        using var buffer = new MemoryStream();
        int written = EventExporter.WriteGeoJson(events, buffer);

        using var doc = JsonDocument.Parse(buffer.ToArray());
        var root = doc.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        var features = root.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(written, features.Count);
        Assert.Equal(events.Count(e => e.Latitude is not null), written);
        Assert.True(written < events.Count, "the event without a place is left out");
        foreach (var f in features)
        {
            Assert.Equal("Feature", f.GetProperty("type").GetString());
            var geometry = f.GetProperty("geometry");
            Assert.Equal("Point", geometry.GetProperty("type").GetString());
            var xy = geometry.GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray();
            Assert.Equal(2, xy.Length);
            var e = events.Single(x => x.EventId == f.GetProperty("properties").GetProperty("event_id").GetString());
            Assert.Equal(e.Longitude!.Value, xy[0], 6);
            Assert.Equal(e.Latitude!.Value, xy[1], 6);
            Assert.InRange(xy[0], -180, 180);
            Assert.InRange(xy[1], -90, 90);
        }
        // La Paz: the southern and western hemispheres keep their signs.
        var lapaz = features.Single(f => f.GetProperty("properties").GetProperty("location").GetString() == "La Paz");
        Assert.Equal([-68.15, -16.5], lapaz.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(3, features.Single(f => f.GetProperty("properties").GetProperty("event_date").GetString() == "2024-03-12")
            .GetProperty("properties").GetProperty("source_count").GetInt32());
    }

    [Fact]
    public void Plover_records_have_the_manual_fields()
    {
        var events = Unique();
        using var buffer = new MemoryStream();
        int written = EventExporter.WritePlover(events, buffer);

        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(events.Count, written);
        Assert.Equal(written, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            foreach (var field in new[] { "id", "date", "event", "mode", "context", "actor", "recipient", "event_loc", "event_text", "quad_code", "link", "cite_info", "sources" })
                Assert.True(r.TryGetProperty(field, out _), $"PLOVER record lacks {field}");
            Assert.Equal(JsonValueKind.Array, r.GetProperty("event").ValueKind);
            Assert.Equal(JsonValueKind.Array, r.GetProperty("actor").ValueKind);
        }
        using var raid = JsonDocument.Parse(lines.Single(l => l.Contains("\"date\":\"2024-03-12\"", StringComparison.Ordinal)));
        var root = raid.RootElement;
        Assert.Equal("ASSAULT", root.GetProperty("event")[0].GetString());
        Assert.Equal(4, root.GetProperty("quad_code").GetInt32());
        var actor = root.GetProperty("actor")[0];
        Assert.Equal("MOZ", actor.GetProperty("code").GetString());
        Assert.Equal("REB", actor.GetProperty("sector").GetString());
        Assert.Equal("Cabo Delgado", root.GetProperty("event_loc").GetProperty("province").GetString());
        Assert.Equal(9, root.GetProperty("size").GetProperty("dead").GetInt32());
        Assert.Equal(3, root.GetProperty("sources").GetArrayLength());
        using var aid = JsonDocument.Parse(lines.Single(l => l.Contains("\"AID\"", StringComparison.Ordinal)));
        Assert.Equal(2, aid.RootElement.GetProperty("quad_code").GetInt32());
    }

    [Fact]
    public async Task Parquet_reads_back_with_parquet_net()
    {
        var events = _store.ReadEvents(EventSelection.All).ToList();
        using var buffer = new MemoryStream();
        int written = EventExporter.WriteParquet(events, buffer);
        Assert.Equal(events.Count, written);

        buffer.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(buffer);
        Assert.Equal(EventExporter.ParquetColumnNames, reader.Schema.GetDataFields().Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(events.Count, group.RowCount);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);

        var ids = new string?[events.Count];
        await group.ReadAsync(fields["event_id"], ids.AsMemory());
        var dates = new DateTime?[events.Count];
        await group.ReadAsync<DateTime>(fields["event_date"], dates.AsMemory());
        var latitudes = new double?[events.Count];
        await group.ReadAsync<double>(fields["latitude"], latitudes.AsMemory());
        var fatalities = new int?[events.Count];
        await group.ReadAsync<int>(fields["fatalities"], fatalities.AsMemory());
        var sources = new int?[events.Count];
        await group.ReadAsync<int>(fields["source_count"], sources.AsMemory());

        Assert.Equal(events.Select(e => e.EventId), ids);
        Assert.Equal(events.Select(e => e.EventDate), dates.Select(d => d is { } t ? DateOnly.FromDateTime(t) : (DateOnly?)null));
        Assert.Equal(events.Select(e => e.Latitude), latitudes);
        Assert.Equal(events.Select(e => e.Fatalities), fatalities);
        Assert.Equal(events.Select(e => (int?)e.Sources.Count), sources);
        Assert.Contains(null, dates);
    }

    [Fact]
    public async Task Empty_parquet_still_has_the_schema()
    {
        using var buffer = new MemoryStream();
        Assert.Equal(0, EventExporter.WriteParquet([], buffer));
        buffer.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(buffer);
        Assert.Equal(EventExporter.ParquetColumnNames.Count, reader.Schema.GetDataFields().Length);
    }

    [Fact]
    public void Jsonl_lists_sources_and_clusters()
    {
        var writer = new StringWriter();
        EventExporter.WriteJsonl(Unique(), writer);
        var raid = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(r => r.GetProperty("date").GetString() == "2024-03-12");

        Assert.Equal(3, raid.GetProperty("source_count").GetInt32());
        Assert.Equal(raid.GetProperty("id").GetString(), raid.GetProperty("cluster_id").GetString());
        var first = raid.GetProperty("sources")[0];
        foreach (var field in new[] { "document", "outlet", "url", "title", "published", "article_id", "event_id" })
            Assert.True(first.TryGetProperty(field, out _), $"source lacks {field}");
    }
}

public sealed class EventStoresTests
{
    [Theory]
    [InlineData("postgres://sitrep@db.example/events", true)]
    [InlineData("postgresql://u:p@127.0.0.1:5433/x?sslmode=disable", true)]
    [InlineData("Host=localhost;Database=events;Username=sitrep", true)]
    [InlineData("server=10.0.0.5; database=events", true)]
    [InlineData("sitrep.db", false)]
    [InlineData("data/2024/events.db", false)]
    [InlineData(":memory:", false)]
    [InlineData("runs/a=b.db", false)]
    public void Tells_postgres_from_sqlite_paths(string argument, bool postgres) =>
        Assert.Equal(postgres, EventStores.IsPostgres(argument));

    [Fact]
    public void Converts_a_postgres_uri_to_an_npgsql_connection_string()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(
            EventStores.ToNpgsqlConnectionString("postgresql://ana%40field:s%3Acret@10.1.2.3:5433/conflict_events?sslmode=disable&application_name=sitrep"));
        Assert.Equal("10.1.2.3", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("ana@field", builder.Username);
        Assert.Equal("s:cret", builder.Password);
        Assert.Equal("conflict_events", builder.Database);
        Assert.Equal(Npgsql.SslMode.Disable, builder.SslMode);
        Assert.Equal("sitrep", builder.ApplicationName);
    }

    [Fact]
    public void Opens_sqlite_for_a_path()
    {
        using var db = new TempDb();
        using var store = EventStores.Open(db.Path);
        Assert.IsType<SqliteEventStore>(store);
        Assert.True(File.Exists(db.Path));
    }
}
