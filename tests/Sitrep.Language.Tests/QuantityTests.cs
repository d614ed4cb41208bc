namespace Sitrep.Language.Tests;

public class QuantityTests
{
    [Fact]
    public void Subset_shares_the_role_of_the_larger_count()
    {
        var doc = TestDocuments.Process("At least 12,000 people, including more than 1,500 militia fighters, were evacuated from the town.");
        var all = doc.QuantityOf(12_000);
        Assert.Equal("at least", all.Modifier);
        Assert.Equal("people", all.Noun);
        Assert.Equal("evacuated", all.Role);
        Assert.False(all.Subset);
        var part = doc.QuantityOf(1_500);
        Assert.Equal("more than", part.Modifier);
        Assert.Equal("fighters", part.Noun);
        Assert.Equal("evacuated", part.Role);
        Assert.True(part.Subset);
    }

    [Fact]
    public void Running_totals_are_cumulative_and_event_tolls_are_not()
    {
        var doc = TestDocuments.Process(
            "An estimated 10,000 people have been killed in the conflict since 2014. " +
            "On Sunday, a car bomb killed 23 civilians and wounded 40 others in Sanaa.");
        var total = doc.QuantityOf(10_000);
        Assert.True(total.Cumulative);
        Assert.Equal("killed", total.Role);
        Assert.Equal("about", total.Modifier);
        var dead = doc.QuantityOf(23);
        Assert.False(dead.Cumulative);
        Assert.Equal("killed", dead.Role);
        Assert.Equal("civilians", dead.Noun);
        Assert.Equal("injured", doc.QuantityOf(40).Role);
        Assert.DoesNotContain(doc.Quantities, q => q.Value == 2014);
    }

    [Theory]
    [InlineData("Police arrested twenty-five protesters in Lagos.", 25, "arrested", "protesters")]
    [InlineData("Dozens of villagers fled the fighting.", 24, "displaced", "villagers")]
    [InlineData("Tens of thousands of demonstrators marched in Minsk.", 20_000, "protesters", "demonstrators")]
    [InlineData("Gunmen kidnapped 1.5 million people, the report claimed.", 1_500_000, "abducted", "people")]
    [InlineData("Five soldiers died and nine were hurt.", 5, "killed", "soldiers")]
    public void Reads_spelled_vague_and_scaled_counts(string text, long value, string role, string noun)
    {
        var q = TestDocuments.Process(text).QuantityOf(value);
        Assert.Equal(role, q.Role);
        Assert.Equal(noun, q.Noun);
    }

    [Fact]
    public void Vague_counts_are_marked()
    {
        var q = TestDocuments.Process("Hundreds of refugees crossed the border.").QuantityOf(200);
        Assert.Equal("vague", q.Modifier);
    }

    [Theory]
    [InlineData("The war began in 2011 and ended in 2019.")]
    [InlineData("The blast happened at 10:30 and 45% of homes lost power.")]
    [InlineData("A 45-year-old man was paid $300 for 20 kilometres.")]
    [InlineData("The mill was sold for C$ 300 and the farm for A$300.")]
    [InlineData("Talks lasted six years, and the first round was on March 3.")]
    [InlineData("Route 9 reopened after the vote.")]
    public void Years_times_money_measures_ages_dates_and_labels_are_not_counts(string text) =>
        Assert.Empty(TestDocuments.Process(text).Quantities);

    [Fact]
    public void Non_people_nouns_get_no_role()
    {
        var q = TestDocuments.Process("Jets carried out hundreds of raids that killed 30 people.").QuantityOf(200);
        Assert.Equal("raids", q.Noun);
        Assert.Null(q.Role);
        Assert.Equal("killed", TestDocuments.Process("Jets carried out hundreds of raids that killed 30 people.").QuantityOf(30).Role);
    }
}
