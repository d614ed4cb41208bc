namespace Sitrep.Geo.Tests;

public class PlaceNamesTests
{
    [Theory]
    [InlineData("al-Foua")]
    [InlineData("Al Fu'ah")]
    [InlineData("Fuah")]
    [InlineData("Foua")]
    [InlineData("al-Fu\u2019ah")]
    public void Transliterations_of_one_village_share_a_key(string name)
    {
        var key = PlaceNames.Key(name);
        var bare = PlaceNames.KeyWithoutArticle(name, strict: false);
        Assert.Contains("fua", new[] { key, bare });
    }

    [Theory]
    [InlineData("Ḩalab", "halab")]
    [InlineData("São Paulo", "sao paulo")]
    [InlineData("Raqqa", "raqa")]
    [InlineData("Deir ez-Zor", "deir ez zor")]
    [InlineData("Kraków", "krakow")]
    public void Keys_fold_case_diacritics_and_punctuation(string name, string expected) =>
        Assert.Equal(expected, PlaceNames.Key(name));

    [Fact]
    public void Non_latin_names_have_no_key() => Assert.Equal("", PlaceNames.Key("حلب"));

    [Fact]
    public void El_before_a_space_is_kept_when_indexing()
    {
        Assert.Null(PlaceNames.KeyWithoutArticle("El Salvador", strict: true));
        Assert.Equal("bab", PlaceNames.KeyWithoutArticle("al-Bab", strict: true));
    }
}
