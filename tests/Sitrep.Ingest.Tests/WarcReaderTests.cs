using System.Text;
using Sitrep.Core;

namespace Sitrep.Ingest.Tests;

public class WarcReaderTests
{
    private const string Story = "Gunmen attacked a market in Maiduguri on Tuesday, killing seven traders, police said.";

    private static List<Document> Read(string path, IngestOptions? options = null) =>
        new InputReader(options ?? new IngestOptions()).Read([path]).ToList();

    private static byte[] Warcinfo() =>
        WarcTestData.Record("warcinfo", "urn:uuid:info", null, "software: test\r\n"u8.ToArray(), contentType: "application/warc-fields");

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    public void Response_records_become_documents_and_other_types_are_skipped(string version)
    {
        byte[] warc =
        [
            .. Warcinfo(),
            .. WarcTestData.Record("request", "urn:uuid:req", "https://news.example/a", "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n"u8.ToArray(), version, "application/http; msgtype=request"),
            .. WarcTestData.Response("urn:uuid:one", "https://news.example/a", WarcTestData.Page("Market attack", Story), version),
            .. WarcTestData.Record("metadata", "urn:uuid:meta", "https://news.example/a", "fetchTimeMs: 12\r\n"u8.ToArray(), version, "application/warc-fields"),
        ];
        var docs = Read(WarcTestData.TempFile("crawl.warc", warc));

        var doc = Assert.Single(docs);
        Assert.Equal("urn:uuid:one", doc.Id);
        Assert.Equal("https://news.example/a", doc.Source.Url);
        Assert.Contains("Maiduguri", doc.Source.Html);
        Assert.Equal(new DateOnly(2021, 3, 4), doc.Source.Published);
        Assert.False(doc.Failed);
    }

    [Fact]
    public void Command_line_date_comes_before_the_capture_date()
    {
        var path = WarcTestData.TempFile("one.warc", WarcTestData.Response("urn:uuid:one", "https://news.example/a", WarcTestData.Page("t", Story)));
        var doc = Assert.Single(Read(path, new IngestOptions { Published = new DateOnly(2020, 1, 2) }));
        Assert.Equal(new DateOnly(2020, 1, 2), doc.Source.Published);
    }

