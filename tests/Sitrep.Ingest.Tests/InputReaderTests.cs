using System.Text;

namespace Sitrep.Ingest.Tests;

public class InputReaderTests
{
    private const string Story = "Troops shelled positions near Marib on Wednesday, killing nine fighters, a military source said.";

    [Fact]
    public void Processed_jsonl_ids_are_skipped()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 4).Select(i => $$"""{"id":"doc-{{i}}","text":"{{Story}}"}"""));
        var reader = new InputReader(new IngestOptions { IsProcessed = id => id == "doc-2" });
        var docs = reader.Read([WarcTestData.TempFile("batch.jsonl", Encoding.UTF8.GetBytes(lines))]).ToList();
        Assert.Equal(["doc-1", "doc-3", "doc-4"], docs.Select(d => d.Id));
        Assert.Equal(1, reader.Progress.Skipped);
    }

    [Fact]
    public void A_folder_is_read_in_order_and_leaves_lists_and_generic_xml_alone()
    {
        var dir = Path.GetDirectoryName(WarcTestData.TempFile("marker", []))!;
        Directory.CreateDirectory(Path.Combine(dir, "b"));
        File.WriteAllText(Path.Combine(dir, "b", "2.html"), WarcTestData.Page("two", Story));
        File.WriteAllText(Path.Combine(dir, "a.html"), WarcTestData.Page("one", Story));
        File.WriteAllText(Path.Combine(dir, "sitemap.xml"), "<urlset><url><loc>https://x.example/</loc></url></urlset>");
        File.WriteAllText(Path.Combine(dir, "seeds.urls"), "https://x.example/\n");
        var docs = new InputReader(new IngestOptions()).Read([dir]).ToList();
        Assert.Equal([Path.Combine(dir, "a.html"), Path.Combine(dir, "b", "2.html")], docs.Select(d => d.Id));
    }

    [Fact]
    public void A_text_file_of_urls_is_a_url_list()
    {
        var path = WarcTestData.TempFile("seeds.txt", "https://x.example/a\nhttps://x.example/b\n"u8.ToArray());
        var docs = new InputReader(new IngestOptions()).Read([path]).ToList();
        Assert.Equal(["https://x.example/a", "https://x.example/b"], docs.Select(d => d.Id));
        Assert.All(docs, d => Assert.Equal("fetch_disabled", d.Error!.Code));
    }

    [Fact]
    public void Page_text_that_mentions_a_url_stays_page_text()
    {
        var path = WarcTestData.TempFile("page.txt", Encoding.UTF8.GetBytes($"{Story}\nMore at https://x.example/a\n"));
        var doc = Assert.Single(new InputReader(new IngestOptions()).Read([path]));
        Assert.False(doc.Failed);
        Assert.Contains("Marib", doc.Source.PageText);
    }

    [Fact]
    public void Gzipped_html_on_standard_input_is_read()
    {
        var gz = WarcTestData.Gzip(Encoding.UTF8.GetBytes(WarcTestData.Page("Marib", Story)));
        var doc = Assert.Single(new InputReader(new IngestOptions { StandardInput = () => new MemoryStream(gz) }).Read(["-"]));
        Assert.Contains("Marib", doc.Source.Html);
    }

    [Fact]
    public void The_total_size_of_local_inputs_is_known_for_the_eta()
    {
        var path = WarcTestData.TempFile("one.html", Encoding.UTF8.GetBytes(WarcTestData.Page("Marib", Story)));
        var reader = new InputReader(new IngestOptions());
        _ = reader.Read([path]).ToList();
        SpinWait.SpinUntil(() => reader.Progress.TotalBytes is not null, TimeSpan.FromSeconds(30));
        Assert.Equal(new FileInfo(path).Length, reader.Progress.TotalBytes);
        Assert.Equal(new FileInfo(path).Length, reader.Progress.BytesRead);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>x</body></html>", XmlInputKind.None)]
    [InlineData("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>", XmlInputKind.Feed)]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", XmlInputKind.Feed)]
    [InlineData("<opml version=\"2.0\"/>", XmlInputKind.Opml)]
    [InlineData("<urlset/>", XmlInputKind.Sitemap)]
    [InlineData("<sitemapindex/>", XmlInputKind.SitemapIndex)]
    public void Xml_inputs_are_told_apart_by_their_root(string xml, XmlInputKind kind) =>
        Assert.Equal(kind, Feeds.Sniff(Encoding.UTF8.GetBytes(xml)));
}
