using Sitrep.Core;

namespace Sitrep.Extraction.Tests;

public class HtmlExtractionTests
{
    private static ArticleInfo FromHtml(string html, string? url = null, DateOnly? published = null) =>
        ArticleExtractor.Extract(new SourceDocument { Html = html, Url = url, Published = published });

    [Fact]
    public void Body_keeps_paragraphs_headings_and_lists_in_order()
    {
        var article = FromHtml(TestPages.ArticleHtml());
        var paragraphs = article.Text.Split("\n\n");
        Assert.Equal(TestPages.Para1, paragraphs[0]);
        Assert.Equal(TestPages.Para5, paragraphs[^3]);
        Assert.Contains(TestPages.Subhead, paragraphs);
        Assert.True(Array.IndexOf(paragraphs, TestPages.Para4) < Array.IndexOf(paragraphs, TestPages.Subhead));
        Assert.Contains("Mobile networks were restored in most districts late on Wednesday.", paragraphs);
    }

    [Theory]
    [InlineData("Skip to main content")]
    [InlineData("Breaking News")]
    [InlineData("Storm warning")]
    [InlineData("Share on Facebook")]
    [InlineData("Smoke rises over the market")]
    [InlineData("Advertisement")]
    [InlineData("Ceasefire talks stall")]
    [InlineData("Related")]
    [InlineData("Sign up for our morning briefing")]
    [InlineData("We use cookies")]
    [InlineData("This is a disgrace")]
    [InlineData("independent newspaper founded")]
    [InlineData("Politics")]
    [InlineData("ANA PEREIRA")]
    [InlineData("Army retakes Kalvaro")]
    public void Boilerplate_is_not_in_the_body(string boilerplate)
    {
        var article = FromHtml(TestPages.ArticleHtml());
        Assert.DoesNotContain(boilerplate, article.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Title_drops_outlet_suffix_and_byline_is_cleaned()
    {
        var article = FromHtml(TestPages.ArticleHtml());
        Assert.Equal("Army retakes Kalvaro after three-day battle", article.Title);
        Assert.Equal(["Ana Pereira", "Tomas Lind"], article.Authors);
        Assert.Equal("en", article.Language);
    }

    private const string JsonLd = """
        <script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site Graph"},
         {"@type":"NewsArticle","headline":"Kalvaro falls to army","datePublished":"2021-03-04T22:10:00+02:00",
          "author":[{"@type":"Person","name":"Ana Pereira"},{"@type":"Person","name":"Tomas Lind"}],
          "publisher":{"@type":"Organization","name":"The Daily Meridian"}}]}
        </script>
        """;

    private const string MetaTags = """
        <meta property="og:title" content="Meta title for Kalvaro story | Meridian">
        <meta property="og:site_name" content="Meridian Online">
        <meta property="article:published_time" content="2021-05-06T08:00:00Z">
        <meta name="author" content="By Rui Costa">
        """;

    private const string TimeElement = """<time datetime="2021-07-08T09:00:00Z">8 July</time>""";

    [Fact]
    public void Json_ld_wins_over_meta_time_and_url()
    {
        var article = FromHtml(TestPages.ArticleHtml(JsonLd + MetaTags, TimeElement), "https://example.org/2021/09/10/kalvaro");
        Assert.Equal(new DateOnly(2021, 3, 4), article.Published);
        Assert.Equal("Kalvaro falls to army", article.Title);
        Assert.Equal(["Ana Pereira", "Tomas Lind"], article.Authors);
        Assert.Equal("The Daily Meridian", article.Outlet);
    }

    [Fact]
    public void Meta_tags_win_over_time_and_url()
    {
        var article = FromHtml(TestPages.ArticleHtml(MetaTags, TimeElement), "https://example.org/2021/09/10/kalvaro");
        Assert.Equal(new DateOnly(2021, 5, 6), article.Published);
        Assert.Equal("Meta title for Kalvaro story", article.Title);
        Assert.Equal(["Rui Costa"], article.Authors);
        Assert.Equal("Meridian Online", article.Outlet);
    }

    [Fact]
    public void Time_element_wins_over_url()
    {
        var article = FromHtml(TestPages.ArticleHtml("", TimeElement), "https://example.org/2021/09/10/kalvaro");
        Assert.Equal(new DateOnly(2021, 7, 8), article.Published);
    }

    [Fact]
    public void Url_date_wins_over_the_supplied_date()
    {
        var article = FromHtml(TestPages.ArticleHtml(), "https://example.org/2021/09/10/kalvaro", new DateOnly(2020, 1, 1));
        Assert.Equal(new DateOnly(2021, 9, 10), article.Published);
    }

    [Fact]
    public void Supplied_date_is_the_fallback()
    {
        var article = FromHtml(TestPages.ArticleHtml(), "https://example.org/world/kalvaro", new DateOnly(2020, 1, 1));
        Assert.Equal(new DateOnly(2020, 1, 1), article.Published);
    }

    [Fact]
    public void Closing_credit_paragraph_moves_to_credits()
    {
        var html = TestPages.ArticleHtml(endOfBody: "<p>Additional reporting by Maria Ionescu in Bucharest and Lee Park; Editing by Sam Ortiz</p>");
        var article = FromHtml(html);
        Assert.Equal(["Maria Ionescu", "Lee Park", "Sam Ortiz"], article.Credits);
        Assert.DoesNotContain("Additional reporting", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_without_article_containers_falls_back_to_body_text()
    {
        var html = $"<html><body><b>Kalvaro</b><br>{TestPages.Para1}<br><br>{TestPages.Para2}</body></html>";
        var article = FromHtml(html);
        Assert.Contains(TestPages.Para1, article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para2, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Entities_are_decoded_and_mojibake_repaired()
    {
        var html = $"<html><body><article><p>The minister&#8217;s office said on Monday that talks would resume, and that both delegations had agreed to meet again.</p><p>Officials didnâ€™t say where the talks would be held, but diplomats said the venue could be announced within days.</p><p>{TestPages.Para3}</p></article></body></html>";
        var article = FromHtml(html);
        Assert.Contains("The minister’s office", article.Text, StringComparison.Ordinal);
        Assert.Contains("Officials didn’t say", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_is_normalised_with_paragraph_breaks()
    {
        var html = $"<html><body><article><p>  The   minister\n said\u00a0on Monday that talks would resume after a pause of several weeks.</p>\n\n<p>{TestPages.Para2}</p><p>{TestPages.Para3}</p></article></body></html>";
        var article = FromHtml(html);
        Assert.StartsWith("The minister said on Monday that talks would resume after a pause of several weeks.\n\n" + TestPages.Para2, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Navigation_only_page_is_rejected_as_no_article()
    {
        var html = "<html><body><div class='menu'><a href='/'>Home</a> <a href='/news'>News</a></div><div><a href='/sport'>Sport</a> <a href='/weather'>Weather</a></div></body></html>";
        var ex = Assert.Throws<DocumentRejectedException>(() => FromHtml(html));
        Assert.Equal("no_article", ex.Code);
    }

    [Fact]
    public void Blank_page_is_rejected_as_empty()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => FromHtml("<html><head><title></title></head><body>  <script>var x = 1;</script> </body></html>"));
        Assert.Equal("empty", ex.Code);
    }

    [Fact]
    public void Deeply_nested_page_finishes_with_its_text()
    {
        var sb = new System.Text.StringBuilder("<html><body>");
        for (int i = 0; i < 100_000; i++) sb.Append("<div>");
        sb.Append("<p>").Append(TestPages.Para1).Append("</p><p>").Append(TestPages.Para2).Append("</p>");
        for (int i = 0; i < 100_000; i++) sb.Append("</div>");
        sb.Append("</body></html>");
        var article = FromHtml(sb.ToString());
        Assert.Contains(TestPages.Para1, article.Text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para2, article.Text, StringComparison.Ordinal);
    }
}
