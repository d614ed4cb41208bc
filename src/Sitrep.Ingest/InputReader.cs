using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sitrep.Core;

namespace Sitrep.Ingest;

public sealed record IngestOptions
{
    /// <summary>Publication date for inputs that carry none.</summary>
    public DateOnly? Published { get; init; }

    /// <summary>Documents larger than this (after decompression) are rejected with "too_large".</summary>
    public long MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Where "-" reads from.</summary>
    public Func<Stream> StandardInput { get; init; } = Console.OpenStandardInput;

    /// <summary>
    /// Documents whose key (<see cref="Document.Id"/>) this says were processed before are not read
    /// again (a resumed run): no record, and for WARC records and URLs no decoding or fetching either.
    /// </summary>
    public Func<string, bool>? IsProcessed { get; init; }

    /// <summary>Fetches URLs, sitemaps, feeds and feed items' pages; null: fetching is off and such inputs fail with "fetch_disabled".</summary>
    public PoliteFetcher? Fetcher { get; init; }

    /// <summary>A feed item whose content has at least this many non-space characters is taken as the whole article; a shorter one is a summary.</summary>
    public int FeedArticleMinCharacters { get; init; } = 800;
}

/// <summary>How far reading has gone, for progress and ETA: bytes of local files read, out of the total when known.</summary>
public sealed class IngestProgress
{
    private long _bytesRead;
    private int _skipped;

    /// <summary>Total bytes of the local input files; null until known (stdin, URLs: never).</summary>
    public long? TotalBytes { get; internal set; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Documents not read because they were processed before.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    internal void AddBytes(long n) => Interlocked.Add(ref _bytesRead, n);

    internal void AddSkipped() => Interlocked.Increment(ref _skipped);
}

/// <summary>
/// Reads the command line's inputs into documents, lazily and in input order: files (.html, .htm,
/// .txt, .jsonl, .warc, feeds .rss/.atom/.xml, .opml, sitemaps, .urls lists, each optionally .gz),
/// directories (recursively, sorted), http(s) URLs, and "-" for standard input. A problem with one
/// input yields a failed document and reading goes on. Memory is bounded by one document at a time
/// (a WARC file or a JSONL file is streamed record by record).
/// </summary>
public sealed class InputReader(IngestOptions options)
{
    private static readonly string[] KnownExtensions =
        [".html", ".htm", ".xhtml", ".txt", ".text", ".jsonl", ".ndjson", ".warc", ".rss", ".atom", ".xml", ".opml", ".urls"];

    private const int MaxNesting = 3;

    public IngestProgress Progress { get; } = new();

    public IEnumerable<Document> Read(IEnumerable<string> inputs)
    {
        var list = inputs.ToList();
        StartMeasuringTotal(list);
        foreach (var input in list)
        {
            foreach (var doc in ReadOne(input)) yield return doc;
        }
    }

    /// <summary>Sums the local inputs' sizes in the background (a folder of millions of files takes a while).</summary>
    private void StartMeasuringTotal(List<string> inputs)
    {
        if (inputs.Any(i => i == "-" || IsUrl(i))) return;
        Task.Run(() =>
        {
            long total = 0;
            try
            {
                foreach (var input in inputs)
                {
                    if (File.Exists(input)) total += new FileInfo(input).Length;
                    else if (Directory.Exists(input))
                        total += EnumerateSorted(input).Sum(f => new FileInfo(f).Length);
                }
                Progress.TotalBytes = total;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No total, no ETA.
            }
        });
    }

    private static bool IsUrl(string input) =>
        input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private bool Seen(string key)
    {
        if (options.IsProcessed is null || !options.IsProcessed(key)) return false;
        Progress.AddSkipped();
        return true;
    }

    private IEnumerable<Document> ReadOne(string input)
    {
        if (input == "-") return ReadStandardInput();
        if (IsUrl(input)) return ReadUrl(input, null, 0);
        if (Directory.Exists(input)) return ReadDirectory(input);
        if (File.Exists(input)) return ReadFile(input);
        return [Failed(input, "not_found", $"No such file or directory: {input}")];
    }

