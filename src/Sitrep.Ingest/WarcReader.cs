using System.Globalization;
using System.Text;

namespace Sitrep.Ingest;

/// <summary>One WARC record: its named fields, and its block when it was read.</summary>
public sealed class WarcRecord
{
    public required string Version { get; init; }
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
    public required long ContentLength { get; init; }

    /// <summary>Byte offset of the record's version line in the (decompressed) stream.</summary>
    public required long Offset { get; init; }

    /// <summary>The record block; null when it was skipped (unwanted type, too large) or cut short.</summary>
    public byte[]? Block { get; init; }

    /// <summary>"too_large", "truncated" or "bad_warc" when the record could not be read; null otherwise.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public string Type => Field("WARC-Type") ?? string.Empty;
    public string? RecordId => Field("WARC-Record-ID");
    public string? TargetUri => Field("WARC-Target-URI")?.Trim('<', '>', ' ');

    public DateTimeOffset? Date =>
        DateTimeOffset.TryParse(Field("WARC-Date"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date : null;

    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A streaming reader for WARC files (ISO 28500, WARC/1.0 and WARC/1.1), hand-written because no
/// WARC library is available for .NET here. It reads one record at a time: blocks of unwanted
/// types and blocks over <see cref="MaxBlockBytes"/> are skipped without being buffered, so memory
/// stays bounded by the largest accepted record. Give it a decompressed stream; a .warc.gz of one
/// gzip member per record decompresses as one stream (GZipStream reads concatenated members).
/// </summary>
public sealed class WarcReader(Stream stream, long maxBlockBytes = 16 * 1024 * 1024)
{
    private const int MaxHeaderBytes = 256 * 1024;
    private const int MaxLineBytes = 64 * 1024;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private long _consumed;
    private bool _eof;

    public long MaxBlockBytes { get; } = maxBlockBytes;

    /// <summary>Bytes of the decompressed stream consumed so far.</summary>
    public long Position => _consumed;

    /// <summary>
    /// Reads records in order. <paramref name="wantBlock"/> decides from the header fields whether a
    /// record's block is read (true) or skipped (false); skipped records are still yielded, without block.
    /// A record cut short by the end of the stream is yielded with "truncated" and ends the reading.
    /// </summary>
    public IEnumerable<WarcRecord> ReadRecords(Func<WarcRecord, bool> wantBlock)
    {
        while (true)
        {
            string? version = SkipToVersionLine(out bool skippedGarbage, out long offset);
            if (version is null)
            {
                if (skippedGarbage)
                    yield return Broken(offset, "bad_warc", "Trailing bytes after the last record are not a WARC record.");
                yield break;
            }
            var fields = ReadFields(out string? headerError);
            if (headerError is not null)
            {
                yield return Broken(offset, headerError == "truncated" ? "truncated" : "bad_warc",
                    headerError == "truncated" ? "The WARC record's header is cut short." : headerError);
                if (headerError == "truncated") yield break;
                continue;
            }
            if (!fields.TryGetValue("Content-Length", out var lengthText) ||
                !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
            {
                // Without a length the block's end is unknown: resynchronise on the next version line.
                yield return Broken(offset, "bad_warc", "The WARC record has no valid Content-Length.", fields);
                continue;
            }

            var header = new WarcRecord { Version = version, Fields = fields, ContentLength = length, Offset = offset };
            if (!wantBlock(header))
            {
                if (Skip(length) < length) yield break;
                SkipRecordEnd();
                yield return header;
                continue;
            }
            if (length > MaxBlockBytes)
            {
                long skipped = Skip(length);
                SkipRecordEnd();
                yield return new WarcRecord
                {
                    Version = version, Fields = fields, ContentLength = length, Offset = offset,
                    ErrorCode = skipped < length ? "truncated" : "too_large",
                    ErrorMessage = skipped < length
                        ? $"The WARC record is cut short: {skipped} of {length} bytes."
                        : $"The WARC record's block ({length} bytes) is larger than the {MaxBlockBytes / (1024 * 1024)} MiB limit.",
                };
                if (skipped < length) yield break;
                continue;
            }
            var block = new byte[length];
            int read = ReadInto(block);
            if (read < length)
            {
                yield return new WarcRecord
                {
                    Version = version, Fields = fields, ContentLength = length, Offset = offset,
                    ErrorCode = "truncated", ErrorMessage = $"The WARC record is cut short: {read} of {length} bytes.",
                };
                yield break;
            }
            SkipRecordEnd();
            yield return new WarcRecord { Version = version, Fields = fields, ContentLength = length, Offset = offset, Block = block };
        }
    }

    private static WarcRecord Broken(long offset, string code, string message, IReadOnlyDictionary<string, string>? fields = null) => new()
    {
        Version = string.Empty,
        Fields = fields ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        ContentLength = 0,
        Offset = offset,
        ErrorCode = code,
        ErrorMessage = message,
    };

    /// <summary>Skips blank lines (and, after a broken record, anything else) up to a "WARC/1.x" line.</summary>
    private string? SkipToVersionLine(out bool skippedGarbage, out long offset)
    {
        skippedGarbage = false;
        while (true)
        {
            offset = _consumed;
            var line = ReadLine(out bool tooLong);
            if (line is null) return null;
            if (tooLong) { skippedGarbage = true; continue; }
            if (line.Length == 0) continue;
            if (line.StartsWith("WARC/", StringComparison.Ordinal)) return line;
            skippedGarbage = true;
        }
    }

    private Dictionary<string, string> ReadFields(out string? error)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        int total = 0;
        error = null;
        while (true)
        {
            var line = ReadLine(out bool tooLong);
            if (line is null) { error = "truncated"; return fields; }
            total += line.Length + 2;
            if (tooLong || total > MaxHeaderBytes) { error = "The WARC record's header is too long."; return fields; }
            if (line.Length == 0) return fields;
            if (line[0] is ' ' or '\t' && last is not null)
            {
                fields[last] = fields[last] + " " + line.Trim();
                continue;
            }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) { error = $"Malformed WARC header line: \"{Shorten(line)}\"."; return fields; }
            last = line[..colon].Trim();
            // A repeated field keeps its first value (ISO 28500 allows repeats only for WARC-Concurrent-To).
            fields.TryAdd(last, line[(colon + 1)..].Trim());
        }
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";

    /// <summary>A line without its CR LF (or bare LF), decoded as UTF-8; null at the end of the stream.</summary>
    private string? ReadLine(out bool tooLong)
    {
        tooLong = false;
        using var collected = new MemoryStream();
        while (true)
        {
            if (_start == _end && !Fill())
            {
                if (collected.Length == 0) return null;
                return Decode(collected);
            }
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            if (collected.Length + (stop - _start) <= MaxLineBytes) collected.Write(_buffer, _start, stop - _start);
            else tooLong = true;
            _consumed += (newline < 0 ? _end : newline + 1) - _start;
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0) return Decode(collected);
        }

        static string Decode(MemoryStream bytes)
        {
            var span = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
            if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
            return Encoding.UTF8.GetString(span);
        }
    }

    /// <summary>The CR LF CR LF that closes a record; tolerated when missing.</summary>
    private void SkipRecordEnd()
    {
        for (int i = 0; i < 4; i++)
        {
            if (_start == _end && !Fill()) return;
            if (_buffer[_start] is not ((byte)'\r' or (byte)'\n')) return;
            _start++;
            _consumed++;
        }
    }

    private int ReadInto(byte[] target)
    {
        int filled = 0;
        while (filled < target.Length)
        {
            if (_start == _end)
            {
                // Large remainders go straight from the stream into the block.
                if (target.Length - filled >= _buffer.Length)
                {
                    int direct = stream.Read(target, filled, target.Length - filled);
                    if (direct <= 0) { _eof = true; break; }
                    filled += direct;
                    _consumed += direct;
                    continue;
                }
                if (!Fill()) break;
            }
            int n = Math.Min(_end - _start, target.Length - filled);
            Buffer.BlockCopy(_buffer, _start, target, filled, n);
            _start += n;
            _consumed += n;
            filled += n;
        }
        return filled;
    }

    private long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            if (_start == _end && !Fill()) break;
            int n = (int)Math.Min(_end - _start, count - skipped);
            _start += n;
            _consumed += n;
            skipped += n;
        }
        return skipped;
    }

    private bool Fill()
    {
        if (_eof) return false;
        _start = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        if (_end <= 0)
        {
            _end = 0;
            _eof = true;
            return false;
        }
        return true;
    }
}
