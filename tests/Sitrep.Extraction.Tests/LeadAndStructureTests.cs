using Sitrep.Core;

namespace Sitrep.Extraction.Tests;

/// <summary>Body parts that templates keep apart from the main container: leads, lists, tables.</summary>
public class LeadAndStructureTests
{
    private static ArticleInfo FromHtml(string html) => ArticleExtractor.Extract(new SourceDocument { Html = html });

    private const string Lead = "Three days of fighting ended with the army back in the town centre and thousands of residents still in shelters outside it.";

    private static string Body => $"<p>{TestPages.Para1}</p><p>{TestPages.Para2}</p><p>{TestPages.Para3}</p><p>{TestPages.Para4}</p>";

    [Fact]
    public void Lead_box_before_the_body_container_opens_the_text()
    {
        var html = $"""
            <html><body><div class="page"><div class="story-wrap">
              <h1>Army retakes Kalvaro</h1>
              <div class="intro"><p>{Lead}</p></div>
              <div class="meta">Updated 3 hours ago</div>
              <div class="story-body">{Body}</div>
            </div></div></body></html>
            """;
        var article = FromHtml(html);
        Assert.StartsWith(Lead + "\n\n" + TestPages.Para1, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Updated", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_in_the_article_header_stays_but_the_byline_goes()
    {
        var html = $"""
            <html><body><main><article>
              <header><h1>Army retakes Kalvaro</h1><p class="standfirst">{Lead}</p><div class="byline">By Ana Pereira</div></header>
              <div class="content">{Body}</div>
            </article></main></body></html>
            """;
        var article = FromHtml(html);
        Assert.StartsWith(Lead + "\n\n" + TestPages.Para1, article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ana Pereira", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_box_before_the_headline_is_not_a_lead()
    {
        var html = $"""
            <html><body><div class="page"><div class="story-wrap">
              <div class="teaser"><p>Other story: a new bridge opens in the capital after years of delays and cost overruns.</p></div>
              <h1>Army retakes Kalvaro</h1>
              <div class="story-body">{Body}</div>
            </div></div></body></html>
            """;
        var article = FromHtml(html);
        Assert.StartsWith(TestPages.Para1, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_repeated_in_other_words_by_the_body_is_kept_once()
    {
        var reworded = "Government forces recaptured the northern town of Kalvaro on Tuesday after three days of fighting with rebel units.";
        var html = $"""
            <html><body><div class="page"><div class="story-wrap">
              <h1>Army retakes Kalvaro</h1>
              <div class="summary">{reworded}</div>
              <div class="story-body">{Body}</div>
            </div></div></body></html>
            """;
        var article = FromHtml(html);
        Assert.StartsWith(TestPages.Para1, article.Text, StringComparison.Ordinal);
    }

    private static string Block(params string[] paragraphs) =>
        "<div class=\"row block\"><div class=\"col\"><div class=\"text\">" + string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) + "</div></div></div>";

    [Fact]
    public void Body_split_into_blocks_of_one_kind_is_gathered()
    {
        const string Para6 = "Engineers began clearing the main road to the river crossing, which the army said would reopen to civilian traffic by the end of the week.";
        var html = $"""
            <html><body><main><article><h1>Army retakes Kalvaro</h1>
              <div class="layout">
                {Block(TestPages.Para1, TestPages.Para2)}
                <div class="ad-slot"></div>
                {Block(TestPages.Para3, TestPages.Para4)}
                {Block(TestPages.Para5, Para6)}
              </div>
              <div class="more-stories"><div class="card"><h3><a href="/a">Bridge opens</a></h3><p>A new bridge opened in the capital after years of delays, officials said on Friday.</p></div></div>
            </article></main></body></html>
            """;
        var paragraphs = FromHtml(html).Text.Split("\n\n");
        Assert.Equal([TestPages.Para1, TestPages.Para2, TestPages.Para3, TestPages.Para4, TestPages.Para5, Para6], paragraphs);
    }

    [Fact]
    public void Blocks_of_another_kind_beside_the_body_are_not_gathered()
    {
        var html = $"""
            <html><body><div class="page">
              <div class="main-col"><div class="text"><p>{TestPages.Para1}</p><p>{TestPages.Para2}</p><p>{TestPages.Para3}</p></div></div>
              <div class="teaser-list"><div class="card"><p>Other story: a new bridge opened in the capital after years of delays, officials said on Friday.</p></div></div>
            </div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.DoesNotContain("Other story", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbered_block_classes_still_count_as_one_kind()
    {
        string Numbered(int n, string a, string b) =>
            $"<div class=\"widget text-widget widget-{n}a7\"><div class=\"inner\"><p>{a}</p><p>{b}</p></div></div>";
        var html = $"""
            <html><body><div class="page"><h1>Army retakes Kalvaro</h1><div class="layout">
              {Numbered(1, TestPages.Para1, TestPages.Para2)}{Numbered(2, TestPages.Para3, TestPages.Para4)}
            </div></div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para4, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_beside_the_article_element_opens_the_text()
    {
        var html = $"""
            <html><body><main>
              <header class="page-head"><h1>Army retakes Kalvaro</h1><div class="summary"><p>{Lead}</p></div></header>
              <article><div class="content">{Body}</div></article>
            </main></body></html>
            """;
        Assert.StartsWith(Lead + "\n\n" + TestPages.Para1, FromHtml(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Teaser_cards_marked_as_articles_do_not_keep_their_aside()
    {
        string Card(string title) =>
            $"<article class=\"card\"><h3>{title}</h3><p>Rain, wind and hail cut the coastal road, the port, the rail line and two bridges, officials said, and crews worked overnight, again.</p></article>";
        var html = $"""
            <html><body><div class="wrap"><div class="story-body"><h1>Army retakes Kalvaro</h1>{Body}</div>
              <aside>{Card("Floods close the coastal road")}{Card("Port strike enters its third week")}{Card("Schools reopen in the north")}</aside>
            </div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.DoesNotContain("coastal road", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("author-box")]
    [InlineData("about-author")]
    [InlineData("kommentare")]
    [InlineData("editorial-disclaimer")]
    [InlineData("affiliate-text")]
    [InlineData("image-legend")]
    [InlineData("BorlabsCookie")]
    // A body word in the same compound class does not save furniture.
    [InlineData("post-author-box")]
    [InlineData("entry-related-articles")]
    [InlineData("content-footer")]
    public void Author_boxes_comment_sections_disclaimers_and_consent_boxes_are_pruned(string cls)
    {
        var html = $"""
            <html><body><article><h1>Army retakes Kalvaro</h1><div class="content">{Body}
              <div class="{cls}"><p>Ana Pereira has covered the war in the north for ten years, and before that she reported on politics.</p></div>
            </div></article></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ana Pereira", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_word_in_another_class_token_still_outweighs_furniture()
    {
        var html = $"""
            <html><body><div class="entry-content comments-open">{Body}</div>
              <div class="sidebar"><p>Subscribe to our weekly digest of the most important stories from the region and beyond.</p></div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para4, text, StringComparison.Ordinal);
    }

    private const string Badge = "This portal was certified by an independent testing agency for the quality of its advice, the accuracy of its data, its search options, transparency and clarity, and for the security of all personal data entered.";

    [Fact]
    public void A_body_inside_a_furniture_named_wrapper_beats_a_small_box_elsewhere()
    {
        var html = $"""
            <html><body><div class="badge"><p>{Badge}</p></div>
              <div class="sidebar-wrapper"><div class="article-wrapper">{Body}<p>{TestPages.Para5}</p></div></div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para5, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_article_keeps_out_a_longer_related_list()
    {
        var teasers = string.Concat(Enumerable.Repeat($"<div class=\"entry-content\"><p>{TestPages.Para5}</p><p>{TestPages.Para2}</p></div>", 5));
        var html = $"""
            <html><body><article class="post"><h1>Army retakes Kalvaro</h1><p>{Badge}</p></article>
              <div class="related-posts">{teasers}</div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(Badge, text, StringComparison.Ordinal);
        Assert.DoesNotContain("convoy", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_given_only_inside_noscript_is_read_but_a_tracking_noscript_is_not()
    {
        var html = $"""
            <html><body><noscript><p>Please enable JavaScript to view this site.</p></noscript>
              <div class="post"><h2>Army retakes Kalvaro</h2><div class="post-body">
              <script type="text/template">{TestPages.Para1}</script>
              <noscript>{Body}</noscript></div></div>
              <div class="footer-links"><p>About us, contact and the terms of use of this site.</p></div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.StartsWith(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para4, text, StringComparison.Ordinal);
        Assert.DoesNotContain("JavaScript", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_paragraph_box_with_a_close_score_gives_way_to_a_body_with_several_times_its_prose()
    {
        const string Box = "Storms, floods, fires, strikes, queues, delays, closures, shortages, protests, arrests, curfews, blackouts, road works and rail cuts: the week in the capital, as seen by our readers, in brief, with links.";
        var html = $"""
            <html><body><div class="row"><div class="col"><h1>Army retakes Kalvaro</h1>
              <div class="block"><div class="inner"><p>{Box}</p></div></div></div></div>
              <div class="row"><div class="col"><div class="wrap">
                <div class="block"><div class="inner"><p>{TestPages.Para1}</p><p>{TestPages.Para2}</p><p>{TestPages.Para3}</p><p>{TestPages.Para4}</p></div></div>
              </div></div></div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para3, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_in_the_page_header_is_found_five_levels_above_a_nested_body()
    {
        var html = $"""
            <html><body><article class="main"><header><h1>Army retakes Kalvaro</h1><p class="lead">{Lead}</p></header>
              <div class="body"><div class="c1"><div class="c2"><div class="c3"><article id="content">{Body}</article></div></div></div></div>
            </article></body></html>
            """;
        Assert.StartsWith(Lead + "\n\n" + TestPages.Para1, FromHtml(html).Text, StringComparison.Ordinal);
    }

    private static string Post(int n, string text) => $"""
        <div class="message" id="post-{n}"><div class="user-cell"><a href="/u/{n}">member{n}</a><span>Posts: {n * 37}</span></div>
          <div class="message-main"><div class="message-content"><div class="message-body">{text}</div></div></div></div>
        """;

    [Fact]
    public void Posts_of_a_forum_thread_are_all_read_in_order()
    {
        var html = $"""
            <html><body><h1>Army retakes Kalvaro</h1>
              {Post(1, TestPages.Para1 + " " + TestPages.Para2)}{Post(2, TestPages.Para3)}{Post(3, TestPages.Para4 + " " + TestPages.Para5)}
            </body></html>
            """;
        var text = FromHtml(html).Text;
        int first = text.IndexOf(TestPages.Para1, StringComparison.Ordinal), second = text.IndexOf(TestPages.Para3, StringComparison.Ordinal);
        int third = text.IndexOf(TestPages.Para5, StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first && third > second, text);
    }

    [Fact]
    public void A_body_does_not_pull_in_small_boxes_that_share_its_class()
    {
        var box = "<div class=\"text-block\"><p>Editors' pick: a new bridge opens in the capital after years of delays, cost overruns and disputes.</p></div>";
        var html = $"""
            <html><body><div class="text-block">{Body}<p>{TestPages.Para5}</p></div>
              <div class="more"><div class="c">{box}</div><div class="c">{box.Replace("bridge", "tunnel")}</div><div class="c">{box.Replace("bridge", "airport")}</div></div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para5, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Editors' pick", text, StringComparison.Ordinal);
    }

    private static string BuilderRow(string paragraphs) =>
        $"""<div class="row"><div class="col"><div class="col-inner"><div class="wrap"><div class="text-col"><div class="text-wrap">{paragraphs}</div></div></div></div></div></div>""";

    [Fact]
    public void A_body_split_into_deeply_wrapped_builder_rows_is_gathered()
    {
        var html = $"""
            <html><body><h1>Army retakes Kalvaro</h1><div class="page-body">
              {BuilderRow($"<p>{TestPages.Para1}</p><p>{TestPages.Para2}</p><p>{TestPages.Para3}</p>")}
              {BuilderRow($"<p>{TestPages.Para4}</p><p>{TestPages.Para5}</p>")}
            </div></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains(TestPages.Para1, text, StringComparison.Ordinal);
        Assert.Contains(TestPages.Para5, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ruby_readings_do_not_interleave_with_the_text()
    {
        var html = $"""
            <html><body><article><h1>Army retakes Kalvaro</h1><div class="content">{Body}
              <p>The <ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども of the district were moved to the school in the town centre before the fighting.</p>
            </div></article></body></html>
            """;
        var text = FromHtml(html).Text;
        Assert.Contains("The 子ども of the district", text, StringComparison.Ordinal);
    }
}
