using Microsoft.Data.Sqlite;
using Sitrep.Core;

namespace Sitrep.Storage.Tests;

/// <summary>Builds documents by hand, as the pipeline would leave them.</summary>
internal static class TestData
{
    public const string SudanText =
        "Sudan's army shelled the outskirts of El Fasher on Tuesday, killing at least 12 civilians, local medics said.\n" +
        "The paramilitary Rapid Support Forces did not deny attacking the town.\n" +
        "Later, RSF fighters clashed with army units near Kutum, and 30 fighters were wounded.";

    public const string BoliviaText =
        "Thousands of miners marched through La Paz on Friday to protest against fuel shortages, police said.";

    public static Document Article(string id, string text, string? title = "Army shells El Fasher",
        string? outlet = "Radio Dabanga", string[]? credits = null, string? url = "https://example.org/sudan")
    {
        return new Document(id, new SourceDocument { ArticleText = text, Url = url })
        {
            Article = new ArticleInfo
            {
                Title = title,
                Text = text,
                Published = new DateOnly(2024, 5, 14),
                Authors = ["A. Reporter"],
                Outlet = outlet,
                Language = "en",
                Credits = credits ?? ["AP", "Reuters"],
            },
        };
    }

    /// <summary>Adds an event whose evidence is the first occurrence of <paramref name="evidence"/>.</summary>
    public static EventRecord AddEvent(Document doc, string evidence, string plover, string trigger,
        ActorMention? actor1 = null, ActorMention? actor2 = null, PlaceMention? location = null,
        AcledType? acled = null, DateOnly? date = null, DatePrecision precision = DatePrecision.Day,
        int? fatalities = null, int? injured = null, bool negated = false)
    {
        int start = doc.Text.IndexOf(evidence, StringComparison.Ordinal);
        Assert.True(start >= 0, $"evidence not in text: {evidence}");
        int triggerStart = doc.Text.IndexOf(trigger, start, StringComparison.Ordinal);
        var ev = new EventRecord
        {
            Id = $"{doc.Id}#e{doc.Events.Count + 1}",
            Plover = plover,
            Cameo = plover == "ASSAULT" ? "195" : null,
            Acled = acled,
            Date = date,
            DatePrecision = precision,
            Trigger = new TextSpan(triggerStart, triggerStart + trigger.Length),
            Evidence = new TextSpan(start, start + evidence.Length),
            Actor1 = actor1,
            Actor2 = actor2,
            Location = location,
            Fatalities = fatalities,
            Injured = injured,
            Confidence = 0.8,
            Negated = negated,
        };
        doc.Events.Add(ev);
        return ev;
    }

    public static ActorMention Actor(Document doc, string text, string name, string? country, string? sector, string? code)
    {
        int start = doc.Text.IndexOf(text, StringComparison.Ordinal);
        return new ActorMention(start, start + text.Length, text, new Actor(name, country, sector, code));
    }

    public static PlaceMention Place(Document doc, string text, string name, string country, string? admin1,
        double lat, double lon, long? geonamesId, string feature)
    {
        int start = doc.Text.IndexOf(text, StringComparison.Ordinal);
        return new PlaceMention(start, start + text.Length, text, new Place(name, country, admin1, lat, lon, geonamesId, feature));
    }

    /// <summary>The Sudan story with two stored events and one negated one.</summary>
    public static Document Sudan(string id = "sudan-1", string? text = null)
    {
        var doc = Article(id, text ?? SudanText);
        if (text is not null) return doc;
        AddEvent(doc, "Sudan's army shelled the outskirts of El Fasher on Tuesday, killing at least 12 civilians, local medics said.",
            "ASSAULT", "shelled",
            actor1: Actor(doc, "Sudan's army", "Military Forces of Sudan", "SDN", "MIL", "SDNMIL"),
            actor2: Actor(doc, "civilians", "Civilians (Sudan)", "SDN", "CVL", "SDNCVL"),
            location: Place(doc, "El Fasher", "El Fasher", "SDN", "North Darfur", 13.62793, 25.34936, 379062, "city"),
            acled: new AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            date: new DateOnly(2024, 5, 14), fatalities: 12);
        AddEvent(doc, "The paramilitary Rapid Support Forces did not deny attacking the town.", "ASSAULT", "attacking", negated: true);
        AddEvent(doc, "Later, RSF fighters clashed with army units near Kutum, and 30 fighters were wounded.",
            "ASSAULT", "clashed",
            actor1: Actor(doc, "RSF fighters", "Rapid Support Forces", "SDN", "REB", "SDNREB"),
            actor2: Actor(doc, "army units", "Military Forces of Sudan", "SDN", "MIL", "SDNMIL"),
            location: Place(doc, "North Darfur", "North Darfur", "SDN", "North Darfur", 15.76619, 24.90422, 408660, "admin1"),
            acled: new AcledType("Battles", "Armed clash"),
            date: new DateOnly(2024, 5, 10), precision: DatePrecision.Week, injured: 30);
        return doc;
    }

    public static Document Bolivia(string id = "bolivia-1")
    {
        var doc = Article(id, BoliviaText, title: "Miners march in La Paz", outlet: "Andes Wire", credits: [], url: null);
        AddEvent(doc, BoliviaText, "PROTEST", "marched",
            actor1: Actor(doc, "miners", "Protesters (Bolivia)", "BOL", "CVL", "BOLCVL"),
            location: Place(doc, "La Paz", "La Paz", "BOL", "La Paz", -16.5, -68.15, 3911925, "city"),
            acled: new AcledType("Protests", "Peaceful protest"),
            date: new DateOnly(2024, 5, 17));
        return doc;
    }

    public static long Count(string dbPath, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? Scalar(string dbPath, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}

/// <summary>A database path in the temp folder, deleted with its WAL files.</summary>
internal sealed class TempDb : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sitrep-test-{Guid.NewGuid():N}", "events.db");

    public void Dispose()
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
