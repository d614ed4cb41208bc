using Sitrep.Core;

namespace Sitrep.Extraction.Tests;

/// <summary>Where the publication date comes from when a page has no JSON-LD or meta date.</summary>
public class PublicationDateTests
{
    private static ArticleInfo FromHtml(string html, DateOnly? published = null) =>
        ArticleExtractor.Extract(new SourceDocument { Html = html, Published = published });

    private static string Page(string header, string afterBody = "", string lang = "de") => $"""
        <html lang="{lang}"><head><title>Flood defences hold in the river valley</title></head><body>
        <div class="site-nav"><a href="/">Start</a></div>
        <h1>Flood defences hold in the river valley</h1>
        {header}
        <div class="text"><p>{TestPages.Para1}</p><p>{TestPages.Para2}</p><p>{TestPages.Para3}</p></div>
        {afterBody}
        </body></html>
        """;

    [Theory]
    [InlineData("<span class=\"date\">14.03.2021</span>", 2021, 3, 14)]
    [InlineData("<p class=\"info\">Von Karl Brenner am 9. März 2021, 10:15 Uhr</p>", 2021, 3, 9)]
    [InlineData("<div class=\"meta\">Publié le 7 avril 2021</div>", 2021, 4, 7)]
    [InlineData("<div class=\"meta\">Pubblicato il 2 maggio 2021</div>", 2021, 5, 2)]
    [InlineData("<div class=\"meta\">5 ноября 2021</div>", 2021, 11, 5)]
    [InlineData("<abbr class=\"published\" title=\"2021-06-30T08:00:00+02:00\">vor drei Tagen</abbr>", 2021, 6, 30)]
    public void Visible_dates_in_several_languages_and_formats_are_read(string header, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), FromHtml(Page(header)).Published);
    }

    [Fact]
    public void Slashed_dates_follow_the_page_convention()
    {
        Assert.Equal(new DateOnly(2021, 4, 3), FromHtml(Page("<span class=\"date\">04/03/2021</span>", lang: "en-US")).Published);
        Assert.Equal(new DateOnly(2021, 3, 4), FromHtml(Page("<span class=\"date\">04/03/2021</span>", lang: "en-GB")).Published);
    }

    [Fact]
    public void Canonical_url_date_is_used_when_no_url_is_given()
    {
        var html = Page("").Replace("<title>", "<link rel=\"canonical\" href=\"https://news.example.org/2021/02/17/flood-defences/\"><title>", StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2021, 2, 17), FromHtml(html).Published);
    }

    [Fact]
    public void Reader_comment_dates_are_not_the_publication_date()
    {
        var comments = "<section class=\"comments\"><div class=\"comment-date\">12.05.2021</div><p>Great piece, thanks for writing it up.</p></section>";
        var article = FromHtml(Page("<span class=\"date\">03.05.2021</span>", comments));
        Assert.Equal(new DateOnly(2021, 5, 3), article.Published);
        Assert.Null(FromHtml(Page("", comments)).Published);
    }

    [Fact]
    public void Date_near_the_headline_is_a_guess_below_a_supplied_date()
    {
        var html = Page("<p>Kalvaro, 21.08.2020</p>");
        Assert.Equal(new DateOnly(2020, 8, 21), FromHtml(html).Published);
        Assert.Equal(new DateOnly(2020, 8, 22), FromHtml(html, new DateOnly(2020, 8, 22)).Published);
    }

    [Fact]
    public void Modified_date_is_used_only_without_a_publication_date()
    {
        var modified = "<meta property=\"article:modified_time\" content=\"2022-01-09T10:00:00Z\">";
        Assert.Equal(new DateOnly(2022, 1, 9), FromHtml(Page("").Replace("<title>", modified + "<title>", StringComparison.Ordinal)).Published);
        var both = modified + "<meta property=\"article:published_time\" content=\"2022-01-02T10:00:00Z\">";
        Assert.Equal(new DateOnly(2022, 1, 2), FromHtml(Page("").Replace("<title>", both + "<title>", StringComparison.Ordinal)).Published);
    }

    [Fact]
    public void Publication_field_in_a_page_script_is_read()
    {
        var script = "<script>window.__STATE__ = {\"story\":{\"published_at\":\"2020-11-30T06:00:00+01:00\"}};</script>";
        Assert.Equal(new DateOnly(2020, 11, 30), FromHtml(Page("", script)).Published);
    }

    [Theory]
    [InlineData("Version 2.1.2021.4 of the tool", null)]
    [InlineData("Call 12.10.19.30 now", null)]
    [InlineData("am 3.05.13 um 11:51", "2013-05-03")]
    [InlineData("7 de mayo de 2020", "2020-05-07")]
    [InlineData("Dezember 16th, 2012", "2012-12-16")]
    public void Dates_in_text(string text, string? expected)
    {
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateParser.FindInText(text));
    }

    [Fact]
    public void Compact_url_dates_are_read()
    {
        Assert.Equal(new DateOnly(2020, 4, 28), DateParser.FromUrl("https://www.example.se/20200428/swedes-who-sail/"));
    }

    private static string WithHead(string page, string head) => page.Replace("<title>", head + "<title>", StringComparison.Ordinal);

    [Fact]
    public void Utc_timestamp_yields_to_the_same_instant_with_its_local_offset()
    {
        var head = """
            <meta property="article:published_time" content="2023-11-09T01:09:55+00:00">
            <script>var analytics = { published: '2023-11-08T18:09:55-07:00', updated: '2023-11-09T09:00:00-07:00' };</script>
            """;
        Assert.Equal(new DateOnly(2023, 11, 8), FromHtml(WithHead(Page("", lang: "en-US"), head)).Published);
    }

    [Theory]
    [InlineData("published: '2023-11-08T18:09:55-07:00'", "2023-11-08")]
    [InlineData("published: '2023-11-09T10:39:55+09:30'", "2023-11-09")]
    [InlineData("published: '2023-11-08T18:09:56-07:00'", null)]
    [InlineData("updated: '2023-11-12T18:09:55-07:00'", null)]
    public void The_local_day_of_an_instant_comes_from_a_timestamp_naming_it(string text, string? expected)
    {
        var instant = new DateTimeOffset(2023, 11, 9, 1, 9, 55, TimeSpan.Zero);
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateParser.LocalDayOfInstant(text, instant));
    }

    [Fact]
    public void Utc_timestamp_yields_to_a_url_or_headline_date_one_day_off()
    {
        var viaUrl = WithHead(Page(""), """<meta property="article:published_time" content="2023-11-01T23:01:00Z"><link rel="canonical" href="https://news.example.org/world/2023/11/02/story-123/">""");
        Assert.Equal(new DateOnly(2023, 11, 2), FromHtml(viaUrl).Published);
        var viaByline = WithHead(Page("<p>Von Karl Brenner, 2. November 2023</p>"), """<meta property="article:published_time" content="2023-11-01T23:01:00Z">""");
        Assert.Equal(new DateOnly(2023, 11, 2), FromHtml(viaByline).Published);
    }

    [Fact]
    public void Utc_timestamp_keeps_its_day_when_no_offset_could_change_it()
    {
        // Noon UTC is the previous day nowhere, so a byline date before it is not the local day.
        var html = WithHead(Page("<p>Von Karl Brenner, 1. November 2023</p>"), """<meta property="article:published_time" content="2023-11-02T13:00:00Z">""");
        Assert.Equal(new DateOnly(2023, 11, 2), FromHtml(html).Published);
        var stated = WithHead(Page("<p>Von Karl Brenner, 1. November 2023</p>"), """<meta property="article:published_time" content="2023-11-02T08:00:00+01:00">""");
        Assert.Equal(new DateOnly(2023, 11, 2), FromHtml(stated).Published);
    }

    [Fact]
    public void Page_without_a_body_is_rejected_but_keeps_its_title_and_date()
    {
        var html = """
            <html><head><title>Quarterly river levels</title><meta property="article:published_time" content="2021-05-12T09:30:00+02:00"></head>
            <body><div class="menu"><a href="/">Home</a> <a href="/news">News</a></div></body></html>
            """;
        var ex = Assert.Throws<DocumentRejectedException>(() => FromHtml(html));
        Assert.Equal(new DateOnly(2021, 5, 12), ex.MetadataOnly?.Published);

        var document = new Document("river-levels", new SourceDocument { Html = html });
        Assert.Throws<DocumentRejectedException>(() => new ArticleStage().Process(document));
        Assert.Equal(new DateOnly(2021, 5, 12), document.Article?.Published);
        Assert.Equal("Quarterly river levels", document.Article?.Title);
        Assert.Equal("", document.Article?.Text);
    }

    [Fact]
    public void Unqualified_meta_date_ranks_below_the_date_the_page_shows()
    {
        const string head = """<meta name="date" content="2022-01-21T15:38:44+01:00"><meta name="dcterms.date" content="2022-01-21">""";
        Assert.Equal(new DateOnly(2022, 1, 25), FromHtml(WithHead(Page("<span class=\"date\">25.01.2022</span>"), head)).Published);
        Assert.Equal(new DateOnly(2022, 1, 21), FromHtml(WithHead(Page(""), head)).Published);
        // A meta tag that names the publication stays above the page's visible dates.
        Assert.Equal(new DateOnly(2022, 1, 21), FromHtml(WithHead(Page("<span class=\"date\">25.01.2022</span>"),
            """<meta property="article:published_time" content="2022-01-21T15:38:44+01:00">""")).Published);
    }
}
