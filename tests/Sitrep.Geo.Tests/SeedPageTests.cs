namespace Sitrep.Geo.Tests;

public class SeedPageTests
{
    private static string SeedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds", "aleppo-2016-rferl.txt");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("shared/seeds/aleppo-2016-rferl.txt not found above the test assembly");
    }

    [Fact]
    public void Seed_page_places_are_in_context_and_countries_stay_countries()
    {
        var doc = TestDocuments.Geocode(File.ReadAllText(SeedPath()));
        Assert.All(doc.Places.Where(p => p.Text == "Aleppo"), p => Assert.Equal(170063, p.Place.GeonamesId));
        Assert.All(doc.Places.Where(p => p.Text is "Syria" or "Russia" or "Iran" or "Turkey"), p => Assert.Equal("country", p.Place.Feature));
        Assert.DoesNotContain(doc.Places, p => p.Place.Country is "EGY" or "KWT");
    }
}
