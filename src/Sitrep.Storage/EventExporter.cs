using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sitrep.Core;

namespace Sitrep.Storage;

/// <summary>
/// Writes stored events as CSV in ACLED's column layout (plus Sitrep's own columns), JSONL records,
/// GeoJSON, PLOVER JSONL or Parquet. CSV is RFC 4180, UTF-8 without BOM, "\n" line ends, with a header row.
/// </summary>
public static partial class EventExporter
{
    /// <summary>The CSV header, in order: ACLED's columns, then Sitrep's, then extras.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
        "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
        "plover", "plover_mode", "cameo", "evidence",
        "article_id", "url", "actor1_country", "actor1_sector", "actor2_country", "actor2_sector", "injured", "size",
        "confidence", "geonames_id",
        "event_cluster_id", "article_cluster_id", "source_count", "source_outlets", "source_urls",
    ];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes CSV as UTF-8 without BOM; returns the number of events written. Leaves the stream open.</summary>
    public static int WriteCsv(IEnumerable<StoredEvent> events, Stream output,
        IReadOnlyDictionary<string, string>? countryNamesByIso3 = null)
    {
        using var writer = new StreamWriter(output, Utf8NoBom, 1 << 16, leaveOpen: true);
        return WriteCsv(events, writer, countryNamesByIso3);
    }

    /// <summary>Writes CSV rows ending in "\n" whatever <paramref name="writer"/>'s NewLine is.</summary>
    /// <param name="countryNamesByIso3">English country names by ISO3; default: data/countries.tsv.</param>
    public static int WriteCsv(IEnumerable<StoredEvent> events, TextWriter writer,
        IReadOnlyDictionary<string, string>? countryNamesByIso3 = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(writer);
        var countryNames = countryNamesByIso3 ?? CountryNames.Default;
        var csv = new CsvRowWriter(writer);
        foreach (var column in CsvColumns) csv.Raw(column);
        csv.EndRow();

        int count = 0;
        foreach (var e in events)
        {
            string? countryName = CountryName(countryNames, e.LocationCountry);
            csv.Text(Iso3OrUnknown(e.LocationCountry) + e.EventId);
            csv.Raw(FormatDate(e.EventDate));
            csv.Raw(e.EventDate?.Year.ToString(CultureInfo.InvariantCulture));
            csv.Raw(TimePrecision(e).ToString(CultureInfo.InvariantCulture));
            csv.Text(e.AcledEventType);
            csv.Text(e.AcledSubEventType);
            csv.Text(Actor1(e));
            csv.Text(Actor2(e));
            csv.Text(countryName);
            csv.Text(e.LocationAdmin1);
            csv.Text(Location(e));
            csv.Raw(FormatNumber(e.Latitude, 5));
            csv.Raw(FormatNumber(e.Longitude, 5));
            csv.Raw(GeoPrecision(e.LocationFeature)?.ToString(CultureInfo.InvariantCulture));
            csv.Text(Source(e));
            csv.Text(Notes(e));
            // ACLED records unknown fatalities as 0.
            csv.Raw((e.Fatalities ?? 0).ToString(CultureInfo.InvariantCulture));
            csv.Text(e.Plover);
            csv.Text(e.PloverMode);
            csv.Text(e.Cameo);
            csv.Text(e.EvidenceText);
            csv.Text(e.ArticleId);
            csv.Text(e.Url);
            csv.Text(e.Actor1Country);
            csv.Text(e.Actor1Sector);
            csv.Text(e.Actor2Country);
            csv.Text(e.Actor2Sector);
            csv.Raw(e.Injured?.ToString(CultureInfo.InvariantCulture));
            csv.Raw(e.Size?.ToString(CultureInfo.InvariantCulture));
            csv.Raw(FormatNumber(e.Confidence, 3));
            csv.Raw(e.GeonamesId?.ToString(CultureInfo.InvariantCulture));
            csv.Text(e.ClusterId);
            csv.Text(e.ArticleClusterId);
            csv.Raw(e.Sources.Count.ToString(CultureInfo.InvariantCulture));
            csv.Text(SourceOutlets(e));
            csv.Text(SourceUrls(e));
            csv.EndRow();
            count++;
        }
        writer.Flush();
        return count;
    }

    /// <summary>
    /// Writes one event per line: the stored record (INTERFACE.md event shape, with the store's id)
    /// plus article_id, article_title, outlet and url. Returns the number of events written.
    /// </summary>
    public static int WriteJsonl(IEnumerable<StoredEvent> events, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return WriteJsonl(events, line =>
        {
            output.Write(line);
            output.WriteByte((byte)'\n');
        }, output.Flush);
    }

    public static int WriteJsonl(IEnumerable<StoredEvent> events, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return WriteJsonl(events, line =>
        {
            writer.Write(Encoding.UTF8.GetString(line));
            writer.Write('\n');
        }, writer.Flush);
    }

    private delegate void LineSink(ReadOnlySpan<byte> line);

    private static int WriteJsonl(IEnumerable<StoredEvent> events, LineSink sink, Action flush)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, RecordWriter.CompactOptions);
        int count = 0;
        foreach (var e in events)
        {
            buffer.Clear();
            json.Reset(buffer);
            using (var record = JsonDocument.Parse(e.RecordJson))
            {
                json.WriteStartObject();
                foreach (var property in record.RootElement.EnumerateObject()) property.WriteTo(json);
                json.WriteString("article_id", e.ArticleId);
                json.WriteString("article_title", e.Title);
                json.WriteString("outlet", e.Outlet);
                json.WriteString("url", e.Url);
                json.WriteString("cluster_id", e.ClusterId);
                json.WriteString("article_cluster_id", e.ArticleClusterId);
                json.WriteNumber("source_count", e.Sources.Count);
                json.WriteStartArray("sources");
                foreach (var source in e.Sources) WriteSource(json, source);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.Flush();
            sink(buffer.WrittenSpan);
            count++;
        }
        flush();
        return count;
    }

    private static void WriteSource(Utf8JsonWriter json, EventSource source)
    {
        json.WriteStartObject();
        json.WriteString("document", source.DocumentKey);
        json.WriteString("outlet", source.Outlet);
        json.WriteString("url", source.Url);
        json.WriteString("title", source.Title);
        json.WriteString("published", FormatDate(source.Published));
        json.WriteString("article_id", source.ArticleId);
        json.WriteString("event_id", source.EventId);
        json.WriteEndObject();
    }

    /// <summary>The sources' outlets, without repeats, joined with "; ".</summary>
    public static string SourceOutlets(StoredEvent e) =>
        string.Join("; ", e.Sources.Select(s => s.Outlet?.Trim()).Where(o => !string.IsNullOrEmpty(o)).Distinct(StringComparer.OrdinalIgnoreCase));

    /// <summary>The sources' URLs joined with a space (URLs hold no spaces).</summary>
    public static string SourceUrls(StoredEvent e) =>
        string.Join(" ", e.Sources.Select(s => s.Url).Where(u => !string.IsNullOrEmpty(u)));

    /// <summary>ACLED time precision: 1 = day, 2 = week or a few days, 3 = month or vaguer (and unknown).</summary>
    public static int TimePrecision(StoredEvent e)
    {
        if (e.EventDate is null) return 3;
        return e.DatePrecision switch
        {
            DatePrecision.Day => 1,
            DatePrecision.Week => 2,
            // A range of unknown width is treated as vaguer than a week.
            _ => 3,
        };
    }

    /// <summary>ACLED geo precision: 1 = town or a named point, 2 = region (admin1/admin2), 3 = country.</summary>
    public static int? GeoPrecision(string? feature) => feature switch
    {
        null or "" => null,
        "city" or "other" => 1,
        "country" => 3,
        _ => 2,
    };

    /// <summary>Leading characters that make a spreadsheet read a cell as a formula.</summary>
    public static bool IsFormulaLike(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static string? CountryName(IReadOnlyDictionary<string, string> names, string? iso3)
    {
        if (string.IsNullOrEmpty(iso3)) return null;
        return names.TryGetValue(iso3, out var name) ? name : iso3;
    }

    private static string Iso3OrUnknown(string? iso3) =>
        iso3 is { Length: 3 } && iso3.All(char.IsAsciiLetterUpper) ? iso3 : "XXX";

    private static string? Actor1(StoredEvent e) => e.Actor1Name ?? e.Actor1Text;

    private static string? Actor2(StoredEvent e) => e.Actor2Name ?? e.Actor2Text;

    private static string? Location(StoredEvent e) => e.LocationName ?? e.LocationText;

    /// <summary>The outlet and the agencies credited, without repeats: "RFE/RL; AP; AFP; Reuters".</summary>
    public static string Source(StoredEvent e)
    {
        var parts = new List<string>();
        foreach (var name in (IEnumerable<string?>)[e.Outlet, .. e.Credits])
        {
            var trimmed = name?.Trim();
            if (!string.IsNullOrEmpty(trimmed) && !parts.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
                parts.Add(trimmed);
        }
        return string.Join("; ", parts);
    }

    /// <summary>One line: "Actor1 → Actor2: Sub-event type (PLOVER) at Location on YYYY-MM-DD".</summary>
    public static string Notes(StoredEvent e)
    {
        var sb = new StringBuilder();
        string? actor1 = Actor1(e), actor2 = Actor2(e);
        if (actor1 is not null || actor2 is not null)
        {
            sb.Append(actor1 ?? "unidentified actor");
            if (actor2 is not null) sb.Append(" → ").Append(actor2);
            sb.Append(": ");
        }
        if ((e.AcledSubEventType ?? e.AcledEventType) is { } acled) sb.Append(acled).Append(" (").Append(e.Plover).Append(')');
        else sb.Append(e.Plover);
        if (Location(e) is { } location) sb.Append(" at ").Append(location);
        if (e.EventDate is { } date) sb.Append(" on ").Append(FormatDate(date));
        return OneLine(sb.ToString());
    }

    private static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? FormatNumber(double? value, int digits) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, digits).ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>Writes RFC 4180 fields: quoted only when they hold a comma, quote, CR or LF.</summary>
    private sealed class CsvRowWriter(TextWriter writer)
    {
        private bool _rowStarted;

        /// <summary>A text field from the data: neutralised against spreadsheet formulas.</summary>
        public void Text(string? value) =>
            Raw(value is not null && IsFormulaLike(value) ? "'" + value : value);

        public void Raw(string? value)
        {
            if (_rowStarted) writer.Write(',');
            _rowStarted = true;
            if (string.IsNullOrEmpty(value)) return;
            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                writer.Write(value);
                return;
            }
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }

        public void EndRow()
        {
            writer.Write('\n');
            _rowStarted = false;
        }
    }
}

/// <summary>English country names by ISO3, read once from data/countries.tsv.</summary>
public static class CountryNames
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> _default = new(Load);

    /// <summary>The names from data/countries.tsv; empty when the file cannot be found.</summary>
    public static IReadOnlyDictionary<string, string> Default => _default.Value;

    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in TsvReader.Read(path))
        {
            if (row.Get("iso3") is { } iso3 && row.Get("name") is { } name) names.TryAdd(iso3, name);
        }
        return names;
    }

    private static IReadOnlyDictionary<string, string> Load()
    {
        string path;
        try
        {
            path = RepositoryPaths.Data("countries.tsv");
        }
        catch (DirectoryNotFoundException)
        {
            return new Dictionary<string, string>();
        }
        return File.Exists(path) ? Load(path) : new Dictionary<string, string>();
    }
}
