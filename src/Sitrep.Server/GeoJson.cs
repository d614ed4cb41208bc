using System.Text.Json;
using Sitrep.Storage;

namespace Sitrep.Server;

/// <summary>Events as a GeoJSON FeatureCollection (RFC 7946): a Point per located event, null geometry otherwise.</summary>
internal static class GeoJson
{
    public static int Write(IEnumerable<StoredEvent> events, Stream output)
    {
        using var json = new Utf8JsonWriter(output);
        int count = 0;
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var e in events)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteString("id", e.EventId);
            json.WritePropertyName("geometry");
            if (e.Latitude is { } lat && e.Longitude is { } lon)
            {
                json.WriteStartObject();
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(lon);
                json.WriteNumberValue(lat);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else
            {
                json.WriteNullValue();
            }
            json.WritePropertyName("properties");
            StoreReader.WriteRecord(json, e.RecordJson, e.ArticleId);
            json.WriteEndObject();
            if (++count % 1000 == 0) json.Flush();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return count;
    }
}
