using System.Text;

namespace Sitrep.Ingest.Tests;

public class FeedAndRobotsTests
{
    private static readonly string LongArticle = string.Concat(Enumerable.Repeat(
        "<p>Security forces clashed with protesters in Mombasa on Friday, and the Red Cross said 14 people were injured in the unrest. </p>", 12));

    private static List<Sitrep.Core.Document> ReadFile(string name, string content) =>
        new InputReader(new IngestOptions()).Read([WarcTestData.TempFile(name, Encoding.UTF8.GetBytes(content))]).ToList();

    [Fact]
    public void Rss_items_with_full_content_become_documents_without_fetching()
    {
        var docs = ReadFile("wire.rss", $"""
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title><link>https://wire.example/</link><description>d</description>
              <item><title>Clashes in Mombasa</title><link>https://wire.example/mombasa</link><description>Short.</description>
                <content:encoded><![CDATA[{LongArticle}]]></content:encoded><pubDate>Fri, 3 Mar 2023 18:00:00 EST</pubDate></item>
              <item><title>Second</title><guid>https://wire.example/second</guid><description>Only a line.</description><pubDate>not a date</pubDate></item>
            </channel></rss>
            """);

        Assert.Null(docs[0].Error);
        Assert.Equal(2, docs.Count);
        Assert.Equal("https://wire.example/mombasa", docs[0].Id);
        Assert.Contains("Red Cross", docs[0].Source.Html);
        Assert.Contains("<title>Clashes in Mombasa</title>", docs[0].Source.Html);
        Assert.Equal(new DateOnly(2023, 3, 3), docs[0].Source.Published);
        Assert.Empty(docs[0].Warnings);
        Assert.Equal("https://wire.example/second", docs[1].Id);
        Assert.Contains(docs[1].Warnings, w => w.Code == "feed_summary");
    }

    [Fact]
    public void Atom_entries_are_read()
    {
        var doc = Assert.Single(ReadFile("wire.atom", $"""
            <?xml version="1.0"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2023-03-03T18:00:00Z</updated>
              <entry><title>Clashes in Mombasa</title><id>urn:wire:1</id><updated>2023-03-03T18:00:00Z</updated>
                <link rel="alternate" href="https://wire.example/mombasa"/><content type="html">{System.Net.WebUtility.HtmlEncode(LongArticle)}</content></entry>
            </feed>
            """));
        Assert.Equal("https://wire.example/mombasa", doc.Id);
        Assert.Contains("Red Cross", doc.Source.Html);
    }

    [Fact]
    public void A_broken_feed_fails_as_one_document()
    {
        var doc = Assert.Single(ReadFile("broken.rss", "<rss version=\"2.0\"><channel><item><title>x</title></chan"));
        Assert.Equal("bad_feed", doc.Error!.Code);
    }

    [Fact]
    public void A_feed_with_a_dtd_is_refused()
    {
        var doc = Assert.Single(ReadFile("xxe.rss", "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>"));
        Assert.True(doc.Failed);
        Assert.DoesNotContain("root:", doc.Error!.Message);
    }

    [Fact]
    public void Opml_without_fetching_says_so_for_each_feed()
    {
        var docs = ReadFile("feeds.opml", """<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/rss"/><outline text="group"><outline text="b" xmlUrl="https://b.example/atom"/></outline></body></opml>""");
        Assert.Equal(["https://a.example/rss", "https://b.example/atom"], docs.Select(d => d.Id));
        Assert.All(docs, d => Assert.Equal("fetch_disabled", d.Error!.Code));
    }

    [Fact]
    public void Robots_rules_pick_the_named_group_and_the_longest_match()
    {
        var rules = RobotsRules.Parse("""
            User-agent: *
            Disallow: /

            User-agent: Sitrep
            User-agent: other
            Disallow: /archive/
            Allow: /archive/2023/
            Disallow: /*.pdf$
            Crawl-delay: 3
            """, "sitrep");
        Assert.True(rules.IsAllowed(new Uri("https://x.example/news/1")));
        Assert.False(rules.IsAllowed(new Uri("https://x.example/archive/2019/a")));
        Assert.True(rules.IsAllowed(new Uri("https://x.example/archive/2023/a")));
        Assert.False(rules.IsAllowed(new Uri("https://x.example/files/report.pdf")));
        Assert.True(rules.IsAllowed(new Uri("https://x.example/files/report.pdf?x=1")));
        Assert.Equal(TimeSpan.FromSeconds(3), rules.CrawlDelay);

        var star = RobotsRules.Parse("User-agent: *\nDisallow: /search\nDisallow:\n", "sitrep");
        Assert.False(star.IsAllowed(new Uri("https://x.example/search?q=1")));
        Assert.True(star.IsAllowed(new Uri("https://x.example/news")));
    }

    [Theory]
    [InlineData("/a*b", "/axxb", true)]
    [InlineData("/a*b$", "/axxbc", false)]
    [InlineData("/a", "/abc", true)]
    [InlineData("/abc", "/ab", false)]
    [InlineData("*", "/anything", true)]
    public void Robots_patterns_match_with_wildcards(string pattern, string path, bool expected) =>
        Assert.Equal(expected, RobotsRules.Matches(pattern, path));
}
