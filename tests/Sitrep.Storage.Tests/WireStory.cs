using Sitrep.Core;
using static Sitrep.Storage.Tests.TestData;

namespace Sitrep.Storage.Tests;

/// <summary>
/// An invented agency story about an insurgent raid in northern Mozambique, and its copies as
/// twenty outlets would run it: their own header and footer, small edits, and here and there a
/// field the pipeline missed in that copy.
/// </summary>
internal static class WireStory
{
    public static readonly string[] Outlets =
    [
        "Coastal Herald", "Lusophone Daily", "Indian Ocean Post", "Pemba Mirror", "Savannah Times", "Rift Valley Echo",
        "Harbour Gazette", "Morning Ledger", "Capital Observer", "Delta Tribune", "Northern Courier", "Plateau Voice",
        "Island Chronicle", "Frontier Dispatch", "Continental Wire Review", "Lakeside Journal", "Sunrise Bulletin",
        "Highland Star", "Atlantic Record", "Monsoon Weekly",
    ];

    private const string Raid =
        "Islamist insurgents attacked the town of Macomia in Cabo Delgado province on Tuesday, killing at least nine civilians and burning dozens of homes, local officials said on Wednesday.";
    private const string Recapture =
        "Mozambican troops backed by Rwandan forces retook the town on Wednesday after several hours of fighting, the defence ministry said in a statement.";
    private const string Aid =
        "The World Food Programme delivered emergency food rations to some 4,000 displaced families in Pemba on Thursday, a spokesperson for the agency said.";

    private static readonly string[] Background =
    [
        "The province, which borders Tanzania, has been hit by an insurgency since 2017 that has forced more than a million people from their homes.",
        "Residents who reached the provincial capital described gunmen arriving on motorbikes before dawn and setting fire to the market and a health post.",
        "Aid groups have warned that funding for the response is running short as the rainy season cuts roads across the north of the country.",
        "Gas projects worth billions of dollars near the border were suspended after a major attack on the coastal town of Palma in 2021.",
        "A regional military mission withdrew last year, leaving Mozambican and Rwandan troops to secure the main towns and supply routes.",
        "Officials said the insurgents also briefly occupied a nearby village and stole food and medicine before retreating into the forest.",
    ];

    public static string Body(int variant)
    {
        string raid = variant % 3 == 0 ? Raid.Replace("said on Wednesday", "said Wednesday", StringComparison.Ordinal) : Raid;
        string recapture = variant % 2 == 1 ? Recapture.Replace("defence", "defense", StringComparison.Ordinal) : Recapture;
        string aid = variant % 4 == 2 ? Aid.Replace("some 4,000", "about 4,000", StringComparison.Ordinal) : Aid;
        var background = variant % 5 == 4 ? Background[..^1] : Background;
        return string.Join(" ", new[] { raid, background[0], recapture, background[1], background[2], aid }.Concat(background[3..]));
    }