    [Fact]
    public void Gzip_with_one_member_per_record_is_read_through()
    {
        var members = Enumerable.Range(1, 30)
            .SelectMany(i => WarcTestData.Gzip(WarcTestData.Response($"urn:uuid:{i}", $"https://news.example/{i}", WarcTestData.Page($"Story {i}", Story))))
            .ToArray();
        var docs = Read(WarcTestData.TempFile("crawl.warc.gz", [.. WarcTestData.Gzip(Warcinfo()), .. members]));

        Assert.Equal(30, docs.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"urn:uuid:{i}"), docs.Select(d => d.Id));
        Assert.All(docs, d => Assert.False(d.Failed));
    }

    [Fact]
    public void A_truncated_last_record_fails_alone()
    {
        var whole = WarcTestData.Response("urn:uuid:ok", "https://news.example/ok", WarcTestData.Page("ok", Story));
        var cut = WarcTestData.Response("urn:uuid:cut", "https://news.example/cut", WarcTestData.Page("cut", Story));
        var docs = Read(WarcTestData.TempFile("cut.warc.gz", [.. WarcTestData.Gzip(whole), .. WarcTestData.Gzip(cut[..(cut.Length / 2)])]));

        Assert.Equal(2, docs.Count);
        Assert.False(docs[0].Failed);
        Assert.Equal("urn:uuid:cut", docs[1].Id);
        Assert.Equal("truncated", docs[1].Error!.Code);
        Assert.Equal("https://news.example/cut", docs[1].Source.Url);
    }

    [Fact]
    public void A_record_over_the_limit_is_too_large_and_the_next_one_is_read()
    {
        var big = WarcTestData.Response("urn:uuid:big", "https://news.example/big", WarcTestData.Page("big", string.Concat(Enumerable.Repeat(Story + " ", 200))));
        var small = WarcTestData.Response("urn:uuid:small", "https://news.example/small", WarcTestData.Page("small", Story));
        var docs = Read(WarcTestData.TempFile("big.warc", [.. big, .. small]), new IngestOptions { MaxDocumentBytes = 4096 });

        Assert.Equal(["urn:uuid:big", "urn:uuid:small"], docs.Select(d => d.Id));
        Assert.Equal("too_large", docs[0].Error!.Code);
        Assert.False(docs[1].Failed);
    }

    [Fact]
    public void Reader_skips_blocks_it_does_not_want_without_reading_them_into_memory()
    {
        var records = new byte[][]
        {
            WarcTestData.Response("urn:uuid:a", "https://news.example/a", WarcTestData.Page("a", Story)),
            WarcTestData.Response("urn:uuid:b", "https://news.example/b", WarcTestData.Page("b", Story)),
        };
        var reader = new WarcReader(new MemoryStream(records.SelectMany(r => r).ToArray()));
        var read = reader.ReadRecords(r => r.RecordId == "<urn:uuid:b>").ToList();

        Assert.Equal(2, read.Count);
        Assert.Null(read[0].Block);
        Assert.NotNull(read[1].Block);
        Assert.Equal(records[0].Length + records[1].Length, reader.Position);
    }

    [Fact]
    public void Http_charset_decodes_the_body()
    {
        var latin = Encoding.Latin1;
        var http = WarcTestData.HttpResponse(latin.GetBytes(WarcTestData.Page("Café", "Le café de Bamako a été visé.")), "text/html; charset=ISO-8859-1");
        var doc = Assert.Single(Read(WarcTestData.TempFile("latin.warc", WarcTestData.Record("response", "urn:uuid:l", "https://x.example/", http))));
        Assert.Contains("Le café de Bamako a été visé.", doc.Source.Html);
    }

    [Fact]
    public void Chunked_and_gzip_encoded_bodies_are_decoded()
    {
        var html = Encoding.UTF8.GetBytes(WarcTestData.Page("Chunked", Story));
        var gz = WarcTestData.Gzip(html);
        var chunked = new List<byte>();
        foreach (var part in gz.Chunk(100))
        {
            chunked.AddRange(Encoding.ASCII.GetBytes($"{part.Length:x}\r\n"));
            chunked.AddRange(part);
            chunked.AddRange("\r\n"u8.ToArray());
        }
        chunked.AddRange("0\r\n\r\n"u8.ToArray());
        var http = (byte[])[.. "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"u8, .. chunked];
        var doc = Assert.Single(Read(WarcTestData.TempFile("chunked.warc", WarcTestData.Record("response", "urn:uuid:c", "https://x.example/c", http))));
        Assert.False(doc.Failed);
        Assert.Contains("Maiduguri", doc.Source.Html);
    }

    [Fact]
    public void Non_success_statuses_and_non_pages_fail_with_their_reason()
    {
        byte[] warc =
        [
            .. WarcTestData.Record("response", "urn:uuid:moved", "https://x.example/old", WarcTestData.HttpResponse("", status: 301)),
            .. WarcTestData.Record("response", "urn:uuid:pdf", "https://x.example/a.pdf", WarcTestData.HttpResponse("%PDF-1.4"u8.ToArray(), "application/pdf")),
        ];
        var docs = Read(WarcTestData.TempFile("odd.warc", warc));
        Assert.Equal(["http_status", "unsupported_type"], docs.Select(d => d.Error?.Code));
    }

    [Fact]
    public void Processed_records_are_skipped_by_their_record_id()
    {
        var warc = Enumerable.Range(1, 5).SelectMany(i => WarcTestData.Response($"urn:uuid:{i}", $"https://news.example/{i}", WarcTestData.Page($"S{i}", Story))).ToArray();
        var reader = new InputReader(new IngestOptions { IsProcessed = key => key is "urn:uuid:2" or "urn:uuid:4" });
        var docs = reader.Read([WarcTestData.TempFile("five.warc", warc)]).ToList();

        Assert.Equal(["urn:uuid:1", "urn:uuid:3", "urn:uuid:5"], docs.Select(d => d.Id));
        Assert.Equal(2, reader.Progress.Skipped);
    }

    [Fact]
    public void Garbage_between_records_is_reported_and_reading_resynchronises()
    {
        byte[] warc =
        [
            .. WarcTestData.Response("urn:uuid:1", "https://news.example/1", WarcTestData.Page("one", Story)),
            .. "WARC/1.0\r\nWARC-Type: response\r\nthis line has no colon\r\n\r\n"u8,
            .. WarcTestData.Response("urn:uuid:2", "https://news.example/2", WarcTestData.Page("two", Story)),
        ];
        var docs = Read(WarcTestData.TempFile("bad.warc", warc));
        Assert.Equal(3, docs.Count);
        Assert.Equal("bad_warc", docs[1].Error!.Code);
        Assert.Equal("urn:uuid:2", docs[2].Id);
        Assert.False(docs[2].Failed);
    }

    [Fact]
    public void Warc_on_standard_input_is_recognised()
    {
        var gz = WarcTestData.Gzip(WarcTestData.Response("urn:uuid:in", "https://news.example/in", WarcTestData.Page("in", Story)));
        var docs = new InputReader(new IngestOptions { StandardInput = () => new MemoryStream(gz) }).Read(["-"]).ToList();
        Assert.Equal("urn:uuid:in", Assert.Single(docs).Id);
    }
}
