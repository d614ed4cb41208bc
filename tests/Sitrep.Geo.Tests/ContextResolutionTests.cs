using Sitrep.Core;

namespace Sitrep.Geo.Tests;

/// <summary>Resolution that depends on the rest of the article: nearby places, country points, homonyms of countries.</summary>
public class ContextResolutionTests
{
    [Fact]
    public void A_town_is_read_near_the_other_places_of_the_article()
    {
        var doc = TestDocuments.Geocode("Dublin police said the suspect drove to Columbus before he was arrested in Marysville, Ohio.");
        var dublin = TestDocuments.Place(doc, "Dublin").Place;
        Assert.Equal(("USA", "Ohio"), (dublin.Country, dublin.Admin1));
    }

    [Fact]
    public void Without_local_context_the_larger_place_wins()
    {
        var doc = TestDocuments.Geocode("Dublin hosted the talks on Tuesday.");
        Assert.Equal("IRL", TestDocuments.Place(doc, "Dublin").Place.Country);
    }

    [Fact]
    public void A_country_name_is_a_state_when_the_article_is_local_to_it()
    {
        var doc = TestDocuments.Geocode("Bibb County deputies in Macon said Georgia lawmakers would meet in Atlanta on Friday.");
        var georgia = TestDocuments.Place(doc, "Georgia").Place;
        Assert.Equal(("USA", "admin1"), (georgia.Country, georgia.Feature));
    }

    [Fact]
    public void A_country_name_stays_the_country_in_foreign_news()
    {
        var doc = TestDocuments.Geocode("Russian troops crossed into Georgia and shelled Gori, officials in Tbilisi said.");
        var georgia = TestDocuments.Place(doc, "Georgia").Place;
        Assert.Equal(("GEO", "country"), (georgia.Country, georgia.Feature));
    }

    [Fact]
    public void A_country_is_placed_at_the_centre_of_its_main_territory()
    {
        // Not at the capital, and for the US not pulled towards Alaska: the point gazetteers give.
        var doc = TestDocuments.Geocode("Russia and the United States exchanged prisoners.");
        var russia = TestDocuments.Place(doc, "Russia").Place;
        Assert.InRange(russia.Longitude, 80, 120);
        var us = TestDocuments.Place(doc, "United States").Place;
        Assert.InRange(us.Latitude, 37, 42);
        Assert.InRange(us.Longitude, -101, -95);
    }

    [Fact]
    public void Places_joined_by_a_hyphen_are_both_found()
    {
        var doc = TestDocuments.Geocode("Kenyan-Somali talks on the Nairobi-Mogadishu flights resumed.");
        Assert.Equal("KEN", TestDocuments.Place(doc, "Kenyan").Place.Country);
        Assert.Equal("SOM", TestDocuments.Place(doc, "Somali").Place.Country);
        Assert.Equal("KEN", TestDocuments.Place(doc, "Nairobi").Place.Country);
        Assert.Equal("SOM", TestDocuments.Place(doc, "Mogadishu").Place.Country);
    }

    [Fact]
    public void A_hyphenated_brand_is_not_a_place()
    {
        var doc = TestDocuments.Geocode("Wal-Mart opened a store in Tulsa.");
        Assert.DoesNotContain(doc.Places, p => p.Text is "Wal" or "Mart");
    }

    [Fact]
    public void A_county_tagged_as_a_person_is_still_the_county()
    {
        var doc = TestDocuments.Geocode("Laurel County Clerk Dean Johnson was honoured.", ("Laurel County Clerk Dean Johnson", EntityTypes.Person));
        var county = TestDocuments.Place(doc, "Laurel County").Place;
        Assert.Equal(("USA", "admin2"), (county.Country, county.Feature));
    }

    [Fact]
    public void An_event_is_not_placed_at_a_demonym()
    {
        var doc = TestDocuments.Make("Russian jets bombed the market in Idlib on Sunday.");
        var trigger = doc.Text.IndexOf("bombed", StringComparison.Ordinal);
        doc.Events.Add(new EventRecord
        {
            Id = "e0",
            Plover = "ASSAULT",
            Trigger = new TextSpan(trigger, trigger + 6),
            Evidence = new TextSpan(0, doc.Text.Length),
        });
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Contains(doc.Places, p => p.Text == "Russian");
        Assert.Equal("Idlib", doc.Events[0].Location?.Text);
    }
}
