namespace Sitrep.Dedup.Tests;

public sealed class MinHashTests
{
    private const string Story =
        "Floods swept through three districts of northern Bangladesh on Monday after days of heavy monsoon rain, " +
        "killing at least 14 people and forcing more than 20,000 families from their homes, disaster officials said. " +
        "Army boats ferried stranded villagers to shelters in Sylhet and Sunamganj as rivers rose above danger levels. " +
        "The meteorological department forecast more rain for the rest of the week and warned of landslides in the hills. " +
        "Relief workers said drinking water and dry food were running short in several camps.";

    private const string Unrelated =
        "The central bank of Chile held its benchmark interest rate steady on Tuesday, citing persistent inflation in services " +
        "and a weaker peso, and said further cuts would depend on data in the coming months.";

    [Fact]
    public void Signatures_stay_the_same_across_versions_and_machines()
    {
        // Stores keep signatures: a vectorised or reordered computation must give exactly these values.
        var signature = MinHash.Signature("Soldiers clashed with rebels near Kidal in northern Mali on Monday, killing three fighters, the army said.")!;
        Assert.Equal([300781659u, 148152248u, 132646993u, 396406624u, 61937909u, 354700224u], signature[..6]);
        Assert.Equal(270746758u, signature[127]);
    }

    [Fact]
    public void Identical_texts_have_identical_signatures_whatever_the_case_and_punctuation()
    {
        var a = MinHash.Signature(Story)!;
        var b = MinHash.Signature(Story.ToUpperInvariant().Replace(",", " ,", StringComparison.Ordinal))!;
        Assert.Equal(1.0, MinHash.Similarity(a, b));
        Assert.Equal(MinHash.BandKeys(a), MinHash.BandKeys(b));
    }

    [Fact]
    public void A_copy_with_header_footer_and_edits_is_a_near_duplicate_and_an_unrelated_story_is_not()
    {
        var original = MinHash.Signature(Story)!;
        var copy = MinHash.Signature("Delta Times | Asia\nBy staff and agencies\n" +
            Story.Replace("at least 14", "at least 15", StringComparison.Ordinal).Replace("Monday", "Monday night", StringComparison.Ordinal) +
            "\nCopyright Delta Times. All rights reserved.")!;
        var other = MinHash.Signature(Unrelated)!;

        Assert.True(MinHash.AreNearDuplicates(original, copy), $"similarity {MinHash.Similarity(original, copy)}");
        Assert.True(MinHash.BandKeys(original).Intersect(MinHash.BandKeys(copy)).Any());
        Assert.True(MinHash.Similarity(original, other) < 0.1);
        Assert.False(MinHash.AreNearDuplicates(original, other));
    }

    [Fact]
    public void Signatures_round_trip_through_bytes_and_texts_without_words_have_none()
    {
        var signature = MinHash.Signature(Story)!;
        Assert.Equal(signature, MinHash.FromBytes(MinHash.ToBytes(signature)));
        Assert.Equal(MinHash.Size * 4, MinHash.ToBytes(signature).Length);
        Assert.Null(MinHash.FromBytes([1, 2, 3]));
        Assert.Null(MinHash.Signature(" ... -- !! "));
        Assert.NotNull(MinHash.Signature("Two words"));
    }

    [Fact]
    public void Band_keys_differ_between_bands_holding_the_same_values()
    {
        var flat = new uint[MinHash.Size];
        var keys = MinHash.BandKeys(flat);
        Assert.Equal(MinHash.Bands, keys.Distinct().Count());
    }
}

public sealed class EventMatchingTests
{
    private static EventFacts Shelling(string id = "a-001", DateOnly? date = null, double lat = 13.63, double lon = 25.35,
        string? admin1 = "North Darfur", string? sector = "MIL", string? name = "Military Forces of Sudan", string family = "ASSAULT",
        string evidence = "The army shelled El Fasher on Tuesday, killing 12 people.", string feature = "city") => new()
    {
        EventId = id,
        Family = family,
        Date = date ?? new DateOnly(2024, 5, 14),
        Latitude = lat,
        Longitude = lon,
        Country = "SDN",
        Admin1 = admin1,
        Feature = feature,
        Actor1Name = name,
        Actor1Country = name is null && sector is null ? null : "SDN",
        Actor1Sector = sector,
        Evidence = evidence,
    };

