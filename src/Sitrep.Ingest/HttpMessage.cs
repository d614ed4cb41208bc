using System.Globalization;
using System.IO.Compression;
using System.Text;
using Sitrep.Core;

namespace Sitrep.Ingest;

/// <summary>An HTTP response as a WARC response record stores it: status, headers and the (decoded) body.</summary>
public sealed record HttpMessage(int Status, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    private const int MaxHeaderBytes = 128 * 1024;

    public string? ContentType => Headers.TryGetValue("Content-Type", out var v) ? v : null;

    /// <summary>The media type alone, lower case ("text/html"), or null.</summary>
    public string? MediaType => MediaTypeOf(ContentType);

    public string? Charset => CharsetOf(ContentType);

    public static string? MediaTypeOf(string? contentType) =>
        contentType is null ? null : contentType.Split(';', 2)[0].Trim().ToLowerInvariant() is { Length: > 0 } m ? m : null;

    public static string? CharsetOf(string? contentType)
    {
        if (contentType is null) return null;
        foreach (var part in contentType.Split(';').Skip(1))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length == 2 && kv[0].Equals("charset", StringComparison.OrdinalIgnoreCase))
                return kv[1].Trim('"', '\'', ' ') is { Length: > 0 } c ? c : null;
        }
        return null;
    }

    /// <summary>
    /// Parses a response block: the status line, headers up to the blank line, then the body,
    /// de-chunked and decompressed when the headers say it still is (Common Crawl renames the
    /// headers it already undid to X-Crawler-*, so those are left alone).
    /// </summary>
    /// <remarks>A body sent as is stays a slice of <paramref name="message"/>: no copy of every page.</remarks>
    public static HttpMessage Parse(ReadOnlyMemory<byte> message, long maxBodyBytes)
    {
        var block = message.Span;
        int headerEnd = FindHeaderEnd(block, out int separatorLength);
        if (headerEnd < 0) throw new DocumentRejectedException("bad_http", "The HTTP response has no end of headers.");
        var head = Encoding.Latin1.GetString(block[..headerEnd]);
        var lines = head.Split('\n');
        var statusLine = lines[0].TrimEnd('\r');
        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            throw new DocumentRejectedException("bad_http", $"Not an HTTP status line: \"{(statusLine.Length > 60 ? statusLine[..60] : statusLine)}\".");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line[0] is ' ' or '\t' && last is not null) { headers[last] += " " + line.Trim(); continue; }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            last = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[last] = headers.TryGetValue(last, out var earlier) ? earlier + ", " + value : value;
        }

        var body = message[(headerEnd + separatorLength)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body.Span, maxBodyBytes);
        if (headers.TryGetValue("Content-Encoding", out var ce))
            body = Decompress(body.ToArray(), ce.Trim().ToLowerInvariant(), maxBodyBytes);
        return new HttpMessage(status, headers, body);
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> block, out int separatorLength)
    {
        var limit = block[..Math.Min(block.Length, MaxHeaderBytes)];
        int crlf = limit.IndexOf("\r\n\r\n"u8);
        int lf = limit.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf)) { separatorLength = 4; return crlf; }
        separatorLength = 2;
        return lf;
    }

    /// <summary>Undoes chunked transfer coding; a body cut inside a chunk keeps what arrived.</summary>
    private static byte[] Dechunk(ReadOnlySpan<byte> body, long maxBytes)
    {
        using var output = new MemoryStream();
        while (!body.IsEmpty)
        {
            int eol = body.IndexOf((byte)'\n');
            if (eol < 0) break;
            var sizeText = Encoding.ASCII.GetString(body[..eol]).Split(';')[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
                throw new DocumentRejectedException("bad_http", "Malformed chunked body.");
            body = body[(eol + 1)..];
            if (size == 0) break;
            int take = (int)Math.Min(size, body.Length);
            if (output.Length + take > maxBytes) throw TooLarge(maxBytes);
            output.Write(body[..take]);
            body = body[take..];
            if (body.StartsWith("\r\n"u8)) body = body[2..];
            else if (body.StartsWith("\n"u8)) body = body[1..];
        }
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] bytes, string encoding, long maxBytes)
    {
        Func<Stream, Stream>? open = encoding switch
        {
            "gzip" or "x-gzip" => s => new GZipStream(s, CompressionMode.Decompress),
            "deflate" => s => new ZLibStream(s, CompressionMode.Decompress),
            "br" => s => new BrotliStream(s, CompressionMode.Decompress),
            _ => null,
        };
        if (open is null) return encoding is "identity" or "" ? bytes : throw new DocumentRejectedException("unsupported_encoding", $"Content-Encoding \"{encoding}\" is not supported.");
        try
        {
            using var input = open(new MemoryStream(bytes));
            return ReadBounded(input, maxBytes);
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentRejectedException("bad_http", $"The {encoding} body does not decompress: {ex.Message}");
        }
    }

    /// <summary>Reads a stream to its end, refusing more than <paramref name="maxBytes"/> (a decompression bomb stops there).</summary>
    public static byte[] ReadBounded(Stream input, long maxBytes)
    {
        using var output = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (output.Length + read > maxBytes) throw TooLarge(maxBytes);
            output.Write(chunk, 0, read);
        }
        return output.ToArray();
    }

    private static DocumentRejectedException TooLarge(long maxBytes) =>
        new("too_large", $"The document is larger than the {maxBytes / (1024 * 1024)} MiB limit.");
}
