using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sitrep.Core;

/// <summary>Writes the analysis record of ../shared/INTERFACE.md (docs/record.schema.json).</summary>
public static class RecordWriter
{
    public static readonly JsonWriterOptions CompactOptions = new()
    {
        // Page text is untrusted: keep '<', '>' and '&' escaped so a record pasted into HTML stays inert.
        Encoder = JavaScriptEncoder.Default,
        Indented = false,
    };

    public static string ToJson(Document doc, bool indented = false, bool articleOnly = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions with { Indented = indented }))
            Write(writer, doc, articleOnly);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter w, Document doc, bool articleOnly = false)
    {
        w.WriteStartObject();
        w.WriteString("id", doc.Id);
        WriteArticle(w, doc);
        if (!articleOnly)
        {
            w.WriteStartArray("entities");
            foreach (var e in doc.Entities)
            {
                w.WriteStartObject();
                WriteSpan(w, e.Text, e.Start, e.End);
                w.WriteString("type", e.Type);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("times");
            foreach (var t in doc.Times)
            {
                w.WriteStartObject();
                WriteSpan(w, t.Text, t.Start, t.End);
                w.WriteString("type", t.Type);
                w.WriteString("value", t.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("places");
            foreach (var p in doc.Places) WritePlace(w, p);
            w.WriteEndArray();

            w.WriteStartArray("events");
            foreach (var ev in doc.Events.Where(e => !e.Negated)) WriteEvent(w, doc, ev);
            w.WriteEndArray();
        }
        if (doc.Error is { } error)
        {
            w.WriteStartObject("error");
            w.WriteString("code", error.Code);
            w.WriteString("message", error.Message);
            if (error.Stage is not null) w.WriteString("stage", error.Stage);
            w.WriteEndObject();
        }
        if (doc.Warnings.Count > 0)
        {
            w.WriteStartArray("warnings");
            foreach (var warning in doc.Warnings)
            {
                w.WriteStartObject();
                w.WriteString("code", warning.Code);
                w.WriteString("message", warning.Message);
                if (warning.Stage is not null) w.WriteString("stage", warning.Stage);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteArticle(Utf8JsonWriter w, Document doc)
    {
        var a = doc.Article;
        w.WriteStartObject("article");
        w.WriteString("title", a?.Title);
        w.WriteString("text", a?.Text ?? string.Empty);
        WriteDate(w, "published", a?.Published);
        WriteStrings(w, "authors", a?.Authors ?? []);
        w.WriteString("outlet", a?.Outlet);
        w.WriteString("language", a?.Language);
        WriteStrings(w, "credits", a?.Credits ?? []);
        w.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter w, Document doc, EventRecord ev)
    {
        w.WriteStartObject();
        w.WriteString("id", ev.Id);
        w.WriteString("plover", ev.Plover);
        w.WriteString("plover_mode", ev.PloverMode);
        w.WriteString("cameo", ev.Cameo);
        if (ev.Acled is { } acled)
        {
            w.WriteStartObject("acled");
            w.WriteString("event_type", acled.EventType);
            w.WriteString("sub_event_type", acled.SubEventType);
            w.WriteEndObject();
        }
        else w.WriteNull("acled");
        WriteDate(w, "date", ev.Date);
        w.WriteString("date_precision", ev.DatePrecision.ToString().ToLowerInvariant());
        WriteActor(w, "actor1", ev.Actor1);
        WriteActor(w, "actor2", ev.Actor2);
        if (ev.Location is { } location)
        {
            w.WritePropertyName("location");
            WritePlace(w, location);
        }
        else w.WriteNull("location");
        WriteInt(w, "fatalities", ev.Fatalities);
        WriteInt(w, "injured", ev.Injured);
        WriteInt(w, "size", ev.Size);
        w.WriteStartObject("evidence");
        WriteSpan(w, doc.Slice(ev.Evidence.Start, ev.Evidence.End), ev.Evidence.Start, ev.Evidence.End);
        w.WriteEndObject();
        w.WriteStartObject("trigger");
        WriteSpan(w, doc.Slice(ev.Trigger.Start, ev.Trigger.End), ev.Trigger.Start, ev.Trigger.End);
        w.WriteEndObject();
        w.WriteNumber("confidence", Math.Round(ev.Confidence, 3));
        w.WriteEndObject();
    }

    public static void WriteActor(Utf8JsonWriter w, string property, ActorMention? mention)
    {
        if (mention is null)
        {
            w.WriteNull(property);
            return;
        }
        w.WriteStartObject(property);
        w.WriteString("text", mention.Text);
        w.WriteString("name", mention.Actor.Name);
        w.WriteString("country", mention.Actor.Country);
        w.WriteString("sector", mention.Actor.Sector);
        w.WriteString("code", mention.Actor.Code);
        w.WriteNumber("start", mention.Start);
        w.WriteNumber("end", mention.End);
        w.WriteEndObject();
    }

    public static void WritePlace(Utf8JsonWriter w, PlaceMention p)
    {
        w.WriteStartObject();
        WriteSpan(w, p.Text, p.Start, p.End);
        w.WriteString("name", p.Place.Name);
        w.WriteString("country", p.Place.Country);
        w.WriteString("admin1", p.Place.Admin1);
        w.WriteNumber("latitude", Math.Round(p.Place.Latitude, 5));
        w.WriteNumber("longitude", Math.Round(p.Place.Longitude, 5));
        if (p.Place.GeonamesId is { } id) w.WriteNumber("geonames_id", id);
        else w.WriteNull("geonames_id");
        w.WriteString("feature", p.Place.Feature);
        w.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter w, string text, int start, int end)
    {
        w.WriteString("text", text);
        w.WriteNumber("start", start);
        w.WriteNumber("end", end);
    }

    private static void WriteDate(Utf8JsonWriter w, string property, DateOnly? date)
    {
        if (date is { } d) w.WriteString(property, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        else w.WriteNull(property);
    }

    private static void WriteInt(Utf8JsonWriter w, string property, int? value)
    {
        if (value is { } v) w.WriteNumber(property, v);
        else w.WriteNull(property);
    }

    private static void WriteStrings(Utf8JsonWriter w, string property, IEnumerable<string> values)
    {
        w.WriteStartArray(property);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