    private IEnumerable<Document> ReadDirectory(string directory)
    {
        IEnumerator<string> files;
        try
        {
            files = EnumerateSorted(directory).GetEnumerator();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [Failed(directory, "unreadable", ex.Message)];
        }
        return ReadFiles(directory, files);
    }

    private IEnumerable<Document> ReadFiles(string directory, IEnumerator<string> files)
    {
        using (files)
        {
            while (true)
            {
                string? next = null;
                Document? failure = null;
                try
                {
                    if (files.MoveNext()) next = files.Current;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    failure = Failed(directory, "unreadable", ex.Message);
                }
                if (failure is not null) { yield return failure; yield break; }
                if (next is null) yield break;
                foreach (var doc in ReadFile(next)) yield return doc;
            }
        }
    }

    /// <summary>Supported files under a folder in ordinal order, one folder listing at a time (not the whole tree in memory).</summary>
    private static IEnumerable<string> EnumerateSorted(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Where(IsSupportedInFolder).Order(StringComparer.Ordinal))
            yield return file;
        foreach (var sub in Directory.EnumerateDirectories(directory).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
            foreach (var file in EnumerateSorted(sub))
                yield return file;
    }

    private static bool IsSupported(string path)
    {
        if (Path.GetFileName(path).StartsWith('.')) return false;
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return KnownExtensions.Contains(Path.GetExtension(name).ToLowerInvariant());
    }

    /// <summary>In a folder, lists (.urls, .opml) and generic .xml are left alone: they are read only when named.</summary>
    private static bool IsSupportedInFolder(string path) =>
        IsSupported(path) && LogicalExtension(path) is not (".xml" or ".urls" or ".opml");

    private static string LogicalExtension(string path) =>
        Path.GetExtension(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path).ToLowerInvariant();

    private IEnumerable<Document> ReadFile(string path)
    {
        var logical = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var kind = Path.GetExtension(logical).ToLowerInvariant() switch
        {
            ".html" or ".htm" or ".xhtml" => InputKind.Html,
            ".txt" or ".text" => InputKind.Text,
            ".jsonl" or ".ndjson" => InputKind.Jsonl,
            ".warc" => InputKind.Warc,
            ".rss" or ".atom" or ".xml" or ".opml" => InputKind.Xml,
            ".urls" => InputKind.UrlList,
            _ => (InputKind?)null,
        };
        if (kind is InputKind.Html or InputKind.Text && Seen(path)) return [];
        return ReadStream(path, () => OpenFile(path), kind);
    }

