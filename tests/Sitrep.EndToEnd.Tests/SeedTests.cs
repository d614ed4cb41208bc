using Sitrep.Cli;
using Sitrep.Core;

namespace Sitrep.EndToEnd.Tests;

/// <summary>
/// The foundation issue's acceptance on the canonical scraped page (../shared/seeds). Nothing in
/// the code or data names this page; these tests show the general rules reach it.
/// </summary>
public class SeedTests
{
    private static readonly Lazy<Document> Seed = new(() =>
    {
        var path = TestPaths.Shared("seeds", "aleppo-2016-rferl.txt");
        var source = new SourceDocument { PageText = File.ReadAllText(path), Published = new DateOnly(2016, 12, 23) };
        return SitrepPipeline.CreateDefaultBuilder().Build().Process(new Document(path, source));
    });

    private static Document Doc => Seed.Value;
    private static IEnumerable<EventRecord> Events => Doc.Events.Where(e => !e.Negated);

    private static string Evidence(EventRecord e) => Doc.Slice(e.Evidence.Start, e.Evidence.End);

    [Fact]
    public void Article_is_the_story_without_page_chrome()
    {
        Assert.Null(Doc.Error);
        var article = Doc.Article!;
        Assert.Equal("Syria's Assad Claims 'Turning Point' In War With Takeover Of Aleppo", article.Title);
        Assert.StartsWith("The Syrian Army said it has taken complete control of Aleppo", article.Text);
        Assert.EndsWith("an eventual political settlement.", article.Text);
        foreach (var chrome in new[] { "Accessibility links", "Breaking News", "16x9 Image", "undesirable", "Russian passport", "Carlton Hotel", "journalists report the news" })
            Assert.DoesNotContain(chrome, article.Text);
        Assert.Equal(["AP", "AFP", "Reuters"], article.Credits);
    }

    [Fact]
    public void Army_takes_Aleppo_from_rebels_on_December_22()
    {
        var takeover = Events.Where(e => e.Acled is { EventType: "Battles", SubEventType: "Government regains territory" }
            && e.Actor1?.Actor.Country == "SYR").ToList();
        Assert.NotEmpty(takeover);
        var e = takeover.First(x => x.Date == new DateOnly(2016, 12, 22));
        Assert.Equal("ASSAULT", e.Plover);
        Assert.NotNull(e.Location);
        Assert.True(DistanceKm(e.Location!.Place.Latitude, e.Location.Place.Longitude, 36.20, 37.16) < 25, $"placed at {e.Location.Place.Name}");
        Assert.NotEqual(300000, e.Fatalities);
        Assert.Contains("control of Aleppo", Evidence(e));
    }

    [Fact]
    public void Evacuation_of_34000_from_east_Aleppo()
    {
        var e = Assert.Single(Events, x => x.Size == 34000);
        Assert.Equal("RETREAT", e.Plover);
        Assert.Contains("34,000", Evidence(e));
    }

    [Fact]
    public void Nine_hundred_moved_from_the_villages()
    {
        var e = Assert.Single(Events, x => x.Size == 900);
        Assert.Equal("RETREAT", e.Plover);
        Assert.Contains("900 people were transferred", Evidence(e));
    }

    [Fact]
    public void State_Department_accuses_the_Syrian_army()
    {
        Assert.Contains(Events, e => e.Plover == "ACCUSE" && e.Actor1?.Actor.Country == "USA" && e.Actor2?.Actor.Country == "SYR"
            && Evidence(e).Contains("State Department", StringComparison.Ordinal));
    }

    [Fact]
    public void Assad_threatens_other_rebel_areas()
    {
        Assert.Contains(Events, e => e.Plover == "THREATEN" && e.Actor1?.Actor.Country == "SYR" && e.Actor1.Actor.Sector == "GOV"
            && Evidence(e).Contains("march on", StringComparison.Ordinal));
    }

    [Fact]
    public void Assad_meets_an_Iranian_delegation()
    {
        Assert.Contains(Events, e => e.Plover == "CONSULT" && e.Actor1?.Actor.Country == "SYR" && e.Actor2?.Actor.Country == "IRN");
    }

    [Fact]
    public void Russia_Turkey_and_Iran_broker_a_ceasefire()
    {
        Assert.Contains(Events, e => e.Plover == "AGREE" && e.Actor1?.Actor.Country is "RUS" or "TUR" or "IRN"
            && Evidence(e).Contains("cease-fire", StringComparison.Ordinal));
    }

    [Fact]
    public void War_toll_is_not_an_event_toll()
    {
        Assert.DoesNotContain(Events, e => e.Fatalities == 300000);
        Assert.DoesNotContain(Events, e => Evidence(e).Contains("300,000", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_event_has_its_evidence_sentence()
    {
        Assert.NotEmpty(Events);
        foreach (var e in Events)
        {
            Assert.InRange(e.Trigger.Start, e.Evidence.Start, e.Evidence.End);
            Assert.False(string.IsNullOrWhiteSpace(Evidence(e)));
        }
    }

    private static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371;
        double dLat = (lat2 - lat1) * Math.PI / 180, dLon = (lon2 - lon1) * Math.PI / 180;
        double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }
}
