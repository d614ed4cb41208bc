using Sitrep.Core;

namespace Sitrep.Geo.Tests;

public class GeocodingStageTests
{
    [Fact]
    public void Aleppo_resolves_to_the_city()
    {
        var doc = TestDocuments.Geocode("Government forces shelled Aleppo on Tuesday, residents said.");
        var aleppo = TestDocuments.Place(doc, "Aleppo").Place;
        Assert.Equal(170063, aleppo.GeonamesId);
        Assert.Equal("SYR", aleppo.Country);
        Assert.Equal("city", aleppo.Feature);
        Assert.InRange(aleppo.Latitude, 36.1, 36.3);
        Assert.InRange(aleppo.Longitude, 37.0, 37.3);
    }

    [Fact]
    public void Province_suffix_gives_the_admin1_area()
    {
        var doc = TestDocuments.Geocode("Airstrikes hit several towns in Idlib Province overnight.");
        var idlib = TestDocuments.Place(doc, "Idlib Province").Place;
        Assert.Equal("admin1", idlib.Feature);
        Assert.Equal("SYR", idlib.Country);
        Assert.Equal("Idlib", idlib.Admin1);
        Assert.InRange(idlib.Latitude, 35.3, 36.3);
        Assert.InRange(idlib.Longitude, 36.0, 37.2);
    }

    [Fact]
    public void Province_of_prefix_gives_the_admin1_area()
    {
        var doc = TestDocuments.Geocode("Fighting spread across the province of Helmand last week.");
        var helmand = doc.Places.Single().Place;
        Assert.Equal("admin1", helmand.Feature);
        Assert.Equal("AFG", helmand.Country);
    }

    [Fact]
    public void Paris_in_a_french_story_is_the_capital()
    {
        var doc = TestDocuments.Geocode("French police cleared a protest camp in Paris. Officials in France said 40 people were held.");
        var paris = TestDocuments.Place(doc, "Paris").Place;
        Assert.Equal("FRA", paris.Country);
        Assert.Equal("city", paris.Feature);
    }

    [Fact]
    public void Paris_with_texas_mentioned_is_paris_texas()
    {
        var doc = TestDocuments.Geocode("A tornado damaged homes in Paris on Sunday. The storm later moved across northeast Texas.");
        var paris = TestDocuments.Place(doc, "Paris").Place;
        Assert.Equal("USA", paris.Country);
        Assert.Equal("Texas", paris.Admin1);
        Assert.Equal("admin1", TestDocuments.Place(doc, "Texas").Place.Feature);
    }

    [Fact]
    public void Georgia_with_tbilisi_is_the_country()
    {
        var doc = TestDocuments.Geocode("Protesters gathered outside parliament in Tbilisi as Georgia's government postponed the vote.");
        var georgia = TestDocuments.Place(doc, "Georgia").Place;
        Assert.Equal("country", georgia.Feature);
        Assert.Equal("GEO", georgia.Country);
        Assert.Null(georgia.GeonamesId);
    }

    [Fact]
    public void Georgia_with_atlanta_is_the_us_state()
    {
        var doc = TestDocuments.Geocode("Police in Atlanta, Georgia, arrested 12 people after the march.");
        var georgia = TestDocuments.Place(doc, "Georgia").Place;
        Assert.Equal("admin1", georgia.Feature);
        Assert.Equal("USA", georgia.Country);
    }

    [Theory]
    [InlineData("Mexico")]
    [InlineData("Chad")]
    [InlineData("Lebanon")]
    [InlineData("Jordan")]
    [InlineData("Panama")]
    public void A_country_name_never_becomes_a_city(string country)
    {
        var doc = TestDocuments.Geocode($"Officials in {country} reported new clashes near the border.");
        var place = TestDocuments.Place(doc, country).Place;
        Assert.Equal("country", place.Feature);
        Assert.Null(place.GeonamesId);
    }

    [Theory]
    [InlineData("Human Rights Watch said the strike on the market killed 9 civilians.")]
    [InlineData("The Red Cross delivered aid to the camp.")]
    [InlineData("Many people fled. Crowds gathered as Police watched and Hope faded.")]
    public void Organisations_and_common_words_are_not_places(string text)
    {
        var doc = TestDocuments.Geocode(text);
        Assert.Empty(doc.Places);
    }