    private Stream OpenFile(string path)
    {
        Stream stream = new CountingStream(File.OpenRead(path), Progress.AddBytes);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>Standard input: gzip is recognised by its magic bytes, WARC by its version line; anything else as before.</summary>
    private IEnumerable<Document> ReadStandardInput()
    {
        Stream stream;
        byte[] head;
        try
        {
            stream = options.StandardInput();
            head = ReadHead(stream, 2);
            stream = new PrefixedStream(head, stream);
            if (head is [0x1F, 0x8B]) stream = new GZipStream(stream, CompressionMode.Decompress);
            head = ReadHead(stream, 5);
            stream = new PrefixedStream(head, stream);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return [Failed("-", "unreadable", ex.Message)];
        }
        var opened = stream;
        return ReadStream("-", () => opened, head.AsSpan().StartsWith("WARC/"u8) ? InputKind.Warc : null);
    }

    private static byte[] ReadHead(Stream stream, int count)
    {
        var head = new byte[count];
        int n = 0, read;
        while (n < count && (read = stream.Read(head, n, count - n)) > 0) n += read;
        return head[..n];
    }

    private IEnumerable<Document> ReadStream(string id, Func<Stream> open, InputKind? kind)
    {
        if (kind == InputKind.Jsonl) return ReadJsonLines(id, open);
        if (kind == InputKind.Warc) return ReadWarc(id, open);
        byte[] bytes;
        try
        {
            using var stream = open();
            bytes = ReadBounded(stream, options.MaxDocumentBytes);
        }
        catch (DocumentRejectedException rejected)
        {
            return [Failed(id, rejected.Code, rejected.Message)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [Failed(id, "unreadable", ex.Message)];
        }

        bool sniffed = kind is null;
        kind ??= Sniff(bytes);
        if (kind == InputKind.Jsonl) return ReadJsonLines(id, () => new MemoryStream(bytes));
        if (kind is InputKind.Xml) return ReadXml(id, bytes, baseUrl: null, depth: 0);
        if (kind is InputKind.UrlList || kind is InputKind.Text && LooksLikeUrlList(bytes)) return ReadUrlList(id, bytes);
        if (sniffed && kind is InputKind.Html && Feeds.Sniff(bytes) != XmlInputKind.None) return ReadXml(id, bytes, baseUrl: null, depth: 0);
        return [FromBytes(id, bytes, kind.Value)];
    }

    /// <summary>Response records become documents; conversion records (WET text) become page text; other types are skipped unread.</summary>
    private IEnumerable<Document> ReadWarc(string file, Func<Stream> open)
    {
        Stream stream;
        try
        {
            stream = open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [Failed(file, "unreadable", ex.Message)];
        }
        return ReadWarc(file, stream);
    }

    private IEnumerable<Document> ReadWarc(string file, Stream stream)
    {
        using (stream)
        {
            var warc = new WarcReader(stream, options.MaxDocumentBytes + 64 * 1024);
            using var records = warc.ReadRecords(WantBlock).GetEnumerator();
            while (true)
            {
                WarcRecord record;
                Document? failure = null;
                try
                {
                    if (!records.MoveNext()) yield break;
                    record = records.Current;
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException)
                {
                    // A corrupt gzip member or a read error: what was read stands, the rest of the file is lost.
                    record = null!;
                    failure = Failed($"{file}#{warc.Position}", "unreadable", $"The WARC file cannot be read further: {ex.Message}");
                }
                if (failure is not null) { yield return failure; yield break; }
                if (!IsDocumentRecord(record) && record.ErrorCode is null) continue;
                var key = WarcKey(file, record);
                if (record.Block is null && record.ErrorCode is null) continue;  // skipped: processed before
                if (record.ErrorCode is not null)
                {
                    if (!Seen(key)) yield return Failed(key, record.ErrorCode, record.ErrorMessage ?? record.ErrorCode, record.TargetUri);
                    continue;
                }
                yield return FromWarcRecord(key, record);
            }
        }

        bool WantBlock(WarcRecord header) => IsDocumentRecord(header) && !Seen(WarcKey(file, header));
    }

    private static bool IsDocumentRecord(WarcRecord record) => record.Type is "response" or "resource" or "conversion";

    /// <summary>The WARC-Record-ID: unique per capture, so one URL crawled twice gives two documents; the file and offset when it is missing.</summary>
    private static string WarcKey(string file, WarcRecord record) =>
        record.RecordId?.Trim('<', '>', ' ') is { Length: > 0 } id ? id : $"{file}#{record.Offset}";

    private Document FromWarcRecord(string key, WarcRecord record)
    {
        var url = record.TargetUri;
        // The capture date is only a fallback: the page's own date, or --published, comes first.
        var published = options.Published ?? (record.Date is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : null);
        try
        {
            ReadOnlyMemory<byte> body;
            string? contentType;
            if (record.Type == "response")
            {
                if (HttpMessage.MediaTypeOf(record.Field("Content-Type")) is { } warcType && !warcType.StartsWith("application/http", StringComparison.Ordinal))
                    return Failed(key, "unsupported_type", $"A response record of type {warcType} is not an HTTP response.", url);
                var http = HttpMessage.Parse(record.Block, options.MaxDocumentBytes);
                if (http.Status is < 200 or >= 300)
                    return Failed(key, "http_status", $"The captured response is HTTP {http.Status}.", url);
                body = http.Body;
                contentType = http.ContentType;
            }
            else
            {
                body = record.Block!;
                contentType = record.Field("Content-Type");
            }
            if (body.Length > options.MaxDocumentBytes)
                return Failed(key, "too_large", $"The document is larger than the {options.MaxDocumentBytes / (1024 * 1024)} MiB limit.", url);
            var media = HttpMessage.MediaTypeOf(contentType);
            var kind = media switch
            {
                "text/html" or "application/xhtml+xml" => InputKind.Html,
                "text/plain" => InputKind.Text,
                null => Sniff(body.Span),
                _ => (InputKind?)null,
            };
            if (kind is not (InputKind.Html or InputKind.Text))
                return Failed(key, "unsupported_type", $"Content-Type {media} is not a page.", url);
            return FromBytes(key, body, kind.Value, HttpMessage.CharsetOf(contentType), url, published);
        }
        catch (DocumentRejectedException rejected)
        {
            return Failed(key, rejected.Code, rejected.Message, url);
        }
    }

    /// <summary>A feed, an OPML list or a sitemap (index), from a file or a fetched URL.</summary>
    private IEnumerable<Document> ReadXml(string id, byte[] bytes, Uri? baseUrl, int depth)
    {
        var kind = Feeds.Sniff(bytes);
        return kind switch
        {
            XmlInputKind.Feed => ReadFeedItems(id, bytes, depth),
            XmlInputKind.Opml => ReadOpml(id, bytes, baseUrl, depth),
            XmlInputKind.Sitemap or XmlInputKind.SitemapIndex => ReadSitemap(id, bytes, baseUrl, depth),
            _ => [Failed(id, "unsupported_type", "The XML input is not an RSS or Atom feed, an OPML list or a sitemap.")],
        };
    }

    private IEnumerable<Document> ReadFeedItems(string id, byte[] bytes, int depth)
    {
        IReadOnlyList<FeedItem> items;
        try
        {
            items = Feeds.ReadFeed(bytes);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or InvalidOperationException or FormatException)
        {
            return [Failed(id, "bad_feed", $"The feed cannot be read: {ex.Message}")];
        }
        return items.Select((item, i) => (item, i)).SelectMany(x => FeedItemDocuments(id, x.item, x.i, depth));
    }

    private IEnumerable<Document> FeedItemDocuments(string feedId, FeedItem item, int index, int depth)
    {
        var key = item.Link ?? item.Id ?? $"{feedId}#{index + 1}";
        if (Seen(key)) yield break;
        var published = item.Published ?? options.Published;
        bool whole = Feeds.TextLength(item.Html) >= options.FeedArticleMinCharacters;
        if (!whole && options.Fetcher is not null && item.Link is not null && Uri.TryCreate(item.Link, UriKind.Absolute, out var link))
        {
            foreach (var doc in FetchPage(key, link, published, depth + 1)) yield return doc;
            yield break;
        }
        if (Feeds.TextLength(item.Html) == 0)
        {
            yield return Failed(key, options.Fetcher is null ? "fetch_disabled" : "empty",
                options.Fetcher is null ? "The feed item has no content; pass --fetch to read its page." : "The feed item has no content and no link.", item.Link);
            yield break;
        }
        var html = Feeds.WrapAsPage(item);
        var document = new Document(key, new SourceDocument { Html = html, Url = item.Link, Published = published, ByteLength = Encoding.UTF8.GetByteCount(html) });
        if (!whole) document.Warnings.Add(new DocumentError("feed_summary", "Only the feed's summary was read; pass --fetch to read the whole page.", "ingest"));
        yield return document;
    }

    private IEnumerable<Document> ReadOpml(string id, byte[] bytes, Uri? baseUrl, int depth)
    {
        List<string> feeds;
        try
        {
            feeds = Feeds.ReadOpml(bytes).ToList();
        }
        catch (System.Xml.XmlException ex)
        {
            return [Failed(id, "bad_feed", $"The OPML list cannot be read: {ex.Message}")];
        }
        return feeds.SelectMany(f => ReadUrl(f, baseUrl, depth + 1));
    }

    private IEnumerable<Document> ReadSitemap(string id, byte[] bytes, Uri? baseUrl, int depth)
    {
        var entries = Feeds.ReadSitemap(new MemoryStream(bytes)).GetEnumerator();
        using (entries)
        {
            while (true)
            {
                (string Loc, DateOnly? Published) entry;
                Document? failure = null;
                try
                {
                    if (!entries.MoveNext()) yield break;
                    entry = entries.Current;
                }
                catch (System.Xml.XmlException ex)
                {
                    entry = (string.Empty, null);
                    failure = Failed(id, "bad_sitemap", $"The sitemap cannot be read further: {ex.Message}");
                }
                if (failure is not null) { yield return failure; yield break; }
                foreach (var doc in ReadUrl(entry.Loc, baseUrl, depth + 1, entry.Published)) yield return doc;
            }
        }
    }

    private static bool LooksLikeUrlList(byte[] bytes)
    {
        var head = Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 64 * 1024)));
        var lines = head.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (bytes.Length > head.Length && lines.Count > 0) lines.RemoveAt(lines.Count - 1);  // the cut last line
        return lines.Count > 0 && lines.All(l => IsUrl(l) && !l.Contains(' ', StringComparison.Ordinal));
    }