    public static Document Copy(int variant)
    {
        string outlet = Outlets[variant];
        string text =
            $"{outlet} | Africa news\nBy {outlet} staff with agency reports\n\n" +
            Body(variant) +
            $"\n\nCopyright 2024 {outlet}. All rights reserved. Share this story and follow {outlet} for more.";
        var doc = Article($"wire-{variant:00}", text, title: "Insurgents raid Macomia; troops retake town", outlet: outlet,
            credits: ["AFP"], url: $"https://{outlet.ToLowerInvariant().Replace(' ', '-')}.example/africa/macomia-raid-{variant}");

        AddEvent(doc, Sentence(text, "Islamist insurgents attacked"), "ASSAULT", "attacked",
            actor1: variant == 13 ? null : Actor(doc, "Islamist insurgents", "Ahlu Sunnah Wa-Jama", "MOZ", "REB", "MOZREB"),
            actor2: Actor(doc, "civilians", "Civilians (Mozambique)", "MOZ", "CVL", "MOZCVL"),
            location: Place(doc, "Macomia", "Macomia", "MOZ", "Cabo Delgado", -12.2431, 40.1294, 1040938, "city"),
            acled: new AcledType("Violence against civilians", "Attack"),
            date: variant == 7 ? null : new DateOnly(2024, 3, 12), fatalities: 9);
        AddEvent(doc, Sentence(text, "Mozambican troops backed"), "ASSAULT", "retook",
            actor1: Actor(doc, "Mozambican troops", "Military Forces of Mozambique", "MOZ", "MIL", "MOZMIL"),
            location: Place(doc, "the town", "Macomia", "MOZ", "Cabo Delgado", -12.2431, 40.1294, 1040938, "city"),
            acled: new AcledType("Battles", "Government regains territory"),
            date: new DateOnly(2024, 3, 13));
        AddEvent(doc, Sentence(text, "The World Food Programme"), "AID", "delivered",
            actor1: Actor(doc, "The World Food Programme", "World Food Programme", "IGO", "IGO", "IGOUNOWFP"),
            location: variant == 11 ? null : Place(doc, "Pemba", "Pemba", "MOZ", "Cabo Delgado", -12.9740, 40.5178, 1028434, "city"),
            date: new DateOnly(2024, 3, 14));
        return doc;
    }

    public static IEnumerable<Document> Copies() => Enumerable.Range(0, Outlets.Length).Select(Copy);

    private static string Sentence(string text, string start)
    {
        int s = text.IndexOf(start, StringComparison.Ordinal);
        int e = text.IndexOf(". ", s, StringComparison.Ordinal);
        return text[s..(e + 1)];
    }
}

/// <summary>Separate articles about shelling in Darfur: some are the same event told by other outlets, some are not.</summary>
internal static class DarfurReports
{
    public static Document Report(string id, string outlet, string text, string trigger, DateOnly date, string actorText,
        string actorName, string sector, string placeText, string placeName, double lat, double lon)
    {
        var doc = Article(id, text, title: "Darfur", outlet: outlet, credits: [], url: $"https://{id}.example/news");
        AddEvent(doc, text, "ASSAULT", trigger,
            actor1: Actor(doc, actorText, actorName, "SDN", sector, "SDN" + sector),
            location: Place(doc, placeText, placeName, "SDN", placeName == "Nyala" ? "South Darfur" : "North Darfur", lat, lon, null, "city"),
            date: date, fatalities: 12);
        return doc;
    }

    public static Document[] All() =>
    [
        Report("dabanga", "Radio Dabanga", "The Sudanese army shelled residential areas of El Fasher on Tuesday, killing 12 people, witnesses said.",
            "shelled", new DateOnly(2024, 5, 14), "The Sudanese army", "Military Forces of Sudan", "MIL", "El Fasher", "El Fasher", 13.6279, 25.3494),
        Report("sudan-tribune", "Sudan Tribune", "Artillery fire by government soldiers struck a market on the edge of El Fasher, killing a dozen residents.",
            "struck", new DateOnly(2024, 5, 15), "government soldiers", "Military Forces of Sudan", "MIL", "El Fasher", "El Fasher", 13.64, 25.36),
        Report("rsf-raid", "Darfur24", "RSF fighters stormed a camp for displaced people outside El Fasher and killed 12 men, camp leaders said.",
            "stormed", new DateOnly(2024, 5, 14), "RSF fighters", "Rapid Support Forces", "REB", "El Fasher", "El Fasher", 13.6, 25.3),
        Report("nyala", "Nyala Voice", "Army shelling hit the centre of Nyala, the South Darfur capital, killing 12 traders in the main market.",
            "hit", new DateOnly(2024, 5, 14), "Army", "Military Forces of Sudan", "MIL", "Nyala", "Nyala", 12.0489, 24.8807),
        Report("later", "Radio Dabanga", "A week later the army shelled El Fasher again, killing 12 people near the hospital.",
            "shelled", new DateOnly(2024, 5, 21), "the army", "Military Forces of Sudan", "MIL", "El Fasher", "El Fasher", 13.6279, 25.3494),
    ];
}
