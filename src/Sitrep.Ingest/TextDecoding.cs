using System.Text;
using System.Text.RegularExpressions;
using Sitrep.Core;

namespace Sitrep.Ingest;

/// <summary>
/// Turns raw bytes into text: BOM first, then a declared charset (HTTP header or HTML meta), then
/// strict UTF-8. Binary data and undeclared invalid UTF-8 are rejected rather than guessed at, so a
/// mis-decoded page never reaches the coder silently.
/// </summary>
public static partial class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset = null, bool sniffHtmlMeta = false)
    {
        if (bytes.IsEmpty) throw new DocumentRejectedException("empty", "The input is empty (0 bytes).");

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return StrictDecode(StrictUtf8, bytes[3..], "UTF-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes[2..]);

        if (LooksBinary(bytes))
            throw new DocumentRejectedException("binary", "The input looks like binary data, not text or HTML.");

        var charset = declaredCharset ?? (sniffHtmlMeta ? SniffMetaCharset(bytes) : null);
        if (charset is not null && !IsUtf8Name(charset))
        {
            Encoding encoding;
            try { encoding = Encoding.GetEncoding(charset); }
            catch (ArgumentException) { encoding = StrictUtf8; }
            if (encoding is not UTF8Encoding) return encoding.GetString(bytes);
        }
        return StrictDecode(StrictUtf8, bytes, "UTF-8");
    }

    private static string StrictDecode(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new DocumentRejectedException("invalid_encoding",
                $"The input is not valid {name} (bad byte at offset {ex.Index}) and declares no other charset.");
        }
    }

    /// <summary>NUL bytes, or many control characters, in the first 8 KB mean binary data.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 8192)];
        int control = 0;
        foreach (var b in head)
        {
            if (b == 0) return true;
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C) control++;
        }
        return control > head.Length / 20 + 1;
    }

    private static bool IsUtf8Name(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static string? SniffMetaCharset(ReadOnlySpan<byte> bytes)
    {
        // The HTML spec's prescan reads 1024 bytes, but real pages often declare the charset later in a long head.
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 16384)]);
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
