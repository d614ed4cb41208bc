using System.Net;
using System.Text;
using Sitrep.Core;

namespace Sitrep.Ingest.Tests;

public sealed class FetchTests : IDisposable
{
    private const string Story = "Armed men kidnapped twelve farmers near Kaduna on Sunday, residents said, and demanded a ransom for their release.";

    private readonly LocalServer _server = new();

    // No waiting between requests in tests; the limiter's arithmetic is tested on its own below.
    private static FetchOptions Fast(bool allowPrivate = true) => new()
    {
        AllowPrivateAddresses = allowPrivate,
        MinDelayPerHost = TimeSpan.Zero,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxRetries = 3,
    };

    private List<Document> Read(FetchOptions? options, params string[] inputs)
    {
        using var fetcher = options is null ? null : new PoliteFetcher(options);
        return new InputReader(new IngestOptions { Fetcher = fetcher }).Read(inputs).ToList();
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void A_url_is_fetched_into_a_document()
    {
        _server.Page("/news/1", WarcTestData.Page("Kidnapping", Story));
        var doc = Assert.Single(Read(Fast(), _server.Url("/news/1")));
        Assert.False(doc.Failed);
        Assert.Equal(_server.Url("/news/1"), doc.Id);
        Assert.Contains("Kaduna", doc.Source.Html);
    }

    [Fact]
    public void Loopback_is_refused_unless_allowed()
    {
        _server.Page("/news/1", WarcTestData.Page("Kidnapping", Story));
        var doc = Assert.Single(Read(Fast(allowPrivate: false), _server.Url("/news/1")));
        Assert.Equal("private_address", doc.Error!.Code);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void A_host_name_that_resolves_to_loopback_is_refused_too()
    {
        _server.Page("/news/1", WarcTestData.Page("Kidnapping", Story));
        var doc = Assert.Single(Read(Fast(allowPrivate: false), $"http://localhost:{_server.Port}/news/1"));
        Assert.Equal("private_address", doc.Error!.Code);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Without_fetching_urls_fail_with_fetch_disabled()
    {
        var doc = Assert.Single(Read(null, _server.Url("/news/1")));
        Assert.Equal("fetch_disabled", doc.Error!.Code);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Robots_txt_is_obeyed()
    {
        _server.Page("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n", "text/plain");
        _server.Page("/private/1", WarcTestData.Page("Secret", Story));
        _server.Page("/public/1", WarcTestData.Page("Open", Story));
        var docs = Read(Fast(), _server.Url("/private/1"), _server.Url("/public/1"));

        Assert.Equal("robots_disallowed", docs[0].Error!.Code);
        Assert.False(docs[1].Failed);
        Assert.DoesNotContain(_server.Requests, r => r.Path == "/private/1");
        Assert.Single(_server.Requests, r => r.Path == "/robots.txt");
    }

    [Fact]
    public void Server_errors_are_retried_with_backoff()
    {
        int calls = 0;
        _server.Route("/flaky", _ => Interlocked.Increment(ref calls) < 3
            ? new LocalServer.Reply(503, "text/plain", "busy"u8.ToArray())
            : new LocalServer.Reply(200, "text/html", Encoding.UTF8.GetBytes(WarcTestData.Page("Back", Story))));
        var doc = Assert.Single(Read(Fast(), _server.Url("/flaky")));
        Assert.False(doc.Failed);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Retries_stop_after_the_limit()
    {
        int calls = 0;
        _server.Route("/down", _ => { Interlocked.Increment(ref calls); return new LocalServer.Reply(500, "text/plain", "down"u8.ToArray()); });
        var doc = Assert.Single(Read(Fast() with { MaxRetries = 2 }, _server.Url("/down")));
        Assert.Equal("http_status", doc.Error!.Code);
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Not_found_is_not_retried()
    {
        var doc = Assert.Single(Read(Fast(), _server.Url("/missing")));
        Assert.Equal("http_status", doc.Error!.Code);
        Assert.Single(_server.Requests, r => r.Path == "/missing");
    }

    [Fact]
    public void A_second_fetch_is_conditional_and_a_304_serves_the_cached_page()
    {
        var html = Encoding.UTF8.GetBytes(WarcTestData.Page("Cached", Story));
        _server.Route("/cached", request => request.Headers["If-None-Match"] == "\"v1\""
            ? new LocalServer.Reply(304, "text/html", [])
            : new LocalServer.Reply(200, "text/html", html, new() { ["ETag"] = "\"v1\"" }));
        var cache = Path.GetDirectoryName(WarcTestData.TempFile("marker", []))!;
        var options = Fast() with { CacheDirectory = cache };
        var first = Assert.Single(Read(options, _server.Url("/cached")));
        var second = Assert.Single(Read(options, _server.Url("/cached")));

        Assert.Equal(first.Source.Html, second.Source.Html);
        var requests = _server.Requests.Where(r => r.Path == "/cached").ToList();
        Assert.Equal([null, "\"v1\""], requests.Select(r => r.IfNoneMatch));
    }

    [Fact]
    public void A_sitemap_index_leads_to_its_pages()
    {
        _server.Page("/sitemap.xml", $"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{_server.Url("/news.xml")}</loc></sitemap></sitemapindex>""", "application/xml");
        _server.Page("/news.xml", $"""
            <?xml version="1.0"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
              <url><loc>{_server.Url("/a")}</loc><news:news><news:publication_date>2022-06-01</news:publication_date></news:news></url>
              <url><loc>{_server.Url("/b")}</loc></url>
            </urlset>
            """, "application/xml");
        _server.Page("/a", WarcTestData.Page("A", Story));
        _server.Page("/b", WarcTestData.Page("B", Story));
        var docs = Read(Fast(), _server.Url("/sitemap.xml"));

        Assert.Equal([_server.Url("/a"), _server.Url("/b")], docs.Select(d => d.Id));
        Assert.Equal(new DateOnly(2022, 6, 1), docs[0].Source.Published);
        Assert.All(docs, d => Assert.False(d.Failed));
    }

    [Fact]
    public void A_url_list_file_is_fetched_line_by_line()
    {
        _server.Page("/a", WarcTestData.Page("A", Story));
        var list = WarcTestData.TempFile("list.urls", Encoding.UTF8.GetBytes($"# morning crawl\n{_server.Url("/a")}\n\n{_server.Url("/gone")}\n"));
        var docs = Read(Fast(), list);
        Assert.Equal([_server.Url("/a"), _server.Url("/gone")], docs.Select(d => d.Id));
        Assert.False(docs[0].Failed);
        Assert.Equal("http_status", docs[1].Error!.Code);
    }

    [Fact]
    public void Feed_items_with_only_a_summary_are_read_from_their_page()
    {
        _server.Page("/feed", $"""
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>Wire</title><link>{_server.Url("/")}</link><description>d</description>
              <item><title>Farmers kidnapped</title><link>{_server.Url("/story")}</link><description>Twelve farmers taken.</description><pubDate>Sun, 05 Jun 2022 10:00:00 GMT</pubDate></item>
            </channel></rss>
            """, "application/rss+xml");
        _server.Page("/story", WarcTestData.Page("Farmers kidnapped", Story));
        var doc = Assert.Single(Read(Fast(), _server.Url("/feed")));
        Assert.Equal(_server.Url("/story"), doc.Id);
        Assert.Contains("ransom", doc.Source.Html);
        Assert.Equal(new DateOnly(2022, 6, 5), doc.Source.Published);
    }

    [Fact]
    public void Opml_lists_feeds_to_fetch()
    {
        _server.Page("/feed", $"""
            <?xml version="1.0"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2022-06-05T10:00:00Z</updated>
              <entry><title>Farmers kidnapped</title><id>urn:wire:1</id><updated>2022-06-05T10:00:00Z</updated><link href="{_server.Url("/story")}"/><summary>Short.</summary></entry>
            </feed>
            """, "application/atom+xml");
        _server.Page("/story", WarcTestData.Page("Farmers kidnapped", Story));
        var opml = WarcTestData.TempFile("feeds.opml", Encoding.UTF8.GetBytes(
            $"""<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body><outline text="Wire" type="rss" xmlUrl="{_server.Url("/feed")}"/></body></opml>"""));
        var doc = Assert.Single(Read(Fast(), opml));
        Assert.Equal(_server.Url("/story"), doc.Id);
        Assert.False(doc.Failed);
    }

    [Fact]
    public void Processed_urls_are_not_fetched_again()
    {
        _server.Page("/a", WarcTestData.Page("A", Story));
        using var fetcher = new PoliteFetcher(Fast());
        var docs = new InputReader(new IngestOptions { Fetcher = fetcher, IsProcessed = key => key == _server.Url("/a") }).Read([_server.Url("/a")]).ToList();
        Assert.Empty(docs);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void The_rate_limiter_spaces_requests_to_one_host_only()
    {
        var limiter = new HostRateLimiter(TimeSpan.FromSeconds(2));
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("a.example", now));
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.Reserve("a.example", now));
        Assert.Equal(TimeSpan.FromSeconds(4), limiter.Reserve("a.example", now));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("b.example", now));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("a.example", now.AddSeconds(10)));
        limiter.SetDelay("c.example", TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve("c.example", now));
        Assert.Equal(TimeSpan.FromSeconds(5), limiter.Reserve("c.example", now));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Private_addresses_are_recognised(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, PoliteFetcher.IsPrivate(IPAddress.Parse(address)));
}
