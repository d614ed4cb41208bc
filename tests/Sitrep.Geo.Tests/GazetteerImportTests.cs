using Sitrep.Core;

namespace Sitrep.Geo.Tests;

public class GazetteerImportTests
{
    [Fact]
    public void Imported_villages_resolve_and_join_the_base_index()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sitrep-geo-import-" + Guid.NewGuid().ToString("N"));
        var baseGeo = Path.Combine(cache, "geonames");
        Directory.CreateDirectory(baseGeo);
        try
        {
            var fetched = Path.Combine(RepositoryPaths.CacheDirectory, "geonames");
            File.Copy(Path.Combine(fetched, "cities500.txt"), Path.Combine(baseGeo, "cities500.txt"));
            File.Copy(Path.Combine(fetched, "admin1.json"), Path.Combine(baseGeo, "admin1.json"));
            File.Copy(Path.Combine(fetched, "admin2.json"), Path.Combine(baseGeo, "admin2.json"));
            // Three hand-written rows in GeoNames' 19-column format: two invented villages and a mountain (not kept).
            var dump = Path.Combine(cache, "SY.txt");
            File.WriteAllLines(dump,
            [
                "90000001\tQaryat Zaytun\tQaryat Zaytun\tNakhloun,Nakhlun\t35.91000\t36.71000\tP\tPPL\tSY\t\t12\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
                "90000002\tTall Nakhil\tTall Nakhil\t\t36.50000\t37.90000\tP\tPPL\tSY\t\t09\t\t\t\t120\t\t400\tAsia/Damascus\t2020-01-01",
                "90000003\tJabal Zaytun\tJabal Zaytun\t\t35.95000\t36.75000\tT\tMT\tSY\t\t12\t\t\t\t0\t\t900\tAsia/Damascus\t2020-01-01",
            ]);

            Assert.Equal(2, GazetteerImport.Import(dump, cache));
            var g = Gazetteer.Load(cache);

            var village = Assert.Single(g.Find("Nakhloun"));
            Assert.Equal(90000001, village.GeonamesId);
            Assert.Equal("SYR", village.Country);
            Assert.Equal("Idlib", village.Admin1);
            Assert.Empty(g.Find("Jabal Zaytun"));
            Assert.Contains(g.Find("Aleppo"), p => p.GeonamesId == 170063);

            var doc = TestDocuments.Make("Shells fell on Nakhlun in northern Syria overnight.");
            new GeocodingStage(g).Process(doc);
            Assert.Equal(90000001, TestDocuments.Place(doc, "Nakhlun").Place.GeonamesId);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Missing_data_fails_with_the_build_step_named()
    {
        var empty = Path.Combine(Path.GetTempPath(), "sitrep-geo-empty-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ex = Assert.Throws<GazetteerDataMissingException>(() => Gazetteer.Load(empty));
            Assert.Contains("FetchGeoNames", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(empty)) Directory.Delete(empty, recursive: true);
        }
    }
}