    [Fact]
    public void A_place_inside_an_organisation_name_is_reported_as_that_place()
    {
        // Geoparsing gold sets (LGL, GeoWebNews) count "Nairobi" in "Nairobi City Council" as a toponym.
        var doc = TestDocuments.Geocode("The Kisumu Water Company said shelling in Donetsk was condemned.", ("Kisumu Water Company", EntityTypes.Organization));
        Assert.Equal("KEN", TestDocuments.Place(doc, "Kisumu").Place.Country);
        Assert.Equal("UKR", TestDocuments.Place(doc, "Donetsk").Place.Country);
    }

    [Fact]
    public void A_place_name_that_is_a_person_entity_is_skipped()
    {
        var doc = TestDocuments.Geocode("Talks led by Lincoln ended in Geneva.", ("Lincoln", EntityTypes.Person));
        Assert.DoesNotContain(doc.Places, p => p.Text == "Lincoln");
        Assert.Equal("CHE", TestDocuments.Place(doc, "Geneva").Place.Country);
    }

    [Fact]
    public void Demonyms_stand_for_their_country()
    {
        var doc = TestDocuments.Geocode("Syrian troops advanced on the town, a Sri Lankan official said.");
        var syrian = TestDocuments.Place(doc, "Syrian");
        Assert.Equal(("SYR", "country"), (syrian.Place.Country, syrian.Place.Feature));
        Assert.Equal("LKA", TestDocuments.Place(doc, "Sri Lankan").Place.Country);
    }

    [Fact]
    public void A_surname_spelled_like_a_demonym_is_not_one()
    {
        // Transliteration merging must not turn "Scott" into "Scot".
        var doc = TestDocuments.Geocode("Investigator Scott Wheatley said the car was found in Tulsa.");
        Assert.DoesNotContain(doc.Places, p => p.Text == "Scott" && p.Place.Feature == "country");
    }

    [Fact]
    public void Directional_modifiers_are_not_part_of_the_name()
    {
        var doc = TestDocuments.Geocode("Eastern Aleppo was besieged while clashes continued in northern Syria.");
        Assert.Equal(170063, TestDocuments.Place(doc, "Aleppo").Place.GeonamesId);
        Assert.Equal("country", TestDocuments.Place(doc, "Syria").Place.Feature);
    }

    [Fact]
    public void Arabic_article_spellings_are_matched()
    {
        var doc = TestDocuments.Geocode("Rebels shelled al-Raqqa and as-Suwayda, activists said.");
        Assert.Equal("SYR", TestDocuments.Place(doc, "al-Raqqa").Place.Country);
        Assert.Equal("SYR", TestDocuments.Place(doc, "as-Suwayda").Place.Country);
    }

    [Fact]
    public void Works_without_entities_and_places_are_in_text_order_with_exact_offsets()
    {
        var text = "Ukrainian forces struck a depot near Kherson, while Russian shelling hit Kharkiv.";
        var doc = TestDocuments.Geocode(text);
        Assert.Equal(["Ukrainian", "Kherson", "Russian", "Kharkiv"], doc.Places.Select(p => p.Text));
        Assert.All(doc.Places, p => Assert.Equal(p.Text, text[p.Start..p.End]));
        Assert.Equal(["UKR", "UKR", "RUS", "UKR"], doc.Places.Select(p => p.Place.Country));
    }

    [Fact]
    public void An_unknown_name_does_not_empty_the_result()
    {
        var doc = TestDocuments.Geocode("Fighters from Qzxwvtown attacked Mosul.");
        Assert.Equal("IRQ", TestDocuments.Place(doc, "Mosul").Place.Country);
    }

    [Fact]
    public void A_document_without_tokens_is_left_alone()
    {
        var doc = new Document("t", new SourceDocument { ArticleText = "Aleppo" }) { Article = new ArticleInfo { Text = "Aleppo" } };
        new GeocodingStage(Gazetteer.Default).Process(doc);
        Assert.Empty(doc.Places);
    }
}
