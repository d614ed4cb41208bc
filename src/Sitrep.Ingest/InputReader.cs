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
}

/// <summary>
/// Reads the command line's inputs into documents, lazily and in input order: files (.html, .htm,
/// .txt, .jsonl, each optionally .gz), directories (recursively, sorted), and "-" for standard input.
/// A problem with one input yields a failed document and reading goes on.
/// </summary>
public sealed class InputReader(IngestOptions options)
{
    private static readonly string[] KnownExtensions = [".html", ".htm", ".xhtml", ".txt", ".text", ".jsonl", ".ndjson"];

    public IEnumerable<Document> Read(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            foreach (var doc in ReadOne(input)) yield return doc;
        }
    }

    private IEnumerable<Document> ReadOne(string input)
    {
        if (input == "-") return ReadStream("-", options.StandardInput, kind: null);
        if (Directory.Exists(input)) return ReadDirectory(input);
        if (File.Exists(input)) return ReadFile(input);
        return [Failed(input, "not_found", $"No such file or directory: {input}")];
    }

    private IEnumerable<Document> ReadDirectory(string directory)
    {
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(IsSupported)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [Failed(directory, "unreadable", ex.Message)];
        }
        return files.SelectMany(ReadFile);
    }

    private static bool IsSupported(string path)
    {
        if (Path.GetFileName(path).StartsWith('.')) return false;
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return KnownExtensions.Contains(Path.GetExtension(name).ToLowerInvariant());
    }

    private IEnumerable<Document> ReadFile(string path)
    {
        var logical = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var kind = Path.GetExtension(logical).ToLowerInvariant() switch
        {
            ".html" or ".htm" or ".xhtml" => InputKind.Html,
            ".txt" or ".text" => InputKind.Text,
            ".jsonl" or ".ndjson" => InputKind.Jsonl,
            _ => (InputKind?)null,
        };
        return ReadStream(path, () => OpenFile(path), kind);
    }

    private static Stream OpenFile(string path)
    {
        Stream stream = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private IEnumerable<Document> ReadStream(string id, Func<Stream> open, InputKind? kind)
    {
        if (kind == InputKind.Jsonl) return ReadJsonLines(id, open);
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

        kind ??= Sniff(bytes);
        if (kind == InputKind.Jsonl) return ReadJsonLines(id, () => new MemoryStream(bytes));
        return [FromBytes(id, bytes, kind.Value)];
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

    private static InputKind Sniff(byte[] bytes)
    {
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 4096)))
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
            return b switch { (byte)'{' => InputKind.Jsonl, (byte)'<' => InputKind.Html, _ => InputKind.Text };
        }
        return InputKind.Text;
    }

    private Document FromBytes(string id, byte[] bytes, InputKind kind)
    {
        string text;
        try
        {
            text = TextDecoding.Decode(bytes, sniffHtmlMeta: kind == InputKind.Html);
        }
        catch (DocumentRejectedException rejected)
        {
            return Failed(id, rejected.Code, rejected.Message);
        }
        if (string.IsNullOrWhiteSpace(text)) return Failed(id, "empty", "The input contains no text.");
        var source = kind == InputKind.Html
            ? new SourceDocument { Html = text, Published = options.Published, ByteLength = bytes.Length }
            : new SourceDocument { PageText = text, Published = options.Published, ByteLength = bytes.Length };
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
                yield return ParseJsonLine($"{file}:{lineNumber}", line);
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

    private static Document Failed(string id, string code, string message) =>
        new(id, new SourceDocument()) { Error = new DocumentError(code, message, "ingest") };

    private enum InputKind { Html, Text, Jsonl }
}