    [Fact]
    public void Same_type_place_and_dates_two_days_apart_are_one_event()
    {
        Assert.True(EventMatching.SameEvent(Shelling(), Shelling("b-001", new DateOnly(2024, 5, 16), 13.9, 25.6)));
        Assert.False(EventMatching.SameEvent(Shelling(), Shelling("b-001", new DateOnly(2024, 5, 17))));
    }

    [Fact]
    public void A_report_without_actor_matches_on_the_same_day_only()
    {
        var anonymous = Shelling("b-001", sector: null, name: null);
        Assert.True(EventMatching.SameEvent(Shelling(), anonymous));
        Assert.False(EventMatching.SameEvent(Shelling(), anonymous with { Date = new DateOnly(2024, 5, 15) }));
    }

    [Fact]
    public void Distance_or_the_same_admin1_is_required()
    {
        // Nyala is about 200 km away, in South Darfur.
        Assert.False(EventMatching.SameEvent(Shelling(), Shelling("b-001", lat: 12.05, lon: 24.88, admin1: "South Darfur")));
        // Far apart but both in North Darfur: same first-level division.
        Assert.True(EventMatching.SameEvent(Shelling(), Shelling("b-001", lat: 15.5, lon: 24.5)));
        // A country-level place is too vague for independent reports.
        Assert.False(EventMatching.SameEvent(Shelling(feature: "country"), Shelling("b-001", feature: "country")));
    }

    [Fact]
    public void Actors_must_agree_where_both_are_known()
    {
        Assert.False(EventMatching.SameEvent(Shelling(), Shelling("b-001", sector: "REB", name: "Rapid Support Forces")));
        Assert.True(EventMatching.SameEvent(Shelling(), Shelling("b-001", sector: null, name: null)));
        Assert.True(EventMatching.SameEvent(Shelling(), Shelling("b-001", name: "Sudanese Armed Forces")));
    }

    [Fact]
    public void Families_come_from_the_data_file()
    {
        Assert.Equal(EventMatching.Family("AID"), EventMatching.Family("COOPERATE"));
        Assert.NotEqual(EventMatching.Family("ASSAULT"), EventMatching.Family("PROTEST"));
        Assert.Equal(4, EventMatching.Quad("ASSAULT"));
        Assert.Equal(1, EventMatching.Quad("AGREE"));
        Assert.Null(EventMatching.Quad("NOT_A_TYPE"));
        Assert.False(EventMatching.SameEvent(Shelling(), Shelling("b-001", family: "PROTEST")));
    }

    [Fact]
    public void In_copies_the_same_sentence_matches_even_with_missing_fields_and_other_sentences_do_not()
    {
        var copy = Shelling("b-001") with { Date = null, Latitude = null, Longitude = null, Actor1Name = null, Actor1Sector = null, Actor1Country = null,
            Evidence = "The army shelled El Fasher Tuesday, killing 12 people." };
        Assert.True(EventMatching.SameEventInCopies(Shelling(), copy));
        var otherSentence = Shelling("b-002") with { Evidence = "Government troops then retook the market after hours of fighting." };
        Assert.False(EventMatching.SameEventInCopies(Shelling(), otherSentence));
    }

    [Fact]
    public void Distances_and_search_boxes_are_right()
    {
        // Paris to London: about 344 km.
        Assert.InRange(EventMatching.DistanceKmBetween(48.8566, 2.3522, 51.5074, -0.1278), 340, 348);
        var box = EventMatching.SearchBox(60, 10);
        Assert.True(box.MinLon < 10 - 0.8 && box.MaxLon > 10 + 0.8, "at 60°N 50 km spans about 0.9° of longitude");
        var wrap = EventMatching.SearchBox(0, 179.9);
        Assert.Equal((-180.0, 180.0), (wrap.MinLon, wrap.MaxLon));
    }
}
