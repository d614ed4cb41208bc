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

    [Theory]
    [InlineData("The mine reopened last April.", "last April", "2016-04")]
    [InlineData("The dam burst last November.", "last November", "2015-11")]
    [InlineData("Elections are due this September.", "this September", "2016-09")]
    [InlineData("The court sits again next January.", "next January", "2017-01")]
    [InlineData("In June last year the rebels withdrew.", "June last year", "2015-06")]
    [InlineData("Prices fell in March of this year.", "March of this year", "2016-03")]
    [InlineData("The pact was signed on May 4 last year.", "May 4 last year", "2015-05-04")]
    public void Months_with_a_relative_word_take_their_year_from_it(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Fact]
    public void Each_month_is_a_set() =>
        Assert.Equal(("SET", "XXXX-07"), TestDocuments.Process("Pilgrims gather each July.", Published).TimeOf("each July") is var t ? (t.Type, t.Value) : default);

    [Theory]
    [InlineData("The offensive began last fall.", "last fall", "2015-FA")]
    [InlineData("The camp filled up this summer.", "this summer", "2016-SU")]
    [InlineData("Talks stalled over the summer.", "the summer", "2016-SU")]
    [InlineData("Output grew this past spring.", "this past spring", "2016-SP")]
    [InlineData("The siege lasted through the winter of 1994.", "the winter of 1994", "1994-WI")]
    [InlineData("A new round opens next spring.", "next spring", "2017-SP")]
    public void Seasons_resolve_against_publication(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("After the fall of the city, refugees fled.")]
    [InlineData("Analysts expect a fall in prices.")]
    [InlineData("Shares fall when rates rise.")]
    public void Fall_as_a_noun_or_verb_is_not_a_season(string text) =>
        Assert.Empty(TestDocuments.Process(text, Published).Times);

    [Theory]
    [InlineData("The bombing in nineteen ninety-six shocked the city.", "nineteen ninety-six", "1996")]
    [InlineData("He promised jobs for all by the year two thousand.", "the year two thousand", "2000")]
    [InlineData("It was January nineteen eighty-four.", "January nineteen eighty-four", "1984-01")]
    public void Spoken_years(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("Rebels regrouped over the weekend.", "2016-W50-WE")]
    [InlineData("Traders sold ahead of the weekend.", "2016-W51-WE")]
    public void The_weekend_is_the_last_one_unless_the_sentence_looks_ahead(string text, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf("the weekend").Value);

    [Theory]
    [InlineData("The ministers will meet on Monday.", "Monday", "2016-12-26")]
    [InlineData("The ministers met on Monday.", "Monday", "2016-12-19")]
    [InlineData("The envoy said Monday that talks will resume.", "Monday", "2016-12-19")]
    [InlineData("The offer runs until 9 a.m. Tuesday.", "9 a.m. Tuesday", "2016-12-27T09:00")]
    public void A_future_cue_right_before_a_weekday_points_it_ahead(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("He told ABC's \"This Week\" program that aid was coming.")]
    [InlineData("She spoke to CBS's 60 Minutes about the war.")]
    [InlineData("This is VOA Today.")]
    [InlineData("Shareholders gathered at the annual meeting.")]
    public void Time_words_inside_names_and_the_adjective_annual_are_not_times(string text) =>
        Assert.Empty(TestDocuments.Process(text, Published).Times);

    [Fact]
    public void A_month_abbreviation_without_its_period_needs_a_date_number()
    {
        Assert.Empty(TestDocuments.Process("Foreign Minister Jan Kavan signed the treaty.", Published).Times);
        Assert.Equal("2016-01-12", TestDocuments.Process("The talks opened Jan 12.", Published).TimeOf("Jan 12").Value);
    }

    [Fact]
    public void Year_ago_quarters_follow_the_quarter_the_story_reports()
    {
        var doc = TestDocuments.Process("Profit rose in the third quarter. In the year-ago quarter, the firm lost money. Year-earlier sales were lower. In the 2015 period, costs were high. Margins widened in the quarter.", Published);
        Assert.Equal("2016-Q3", doc.TimeOf("the third quarter").Value);
        Assert.Equal("2015-Q3", doc.TimeOf("the year-ago quarter").Value);
        Assert.Equal("2015-Q3", doc.TimeOf("Year-earlier").Value);
        Assert.Equal("2015-Q3", doc.TimeOf("the 2015 period").Value);
        Assert.Equal("2016-Q3", doc.TimeOf("the quarter").Value);
    }

    [Fact]
    public void A_year_ago_word_without_a_quarter_in_the_story_is_the_year_before() =>
        Assert.Equal("2015", TestDocuments.Process("Exports beat year-earlier levels.", Published).TimeOf("year-earlier").Value);

    [Theory]
    [InlineData("Sales for the full year rose 4%.", "the full year", "DATE", "2016")]
    [InlineData("Output will grow in the current fiscal year.", "the current fiscal year", "DATE", "2016")]
    [InlineData("It earned $3 million in the year ended June 30.", "the year", "DURATION", "P1Y")]
    [InlineData("The plant must close by year-end.", "year-end", "DATE", "2016")]
    public void The_year_of_the_story(string text, string span, string type, string value)
    {
        var t = TestDocuments.Process(text, Published).TimeOf(span);
        Assert.Equal((type, value), (t.Type, t.Value));
    }

    [Fact]
    public void The_year_before_is_not_the_story_year() =>
        Assert.DoesNotContain(TestDocuments.Process("Exports fell, down from the year before.", Published).Times, t => t.Text.Contains("year", StringComparison.Ordinal));

    [Fact]
    public void That_year_and_the_following_month_refer_to_the_last_date_given()
    {
        var doc = TestDocuments.Process("The mill opened in March 2014. Later that year it was sold. The following month, workers struck.", Published);
        Assert.Equal("2014", doc.TimeOf("Later that year").Value);
        Assert.Equal("2014-04", doc.TimeOf("The following month").Value);
    }

    [Theory]
    [InlineData("The offer was extended to Nov. 20.", "Nov. 20", "2016-11-20")]
    [InlineData("The dividend is payable Jan. 2.", "Jan. 2", "2017-01-02")]
    [InlineData("The bridge loan must be repaid by February.", "February", "2017-02")]
    [InlineData("The strike began on October 28.", "October 28", "2016-10-28")]
    [InlineData("The strike began on November 28.", "November 28", "2015-11-28")]
    public void Present_tense_and_deadlines_let_a_year_less_date_lie_ahead(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, new DateOnly(2016, 11, 2)).TimeOf(span).Value);

    [Theory]
    [InlineData("Growth should pick up early next year.", "early next year", "2017")]
    [InlineData("The vote was held in late November.", "late November", "2016-11")]
    [InlineData("The bases will close by the end of 2018.", "the end of 2018", "2018")]
    [InlineData("Exports slumped in the first half of 2015.", "the first half of 2015", "2015-H1")]
    [InlineData("Unrest grew in the late 1970s.", "the late 1970s", "197")]
    [InlineData("Troops left in mid-November.", "mid-November", "2016-11")]
    [InlineData("The group split in mid-1996.", "mid-1996", "1996")]
    [InlineData("It was the worst flood of the 20th century.", "the 20th century", "19")]
    public void Spans_take_in_words_that_place_a_date_in_its_period(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("Net income rose in the nine months ended Sept. 30.", "the nine months", "P9M")]
    [InlineData("The third-quarter results were weak.", "third-quarter", "2016-Q3")]
    [InlineData("Sales fell in fiscal 2015.", "fiscal 2015", "2015")]
    [InlineData("Profit in this year's third quarter doubled.", "this year's third quarter", "2016-Q3")]
    public void Financial_periods(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M")]
    [InlineData("A minute and a half later the roof fell.", "A minute and a half", "PT1M30S")]
    [InlineData("Aid should arrive in a few days.", "a few days", "PXD")]
    [InlineData("Prices will rise over the next couple of years.", "the next couple of years", "P2Y")]
    [InlineData("The feud lasted almost two decades.", "almost two decades", "P20Y")]
    public void Lengths_with_halves_couples_and_decades(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Fact]
    public void A_second_before_a_noun_is_an_ordinal() =>
        Assert.Empty(TestDocuments.Process("It would be a second betrayal.", Published).Times);

    [Theory]
    [InlineData("The boy was rescued on Thanksgiving Day.", "Thanksgiving Day", "2016-11-24")]
    [InlineData("Markets closed early on Christmas Eve.", "Christmas Eve", "2016-12-24")]
    [InlineData("Pilgrims came in Easter week.", "Easter week", "2016-W12")]
    [InlineData("The ceasefire broke down last Christmas.", "last Christmas", "2015-12-25")]
    [InlineData("The raid came on Christmas 2012.", "Christmas 2012", "2012-12-25")]
    public void Holidays_are_dated_by_their_rule(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Fact]
    public void National_days_that_differ_by_country_are_not_dated() =>
        Assert.Empty(TestDocuments.Process("Prisoners were freed in an Independence Day amnesty.", Published).Times);

    [Theory]
    [InlineData("Negotiations broke off at noon Thursday.", "noon Thursday", "2016-12-22T12:00")]
    [InlineData("The offer expires at 5 p.m. EST, Dec. 30.", "5 p.m. EST, Dec. 30", "2016-12-30T17:00")]
    [InlineData("The blast struck on Tuesday. Police said it came at 10 p.m. near the market.", "10 p.m.", "2016-12-20T22:00")]
    public void Clock_times_take_the_day_named_with_them_or_the_last_day_the_story_gave(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Theory]
    [InlineData("Prices doubled over the past year.", "the past year", "2015")]
    [InlineData("Crime fell during the last decade.", "the last decade", "200")]
    [InlineData("Fighting eased over the past week.", "the past week", "2016-W51")]
    [InlineData("Shares fell eight trading days in a row.", "eight trading days", "P8D")]
    public void The_past_year_is_the_calendar_year_before(string text, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, Published).TimeOf(span).Value);

    [Fact]
    public void Soon_beside_a_past_verb_is_not_a_future_reference() =>
        Assert.Empty(TestDocuments.Process("He was soon released from the hospital.", Published).Times);

    [Theory]
    [InlineData("The appeal is heard in May.", 3, "May", "2016-05")]
    [InlineData("The appeal was heard in May.", 3, "May", "2015-05")]
    [InlineData("The ferries should run by August.", 2, "August", "2016-08")]
    public void A_participle_after_a_present_auxiliary_is_not_past_and_ties_go_ahead_for_deadlines(string text, int publishedMonth, string span, string value) =>
        Assert.Equal(value, TestDocuments.Process(text, new DateOnly(2016, publishedMonth, 1)).TimeOf(span).Value);

    [Theory]
    [InlineData("The firm pays interest every quarter.", "every quarter", "SET", "P1Q")]
    [InlineData("Losses will shrink in coming quarters.", "coming quarters", "DATE", "FUTURE_REF")]
    [InlineData("It lost money for several quarters.", "several quarters", "DURATION", "PXQ")]
    [InlineData("Sales rose last quarter.", "last quarter", "DATE", "2016-Q3")]
    [InlineData("Prices may ease in the near term.", "the near term", "DATE", "FUTURE_REF")]
    public void Quarters_as_a_unit_and_the_near_term(string text, string span, string type, string value)
    {
        var t = TestDocuments.Process(text, Published).TimeOf(span);
        Assert.Equal((type, value), (t.Type, t.Value));
    }

    [Theory]
    [InlineData("Three quarters of the voters stayed home.")]
    [InlineData("A quarter of the city lost power.")]
    [InlineData("The troops returned to their quarters.")]
    public void Quarters_as_parts_or_rooms_are_not_times(string text) =>
        Assert.Empty(TestDocuments.Process(text, Published).Times);

    [Fact]
    public void The_future_of_something_is_not_a_time()
    {
        Assert.Empty(TestDocuments.Process("Talks on the future of the region stalled.", Published).Times);
        Assert.Equal("FUTURE_REF", TestDocuments.Process("More strikes may come in the future.", Published).TimeOf("the future").Value);
    }
}
