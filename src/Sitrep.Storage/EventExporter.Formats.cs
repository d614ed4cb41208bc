using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Sitrep.Core;
using Sitrep.Dedup;

namespace Sitrep.Storage;

public static partial class EventExporter
{
    /// <summary>Events per Parquet row group: large enough for good compression, small enough to bound memory.</summary>
    public const int ParquetRowGroupSize = 50_000;

    /// <summary>
    /// Writes a GeoJSON FeatureCollection (RFC 7946): one Point feature per located event, coordinates
    /// in [longitude, latitude] order (WGS 84), flat properties for QGIS. Events without coordinates
    /// are left out. Returns the number of features written.
    /// </summary>
    public static int WriteGeoJson(IEnumerable<StoredEvent> events, Stream output,
        IReadOnlyDictionary<string, string>? countryNamesByIso3 = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        var countryNames = countryNamesByIso3 ?? CountryNames.Default;
        using var w = new Utf8JsonWriter(output, RecordWriter.CompactOptions);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        int count = 0;
        foreach (var e in events)
        {
            if (e.Latitude is not { } lat || e.Longitude is not { } lon || !double.IsFinite(lat) || !double.IsFinite(lon)) continue;
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteString("id", e.EventId);
            w.WriteStartObject("geometry");
            w.WriteString("type", "Point");
            w.WriteStartArray("coordinates");
            // RFC 7946 §3.1.1: longitude first; 6 decimals is about 10 cm, more is noise (§11.2).
            w.WriteNumberValue(Math.Round(lon, 6));
            w.WriteNumberValue(Math.Round(lat, 6));
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("event_id", e.EventId);
            w.WriteString("cluster_id", e.ClusterId);
            w.WriteString("event_date", FormatDate(e.EventDate));
            w.WriteNumber("time_precision", TimePrecision(e));
            w.WriteString("plover", e.Plover);
            w.WriteString("plover_mode", e.PloverMode);
            w.WriteString("cameo", e.Cameo);
            w.WriteString("event_type", e.AcledEventType);
            w.WriteString("sub_event_type", e.AcledSubEventType);
            w.WriteString("actor1", Actor1(e));
            w.WriteString("actor1_country", e.Actor1Country);
            w.WriteString("actor1_sector", e.Actor1Sector);
            w.WriteString("actor2", Actor2(e));
            w.WriteString("actor2_country", e.Actor2Country);
            w.WriteString("actor2_sector", e.Actor2Sector);
            w.WriteString("location", Location(e));
            w.WriteString("admin1", e.LocationAdmin1);
            w.WriteString("country", CountryName(countryNames, e.LocationCountry));
            w.WriteString("country_iso3", e.LocationCountry);
            WriteNumberOrNull(w, "geo_precision", GeoPrecision(e.LocationFeature));
            WriteNumberOrNull(w, "geonames_id", e.GeonamesId);
            WriteNumberOrNull(w, "fatalities", e.Fatalities);
            WriteNumberOrNull(w, "injured", e.Injured);
            WriteNumberOrNull(w, "size", e.Size);
            w.WriteNumber("confidence", Math.Round(e.Confidence, 3));
            w.WriteString("notes", Notes(e));
            w.WriteString("evidence", e.EvidenceText);
            w.WriteString("source", Source(e));
            w.WriteNumber("source_count", e.Sources.Count);
            w.WriteString("source_outlets", SourceOutlets(e));
            w.WriteString("source_urls", SourceUrls(e));
            w.WriteString("article_id", e.ArticleId);
            w.WriteString("url", e.Url);
            w.WriteEndObject();
            w.WriteEndObject();
            count++;
            if (w.BytesPending > 1 << 16) w.Flush();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        return count;
    }

    /// <summary>
    /// Writes one PLOVER record per line (the PLOVER manual's "Data Fields" chapter): id, date,
    /// event, mode, context, actor and recipient (entity objects), event_loc, event_text,
    /// text_info, quad_code, size (dead/injured), link (the event cluster), cite_info and, for
    /// several reports, sources. Returns the number of records.
    /// </summary>
    public static int WritePlover(IEnumerable<StoredEvent> events, Stream output,
        IReadOnlyDictionary<string, string>? countryNamesByIso3 = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        var countryNames = countryNamesByIso3 ?? CountryNames.Default;
        using var w = new Utf8JsonWriter(output, RecordWriter.CompactOptions);
        int count = 0;
        foreach (var e in events)
        {
            w.WriteStartObject();
            w.WriteString("id", e.EventId);
            w.WriteString("date", FormatDate(e.EventDate));
            w.WriteString("date_precision", e.DatePrecision.ToString().ToLowerInvariant());
            w.WriteStartArray("event");
            w.WriteStringValue(e.Plover);
            w.WriteEndArray();
            if (e.PloverMode is { Length: > 0 } mode)
            {
                w.WriteStartArray("mode");
                w.WriteStringValue(mode);
                w.WriteEndArray();
            }
            else w.WriteNull("mode");
            // Sitrep codes no context: the manual asks for null rather than a guess.
            w.WriteNull("context");
            WriteNumberOrNull(w, "quad_code", EventMatching.Quad(e.Plover));
            w.WriteStartArray("actor");
            WriteEntity(w, e.Actor1Text, e.Actor1Name, e.Actor1Country, e.Actor1Sector, e.Actor1Code);
            w.WriteEndArray();
            w.WriteStartArray("recipient");
            WriteEntity(w, e.Actor2Text, e.Actor2Name, e.Actor2Country, e.Actor2Sector, e.Actor2Code);
            w.WriteEndArray();
            if (e.Latitude is { } lat && e.Longitude is { } lon)
            {
                w.WriteStartObject("event_loc");
                w.WriteString("extracted_place", e.LocationText);
                w.WriteString("resolved_place", e.LocationName);
                WriteNumberOrNull(w, "geonameid", e.GeonamesId);
                w.WriteNumber("lat", lat);
                w.WriteNumber("lon", lon);
                w.WriteString("province", e.LocationAdmin1);
                w.WriteString("country", CountryName(countryNames, e.LocationCountry));
                w.WriteString("country_code", e.LocationCountry);
                WriteNumberOrNull(w, "resolution", PloverResolution(e.LocationFeature));
                w.WriteEndObject();
            }
            else w.WriteNull("event_loc");
            w.WriteStartArray("event_text");
            w.WriteStringValue(e.EvidenceText);
            w.WriteEndArray();
            w.WriteStartObject("text_info");
            w.WriteNumber("start", e.EvidenceStart);
            w.WriteNumber("end", e.EvidenceEnd);
            w.WriteEndObject();
            w.WriteStartObject("size");
            WriteNumberOrNull(w, "dead", e.Fatalities);
            WriteNumberOrNull(w, "injured", e.Injured);
            WriteNumberOrNull(w, "people", e.Size);
            w.WriteEndObject();
            w.WriteString("link", e.ClusterId);
            w.WriteStartObject("cite_info");
            w.WriteString("url", e.Url);
            w.WriteString("title", e.Title);
            w.WriteString("publication", e.Outlet);
            w.WriteString("citation", e.ArticleId);
            w.WriteString("coder", "Sitrep");
            w.WriteString("codebook", "plover-0.8");
            w.WriteEndObject();
            w.WriteNumber("source_count", e.Sources.Count);
            w.WriteStartArray("sources");
            foreach (var source in e.Sources)
            {
                w.WriteStartObject();
                w.WriteString("url", source.Url);
                w.WriteString("title", source.Title);
                w.WriteString("publication", source.Outlet);
                w.WriteString("published", FormatDate(source.Published));
                w.WriteString("citation", source.DocumentKey);
                w.WriteString("event_id", source.EventId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("cameo", e.Cameo);
            w.WriteString("acled_event_type", e.AcledEventType);
            w.WriteString("acled_sub_event_type", e.AcledSubEventType);
            w.WriteNumber("confidence", Math.Round(e.Confidence, 3));
            w.WriteEndObject();
            w.Flush();
            w.Reset();
            output.WriteByte((byte)'\n');
            count++;
        }
        output.Flush();
        return count;
    }

    /// <summary>
    /// Writes a Parquet file (Parquet.Net): one flat row per event, nullable typed columns
    /// (event_date as a DATE, read back by Parquet.Net as DateTime; counts as INT32, coordinates as DOUBLE), in row groups of
    /// <see cref="ParquetRowGroupSize"/>. Needs a seekable or at least writable binary stream; returns the row count.
    /// </summary>
    public static int WriteParquet(IEnumerable<StoredEvent> events, Stream output) =>
        WriteParquetAsync(events, output).GetAwaiter().GetResult();

    public static async Task<int> WriteParquetAsync(IEnumerable<StoredEvent> events, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        var columns = ParquetColumns;
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        int count = 0;
        await using (var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var rows = new List<StoredEvent>(Math.Min(ParquetRowGroupSize, 4096));
            async Task Flush()
            {
                using var group = writer.CreateRowGroup();
                foreach (var column in columns) await column.Write(group, rows).ConfigureAwait(false);
                rows.Clear();
            }
            foreach (var e in events)
            {
                rows.Add(e);
                count++;
                if (rows.Count == ParquetRowGroupSize) await Flush().ConfigureAwait(false);
            }
            // An empty export still gets one (empty) row group, so readers see the schema.
            if (rows.Count > 0 || count == 0) await Flush().ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The Parquet columns, in order.</summary>
    public static IReadOnlyList<string> ParquetColumnNames => ParquetColumns.Select(c => c.Field.Name).ToArray();

    private sealed record ParquetColumn(DataField Field, Func<ParquetRowGroupWriter, List<StoredEvent>, Task> Write);

    private static readonly ParquetColumn[] ParquetColumns =
    [
        Text("event_id", e => e.EventId),
        Text("cluster_id", e => e.ClusterId),
        Text("article_cluster_id", e => e.ArticleClusterId),
        Text("article_id", e => e.ArticleId),
        Value<int>("ordinal", e => e.Ordinal),
        Value<DateOnly>("event_date", e => e.EventDate),
        Text("date_precision", e => e.DatePrecision.ToString().ToLowerInvariant()),
        Value<int>("time_precision", e => TimePrecision(e)),
        Text("plover", e => e.Plover),
        Text("plover_mode", e => e.PloverMode),
        Text("cameo", e => e.Cameo),
        Text("event_type", e => e.AcledEventType),
        Text("sub_event_type", e => e.AcledSubEventType),
        Text("actor1_text", e => e.Actor1Text),
        Text("actor1", e => e.Actor1Name),
        Text("actor1_country", e => e.Actor1Country),
        Text("actor1_sector", e => e.Actor1Sector),
        Text("actor1_code", e => e.Actor1Code),
        Text("actor2_text", e => e.Actor2Text),
        Text("actor2", e => e.Actor2Name),
        Text("actor2_country", e => e.Actor2Country),
        Text("actor2_sector", e => e.Actor2Sector),
        Text("actor2_code", e => e.Actor2Code),
        Text("location_text", e => e.LocationText),
        Text("location", e => e.LocationName),
        Text("country_iso3", e => e.LocationCountry),
        Text("admin1", e => e.LocationAdmin1),
        Value<double>("latitude", e => e.Latitude),
        Value<double>("longitude", e => e.Longitude),
        Value<long>("geonames_id", e => e.GeonamesId),
        Text("location_feature", e => e.LocationFeature),
        Value<int>("geo_precision", e => GeoPrecision(e.LocationFeature)),
        Value<int>("fatalities", e => e.Fatalities),
        Value<int>("injured", e => e.Injured),
        Value<int>("size", e => e.Size),
        Text("evidence", e => e.EvidenceText),
        Value<int>("evidence_start", e => e.EvidenceStart),
        Value<int>("evidence_end", e => e.EvidenceEnd),
        Value<double>("confidence", e => e.Confidence),
        Text("outlet", e => e.Outlet),
        Text("url", e => e.Url),
        Text("title", e => e.Title),
        Text("source", e => Source(e)),
        Value<int>("source_count", e => e.Sources.Count),
        Text("source_outlets", e => SourceOutlets(e)),
        Text("source_urls", e => SourceUrls(e)),
    ];

    private static ParquetColumn Text(string name, Func<StoredEvent, string?> get)
    {
        var field = new DataField(name, typeof(string), isNullable: true);
        return new(field, (group, rows) => group.WriteAsync(field, rows.Select(get).ToArray()!));
    }

    private static ParquetColumn Value<T>(string name, Func<StoredEvent, T?> get) where T : struct
    {
        var field = new DataField(name, typeof(T), isNullable: true);
        return new(field, (group, rows) => group.WriteAsync(field, new ReadOnlyMemory<T?>(rows.Select(get).ToArray())));
    }

    private static void WriteEntity(Utf8JsonWriter w, string? text, string? name, string? country, string? sector, string? code)
    {
        if (text is null && name is null && country is null && sector is null) return;
        w.WriteStartObject();
        w.WriteString("code", country);
        w.WriteString("sector", sector);
        w.WriteString("entity_text", text);
        w.WriteString("identifier_text", name);
        w.WriteString("cameo_code", code);
        w.WriteEndObject();
    }

    /// <summary>The PLOVER/Mordecai resolution code: 5 sub-city, 4 city, 3 district, 2 province, 1 country.</summary>
    private static int? PloverResolution(string? feature) => feature switch
    {
        "other" => 5,
        "city" => 4,
        "admin2" => 3,
        "admin1" => 2,
        "country" => 1,
        _ => null,
    };

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
