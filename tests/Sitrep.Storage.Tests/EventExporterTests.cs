using System.Text;
using System.Text.Json;
using Sitrep.Core;
using static Sitrep.Storage.Tests.TestData;

namespace Sitrep.Storage.Tests;

public sealed class EventExporterTests : IDisposable
{
    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SDN"] = "Sudan",
        ["NGA"] = "Nigeria",
    };

    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private List<StoredEvent> Store(params Document[] docs)
    {
        using var store = new SqliteEventStore(_db.Path);
        store.SaveBatch(docs);
        return store.ReadEvents().ToList();
    }

    private static (string Text, byte[] Bytes) Csv(IEnumerable<StoredEvent> events)
    {
        using var buffer = new MemoryStream();
        EventExporter.WriteCsv(events, buffer, Countries);
        var bytes = buffer.ToArray();
        return (Encoding.UTF8.GetString(bytes), bytes);
    }

    private static List<Dictionary<string, string>> Rows(string csv)
    {
        var table = CsvParser.Parse(csv);
        var header = table[0];
        return table.Skip(1).Select(r =>
        {
            Assert.Equal(header.Count, r.Count);
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }

    [Fact]
    public void Csv_header_is_acled_layout_then_sitrep_columns_then_extras()
    {
        var (text, _) = Csv([]);
        Assert.Equal(
            "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,country,admin1,location," +
            "latitude,longitude,geo_precision,source,notes,fatalities,plover,plover_mode,cameo,evidence," +
            "article_id,url,actor1_country,actor1_sector,actor2_country,actor2_sector,injured,size,confidence,geonames_id," +
            "event_cluster_id,article_cluster_id,source_count,source_outlets,source_urls\n",
            text);
    }

    [Fact]
    public void Csv_fields_follow_acled_semantics()
    {
        var events = Store(Sudan());
        var rows = Rows(Csv(events).Text);
        var shelling = rows.Single(r => r["event_id_cnty"].EndsWith("-001", StringComparison.Ordinal));
        var clash = rows.Single(r => r["event_id_cnty"].EndsWith("-002", StringComparison.Ordinal));
        string articleId = ArticleKey.Compute(SudanText);

        Assert.Equal("SDN" + articleId[..12] + "-001", shelling["event_id_cnty"]);
        Assert.Equal("2024-05-14", shelling["event_date"]);
        Assert.Equal("2024", shelling["year"]);
        Assert.Equal("1", shelling["time_precision"]);
        Assert.Equal("2", clash["time_precision"]);
        Assert.Equal("Explosions/Remote violence", shelling["event_type"]);
        Assert.Equal("Shelling/artillery/missile attack", shelling["sub_event_type"]);
        Assert.Equal("Military Forces of Sudan", shelling["actor1"]);
        Assert.Equal("Civilians (Sudan)", shelling["actor2"]);
        Assert.Equal("Sudan", shelling["country"]);
        Assert.Equal("North Darfur", shelling["admin1"]);
        Assert.Equal("El Fasher", shelling["location"]);
        Assert.Equal("13.62793", shelling["latitude"]);
        Assert.Equal("25.34936", shelling["longitude"]);
        Assert.Equal("1", shelling["geo_precision"]);
        Assert.Equal("2", clash["geo_precision"]);
        Assert.Equal("Radio Dabanga; AP; Reuters", shelling["source"]);
        Assert.Equal("Military Forces of Sudan → Civilians (Sudan): Shelling/artillery/missile attack (ASSAULT) at El Fasher on 2024-05-14",
            shelling["notes"]);
        Assert.Equal("12", shelling["fatalities"]);
        Assert.Equal("0", clash["fatalities"]); // unknown is 0, as in ACLED
        Assert.Equal("30", clash["injured"]);
        Assert.Equal("", clash["size"]);
        Assert.Equal("ASSAULT", shelling["plover"]);
        Assert.Equal("195", shelling["cameo"]);
        Assert.Equal(SudanText[..SudanText.IndexOf('\n')], shelling["evidence"]);
        Assert.Equal(articleId, shelling["article_id"]);
        Assert.Equal("https://example.org/sudan", shelling["url"]);
        Assert.Equal("SDN", shelling["actor1_country"]);
        Assert.Equal("MIL", shelling["actor1_sector"]);
        Assert.Equal("CVL", shelling["actor2_sector"]);
        Assert.Equal("0.8", shelling["confidence"]);
        Assert.Equal("379062", shelling["geonames_id"]);
    }

    [Fact]
    public void Csv_without_location_uses_XXX_and_unknown_country_falls_back_to_iso3()
    {
        var doc = Article("nolocation", "Gunmen abducted 20 villagers overnight, residents said.", credits: []);
        AddEvent(doc, doc.Text, "ASSAULT", "abducted",
            acled: new AcledType("Violence against civilians", "Abduction/forced disappearance"), date: null);
        var bolivia = Bolivia();

        var rows = Rows(Csv(Store(doc, bolivia)).Text);

        var abduction = rows.Single(r => r["event_id_cnty"].StartsWith("XXX", StringComparison.Ordinal));
        Assert.Equal("", abduction["country"]);
        Assert.Equal("", abduction["event_date"]);
        Assert.Equal("3", abduction["time_precision"]);
        Assert.Equal("", abduction["geo_precision"]);
        Assert.Equal("Abduction/forced disappearance (ASSAULT)", abduction["notes"]);
        var protest = rows.Single(r => r["event_id_cnty"].StartsWith("BOL", StringComparison.Ordinal));
        Assert.Equal("BOL", protest["country"]);
        Assert.Equal("-16.5", protest["latitude"]); // numbers are never prefixed
        Assert.Equal("Andes Wire", protest["source"]);
        Assert.Equal("Protesters (Bolivia): Peaceful protest (PROTEST) at La Paz on 2024-05-17", protest["notes"]);
    }

    [Fact]
    public void Csv_round_trips_quotes_commas_newlines_and_neutralises_formulas()
    {
        const string text =
            "=cmd|' /C calc'!A0, a \"payload\" said the <script>alert(1)</script> page.\r\nNext line, here.\n" +
            "Jihadists attacked a base in Borno, killing \"several\" soldiers; officials said.";
        var doc = Article("hostile", text, title: "@SUM(1+1)", outlet: "+Wire, \"Daily\"", credits: ["-AP"]);
        string evidence = text[..text.IndexOf("here.", StringComparison.Ordinal)] + "here.";
        AddEvent(doc, evidence, "ASSAULT", "payload",
            actor1: new ActorMention(0, 4, "=cmd", new Actor("=HYPERLINK(\"http://x\")", null, null, null)),
            location: Place(doc, "Borno", "Borno", "NGA", "Borno", 11.5, 13.0, 2346794, "admin1"),
            date: new DateOnly(2023, 1, 2));
        AddEvent(doc, "Jihadists attacked a base in Borno, killing \"several\" soldiers; officials said.", "ASSAULT", "attacked",
            acled: new AcledType("Battles", "Armed clash"), date: new DateOnly(2023, 1, 3));

        var (csv, bytes) = Csv(Store(doc));
        var rows = Rows(csv);

        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal("'" + evidence, first["evidence"]);
        Assert.Contains("<script>alert(1)</script>", first["evidence"]);
        Assert.Contains("\r\n", first["evidence"]);
        Assert.Equal("'=HYPERLINK(\"http://x\")", first["actor1"]);
        Assert.Equal("'+Wire, \"Daily\"; -AP", first["source"]);
        Assert.Equal("Nigeria", first["country"]);
        Assert.DoesNotContain('\n', first["notes"]);
        Assert.Equal("Jihadists attacked a base in Borno, killing \"several\" soldiers; officials said.", rows[1]["evidence"]);
        // UTF-8 without BOM, and the rows end in "\n" (CR only inside quoted data).
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.EndsWith("\n", csv);
        Assert.Equal(2, csv.Split("\r\n").Length); // the one CR LF is the evidence's own
    }

    [Fact]
    public void Formula_prefixes_are_detected()
    {
        foreach (var value in new[] { "=1+1", "+1", "-2", "@A1", "\tx", "\rx" })
            Assert.True(EventExporter.IsFormulaLike(value), value);
        foreach (var value in new[] { "", "Sudan", "'=1", " =1", "1-2" })
            Assert.False(EventExporter.IsFormulaLike(value), value);
    }

    [Fact]
    public void Jsonl_has_one_record_per_event_with_article_fields()
    {
        var events = Store(Sudan(), Bolivia());
        using var buffer = new MemoryStream();

        int written = EventExporter.WriteJsonl(events, buffer);

        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n');
        Assert.Equal(3, written);
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[^1]);
        for (int i = 0; i < 3; i++)
        {
            using var record = JsonDocument.Parse(lines[i]);
            var root = record.RootElement;
            Assert.Equal(events[i].EventId, root.GetProperty("id").GetString());
            Assert.Equal(events[i].ArticleId, root.GetProperty("article_id").GetString());
            Assert.Equal(events[i].Title, root.GetProperty("article_title").GetString());
            Assert.Equal(events[i].Outlet, root.GetProperty("outlet").GetString());
            Assert.Equal(events[i].EvidenceText, root.GetProperty("evidence").GetProperty("text").GetString());
            Assert.True(root.TryGetProperty("url", out _));
            Assert.True(root.TryGetProperty("plover", out _));
        }
        using var protest = JsonDocument.Parse(lines[2]);
        Assert.Equal(JsonValueKind.Null, protest.RootElement.GetProperty("url").ValueKind);
        Assert.Equal("Peaceful protest", protest.RootElement.GetProperty("acled").GetProperty("sub_event_type").GetString());
    }

    [Fact]
    public void Jsonl_text_writer_matches_stream_output()
    {
        var events = Store(Sudan());
        using var buffer = new MemoryStream();
        EventExporter.WriteJsonl(events, buffer);
        var writer = new StringWriter();
        EventExporter.WriteJsonl(events, writer);

        Assert.Equal(Encoding.UTF8.GetString(buffer.ToArray()), writer.ToString());
    }

    [Fact]
    public void Csv_parser_used_by_these_tests_handles_rfc4180()
    {
        var table = CsvParser.Parse("a,b\n\"x,\"\"y\"\"\nz\",\n");
        Assert.Equal(["a", "b"], table[0]);
        Assert.Equal(["x,\"y\"\nz", ""], table[1]);
    }
}

/// <summary>A strict RFC 4180 reader, written for these tests.</summary>
internal static class CsvParser
{
    public static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < csv.Length)
        {
            if (csv[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= csv.Length) throw new FormatException("unterminated quoted field");
                    if (csv[i] == '"')
                    {
                        if (i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(csv[i++]);
                }
                if (i < csv.Length && csv[i] is not (',' or '\n')) throw new FormatException($"text after closing quote at {i}");
                continue;
            }
            char c = csv[i++];
            if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
            else if (c is '"' or '\r') throw new FormatException($"bare {(c == '"' ? "quote" : "CR")} at {i - 1}");
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) throw new FormatException("last row not terminated by \\n");
        return rows;
    }
}

public sealed class CountryNamesTests
{
    [Fact]
    public void Default_names_come_from_the_countries_table()
    {
        Assert.Equal("Sudan", CountryNames.Default["SDN"]);
        Assert.Equal("Sudan", CountryNames.Default["sdn"]);
    }
}
