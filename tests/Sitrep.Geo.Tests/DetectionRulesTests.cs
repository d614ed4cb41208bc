namespace Sitrep.Geo.Tests;

public class DetectionRulesTests
{
    [Fact]
    public void Press_abbreviations_name_the_state()
    {
        var doc = TestDocuments.Geocode("A fire destroyed a warehouse in Lexington, Ky. on Monday.");
        var state = TestDocuments.Place(doc, "Ky.").Place;
        Assert.Equal("admin1", state.Feature);
        Assert.Equal("Kentucky", state.Admin1);
        Assert.Equal("Kentucky", TestDocuments.Place(doc, "Lexington").Place.Admin1);
    }

    [Fact]
    public void A_continent_is_never_a_town_with_that_alternate_name()
    {
        var doc = TestDocuments.Geocode("Migrants from Africa reached the coast of Greece.");
        var africa = TestDocuments.Place(doc, "Africa").Place;
        Assert.Equal("other", africa.Feature);
        Assert.Null(africa.GeonamesId);
    }

    [Fact]
    public void Short_acronyms_are_not_towns()
    {
        var doc = TestDocuments.Geocode("The EU imposed sanctions on Belarus.");
        Assert.DoesNotContain(doc.Places, p => p.Text == "EU" && p.Place.Feature == "city");
        Assert.Equal("BLR", TestDocuments.Place(doc, "Belarus").Place.Country);
    }

    [Fact]
    public void A_town_inside_a_facility_name_is_the_town()
    {
        var doc = TestDocuments.Geocode("Guests fled the Mosul Hotel when fighting reached Iraq's second city.");
        Assert.Equal("IRQ", TestDocuments.Place(doc, "Mosul").Place.Country);
    }

    [Fact]
    public void A_given_name_followed_by_a_family_name_is_a_person()
    {
        var doc = TestDocuments.Geocode("In Yemen, Sanaa residents said Ahmad al-Hakimi was detained.");
        Assert.DoesNotContain(doc.Places, p => p.Text == "Ahmad");
        Assert.Equal("YEM", TestDocuments.Place(doc, "Sanaa").Place.Country);
    }

    [Fact]
    public void Hyphenated_compounds_keep_the_place()
    {
        var doc = TestDocuments.Geocode("The Kandahar-based commander said his men had left.");
        Assert.Equal("AFG", TestDocuments.Place(doc, "Kandahar").Place.Country);
    }

    [Fact]
    public void A_minor_town_in_an_unrelated_country_is_dropped_when_the_story_is_elsewhere()
    {
        // "Fuwwah" in Egypt carries the alternate spelling "Foua"; the Syrian village is not in cities500.
        var doc = TestDocuments.Geocode("Buses left al-Foua under a deal between Syria's government and rebels in Idlib Province.");
        Assert.DoesNotContain(doc.Places, p => p.Place.Country == "EGY");
        Assert.Equal("admin1", TestDocuments.Place(doc, "Idlib Province").Place.Feature);
    }

    [Fact]
    public void A_name_made_of_common_words_needs_a_place_tag()
    {
        var plain = TestDocuments.Geocode("The Red Cross said 30 trucks crossed into Ukraine.");
        Assert.DoesNotContain(plain.Places, p => p.Text == "Red Cross");
        Assert.Equal("country", TestDocuments.Place(plain, "Ukraine").Place.Feature);
    }

    [Fact]
    public void Headline_capitals_do_not_hide_places()
    {
        var doc = TestDocuments.Geocode("Kandahar Shelling Kills Three Civilians\nOfficials said the attack was the worst this year.");
        Assert.Equal("AFG", TestDocuments.Place(doc, "Kandahar").Place.Country);
    }
}
