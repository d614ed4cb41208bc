using Sitrep.Core;

namespace Sitrep.Language.Tests;

public class TimeTests
{
    private static readonly DateOnly Published = new(2016, 12, 23); // a Friday

    [Fact]
    public void Year_less_date_takes_the_year_nearest_before_publication()
    {
        var t = TestDocuments.Process("Rebels left Mosul on December 22.", Published).TimeOf("December 22");
        Assert.Equal("DATE", t.Type);
        Assert.Equal("2016-12-22", t.Value);
        Assert.Equal(new DateOnly(2016, 12, 22), t.Date);
        Assert.Equal(DatePrecision.Day, t.Precision);

        Assert.Equal("2015-12-28", TestDocuments.Process("It began on December 28.", Published).TimeOf("December 28").Value);
        Assert.Equal("2017-01-05", TestDocuments.Process("Talks will resume on January 5.", Published).TimeOf("January 5").Value);
    }

    [Theory]
    [InlineData("The truce of Dec. 22, 2015 failed.", "Dec. 22, 2015", "2015-12-22")]
    [InlineData("It was signed on 3 March 2014.", "3 March 2014", "2014-03-03")]
    [InlineData("The file is dated 2016-11-30.", "2016-11-30", "2016-11-30")]
    [InlineData("The siege started in July 2016.", "July 2016", "2016-07")]
    [InlineData("The uprising began in 2011.", "2011", "2011")]
    public void Explicit_dates(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("Fighting resumed on Thursday.", "Thursday", "2016-12-22")]
    [InlineData("Fighting resumed on Friday.", "Friday", "2016-12-23")]
    [InlineData("Fighting resumed last Friday.", "last Friday", "2016-12-16")]
    [InlineData("Shelling continued on Tuesday night.", "Tuesday night", "2016-12-20TNI")]
    [InlineData("He arrived yesterday.", "yesterday", "2016-12-22")]
    [InlineData("Talks open today.", "today", "2016-12-23")]
    [InlineData("Aid arrived last week.", "last week", "2016-W50")]
    [InlineData("Aid arrived earlier this week.", "earlier this week", "2016-W51")]
    [InlineData("Prices rose last month.", "last month", "2016-11")]
    [InlineData("Prices rose last year.", "last year", "2015")]
    [InlineData("It happened three days ago.", "three days ago", "2016-12-20")]
    public void Relative_dates_resolve_against_publication(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("a weeklong operation", "weeklong", "DURATION", "P1W")]
    [InlineData("the nearly six-year civil war", "nearly six-year", "DURATION", "P6Y")]
    [InlineData("after nearly six years of war", "nearly six years", "DURATION", "P6Y")]
    [InlineData("people waited for hours", "hours", "DURATION", "PTXH")]
    [InlineData("a 48-hour truce", "48-hour", "DURATION", "PT48H")]
    [InlineData("convoys leave every week", "every week", "SET", "P1W")]
    [InlineData("more may leave in the coming days", "the coming days", "DATE", "FUTURE_REF")]
    [InlineData("the army recently took the town", "recently", "DATE", "PAST_REF")]
    [InlineData("the city is now calm", "now", "DATE", "PRESENT_REF")]
    public void Durations_sets_and_references(string text, string span, string type, string value)
    {
        var t = TestDocuments.Process(text, Published).TimeOf(span);
        Assert.Equal(type, t.Type);
        Assert.Equal(value, t.Value);
    }

    [Fact]
    public void Without_publication_date_year_less_dates_stay_open()
    {
        var doc = TestDocuments.Process("Rebels left on December 22 and returned on Thursday.");
        var date = doc.TimeOf("December 22");
        Assert.Equal("XXXX-12-22", date.Value);
        Assert.Null(date.Date);
        Assert.Null(doc.TimeOf("Thursday").Date);
    }

    [Fact]
    public void May_as_a_verb_is_not_a_month()
    {
        var doc = TestDocuments.Process("Officials said May could not attend. Thousands may leave.", Published);
        Assert.Empty(doc.Times);
    }
}
