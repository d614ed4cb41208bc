using Sitrep.Core;

namespace Sitrep.Geo.Tests;

public class EventLocatorTests
{
    private static EventRecord Event(Document doc, string trigger, string? evidence = null)
    {
        int t = doc.Text.IndexOf(trigger, StringComparison.Ordinal);
        var sentence = evidence is null ? doc.SentenceAt(t)! : null;
        int e = evidence is null ? sentence!.Start : doc.Text.IndexOf(evidence, StringComparison.Ordinal);
        int eEnd = evidence is null ? sentence!.End : e + evidence.Length;
        var ev = new EventRecord
        {
            Id = "e" + doc.Events.Count,
            Plover = "ASSAULT",
            Trigger = new TextSpan(t, t + trigger.Length),
            Evidence = new TextSpan(e, eEnd),
        };
        doc.Events.Add(ev);
        return ev;
    }

    [Fact]
    public void Picks_the_place_nearest_the_trigger_in_its_sentence()
    {
        var doc = TestDocuments.Make("Turkish officials in Ankara said jets bombed Manbij in northern Syria on Monday.");
        var ev = Event(doc, "bombed");
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Equal("Manbij", ev.Location?.Text);
    }

    [Fact]
    public void Prefers_a_city_over_its_country_at_similar_distance()
    {
        var doc = TestDocuments.Make("A car bomb exploded in Syria's Azaz, killing 8.");
        var ev = Event(doc, "exploded");
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Equal("Azaz", ev.Location?.Text);
    }

    [Fact]
    public void Skips_places_inside_the_actor_mention()
    {
        var doc = TestDocuments.Make("The Baghdad government's troops attacked Fallujah.");
        var ev = Event(doc, "attacked");
        int actor = doc.Text.IndexOf("The Baghdad government", StringComparison.Ordinal);
        ev.Actor1 = new ActorMention(actor, actor + 22, "The Baghdad government", new Actor("Iraqi government", "IRQ", "GOV", "IRQGOV"));
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Equal("Fallujah", ev.Location?.Text);
    }

    [Fact]
    public void Falls_back_to_the_previous_sentence_in_the_paragraph()
    {
        var doc = TestDocuments.Make("Clashes broke out in Kirkuk on Friday. Two police officers were killed.");
        var ev = Event(doc, "killed");
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Equal("Kirkuk", ev.Location?.Text);
    }

    [Fact]
    public void Falls_back_to_the_most_mentioned_city_across_paragraphs()
    {
        var doc = TestDocuments.Make("Aid reached Mosul and Erbil. Mosul residents queued.\nTwo people were killed.");
        var ev = Event(doc, "killed");
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Equal("Mosul", ev.Location?.Place.Name);
    }

    [Fact]
    public void No_place_in_the_document_leaves_the_location_empty()
    {
        var doc = TestDocuments.Make("Two people were killed.");
        var ev = Event(doc, "killed");
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Null(ev.Location);
    }
}