    private IEnumerable<Document> ReadUrlList(string id, byte[] bytes)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var url = line.Trim();
            if (url.Length == 0 || url.StartsWith('#')) continue;
            if (!IsUrl(url)) { yield return Failed($"{id}:{lineNumber}", "bad_url", $"Not an http(s) URL: \"{Truncate(url)}\"."); continue; }
            foreach (var doc in ReadUrl(url, null, 1)) yield return doc;
        }
    }

    /// <summary>A URL: a page becomes a document; a feed, OPML list or sitemap is read on (to a bounded depth).</summary>
    private IEnumerable<Document> ReadUrl(string url, Uri? baseUrl, int depth, DateOnly? published = null)
    {
        if (!Uri.TryCreate(baseUrl, url, out var uri) || uri.Scheme is not ("http" or "https"))
            return [Failed(url, "bad_url", $"Not an http(s) URL: \"{Truncate(url)}\".")];
        return FetchPage(url, uri, published ?? options.Published, depth);
    }

    private IEnumerable<Document> FetchPage(string key, Uri url, DateOnly? published, int depth)
    {
        if (Seen(key)) return [];
        if (options.Fetcher is null)
            return [Failed(key, "fetch_disabled", "Fetching is off; pass --fetch to read URLs, sitemaps and feeds from the web.", url.ToString())];
        var result = options.Fetcher.Fetch(url);
        if (!result.Succeeded)
            return [Failed(key, result.ErrorCode ?? "fetch_failed", result.ErrorMessage ?? "The fetch failed.", url.ToString())];
        var body = result.Body!;
        var media = HttpMessage.MediaTypeOf(result.ContentType);
        bool xml = media is not null && (media.EndsWith("xml", StringComparison.Ordinal) || media.EndsWith("+xml", StringComparison.Ordinal)) && media != "application/xhtml+xml"
                   || media is null or "text/html" && Feeds.Sniff(body) is not XmlInputKind.None;
        if (xml)
        {
            if (depth >= MaxNesting) return [Failed(key, "too_deep", $"Feeds, lists and sitemaps nest at most {MaxNesting} levels.", url.ToString())];
            var payload = IsGzip(body) ? Gunzip(body) : body;
            return ReadXml(key, payload, url, depth);
        }
        var kind = media switch
        {
            "text/html" or "application/xhtml+xml" => InputKind.Html,
            "text/plain" => InputKind.Text,
            null => Sniff(body),
            _ => (InputKind?)null,
        };
        if (kind is not (InputKind.Html or InputKind.Text))
            return [Failed(key, "unsupported_type", $"Content-Type {media} is not a page.", url.ToString())];
        return [FromBytes(key, body, kind.Value, HttpMessage.CharsetOf(result.ContentType), url.ToString(), published)];
    }

    private static bool IsGzip(byte[] bytes) => bytes is [0x1F, 0x8B, ..];

    private byte[] Gunzip(byte[] bytes)
    {
        using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return ReadBounded(gz, options.MaxDocumentBytes);
    }

    private byte[] ReadBounded(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                throw new DocumentRejectedException("too_large",
                    $"The document is larger than the {limit / (1024 * 1024)} MiB limit.");
        }
        return buffer.ToArray();
    }

    private static InputKind Sniff(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes[..Math.Min(bytes.Length, 4096)])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
            return b switch { (byte)'{' => InputKind.Jsonl, (byte)'<' => InputKind.Html, _ => InputKind.Text };
        }
        return InputKind.Text;
    }

    private Document FromBytes(string id, ReadOnlyMemory<byte> bytes, InputKind kind, string? charset = null, string? url = null, DateOnly? published = null)
    {
        string text;
        try
        {
            text = TextDecoding.Decode(bytes.Span, charset, sniffHtmlMeta: kind == InputKind.Html);
        }
        catch (DocumentRejectedException rejected)
        {
            return Failed(id, rejected.Code, rejected.Message, url);
        }
        if (string.IsNullOrWhiteSpace(text)) return Failed(id, "empty", "The input contains no text.", url);
        published ??= options.Published;
        var source = kind == InputKind.Html
            ? new SourceDocument { Html = text, Url = url, Published = published, ByteLength = bytes.Length }
            : new SourceDocument { PageText = text, Url = url, Published = published, ByteLength = bytes.Length };
        return new Document(id, source);
    }

    /// <summary>Streams a JSONL input line by line, so a large file never sits in memory whole.</summary>
    private IEnumerable<Document> ReadJsonLines(string file, Func<Stream> open)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(open(), StrictUtf8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [Failed(file, "unreadable", ex.Message)];
        }
        return ReadJsonLines(file, reader);
    }

    private IEnumerable<Document> ReadJsonLines(string file, StreamReader reader)
    {
        using (reader)
        {
            int lineNumber = 0;
            while (true)
            {
                string? line;
                string? failure = null;
                try
                {
                    line = reader.ReadLine();
                }
                catch (Exception ex) when (ex is DecoderFallbackException or IOException or InvalidDataException)
                {
                    line = null;
                    failure = ex is DecoderFallbackException ? "invalid_encoding" : "unreadable";
                }
                if (failure is not null)
                {
                    yield return Failed($"{file}:{lineNumber + 1}", failure,
                        failure == "invalid_encoding" ? "The JSONL file is not valid UTF-8 from this line on." : "The JSONL file could not be read further.");
                    yield break;
                }
                if (line is null) yield break;
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var doc = ParseJsonLine($"{file}:{lineNumber}", line);
                if (!Seen(doc.Id)) yield return doc;
            }
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Document ParseJsonLine(string location, string line)
    {
        if (Encoding.UTF8.GetByteCount(line) > options.MaxDocumentBytes)
            return Failed(location, "too_large", $"The JSONL line is larger than the {options.MaxDocumentBytes / (1024 * 1024)} MiB limit.");
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Failed(location, "bad_json", "A JSONL line must be a JSON object.");
            string id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? idValue.ToString()
                : location;
            string? text = StringProperty(root, "text");
            string? html = StringProperty(root, "html");
            string? url = StringProperty(root, "url");
            var published = options.Published;
            if (StringProperty(root, "published") is { } p)
            {
                if (!TryParseDate(p, out var parsed))
                    return Failed(id, "bad_date", $"\"published\" must be YYYY-MM-DD, got \"{Truncate(p)}\".");
                published = parsed;
            }
            if (text is null && html is null)
                return Failed(id, "missing_text", "A JSONL document needs a \"text\" or an \"html\" field.");
            if (string.IsNullOrWhiteSpace(text ?? html))
                return Failed(id, "empty", "The document's text is empty.");
            return new Document(id, new SourceDocument
            {
                ArticleText = text,
                Html = text is null ? html : null,
                Url = url,
                Published = published,
                ByteLength = Encoding.UTF8.GetByteCount(line),
            });
        }
        catch (JsonException ex)
        {
            return Failed(location, "bad_json", $"Malformed JSON: {ex.Message}");
        }
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool TryParseDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value.Length >= 10 ? value[..10] : value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static Document Failed(string id, string code, string message, string? url = null) =>
        new(id, new SourceDocument { Url = url }) { Error = new DocumentError(code, message, "ingest") };

    private enum InputKind { Html, Text, Jsonl, Warc, Xml, UrlList }
}
