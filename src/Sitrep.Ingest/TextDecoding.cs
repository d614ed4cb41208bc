using System.Text;
using System.Text.RegularExpressions;
using Sitrep.Core;

namespace Sitrep.Ingest;

/// <summary>
/// Turns raw bytes into text: BOM first, then a declared charset (HTTP header or HTML meta), then
/// UTF-8. A UTF-8 page with a rare stray byte keeps its text (the byte becomes U+FFFD), and a page
/// with no UTF-8 sequence at all whose high bytes read as letters inside words is Windows-1252.
/// Binary data and anything else that is not UTF-8 are rejected rather than guessed at, so a
/// mis-decoded page never reaches the coder silently.
/// </summary>
public static partial class TextDecoding
{
    static TextDecoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    private static readonly Encoding Windows1252;

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
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            return Fallback(bytes) ?? throw new DocumentRejectedException("invalid_encoding",
                $"The input is not valid UTF-8 (bad byte at offset {ex.Index}) and declares no other charset.");
        }
    }


    /// <summary>Text for bytes that are not strict UTF-8, or null when no reading is safe.</summary>
    private static string? Fallback(ReadOnlySpan<byte> bytes)
    {
        var lenient = Encoding.UTF8.GetString(bytes);
        int replaced = 0, multibyte = 0;
        foreach (var c in lenient)
        {
            if (c == '\uFFFD') replaced++;
            else if (c > 0x7F) multibyte++;
        }
        // Real UTF-8 sequences with a stray byte here and there (a legacy fragment pasted in): keep the text.
        if (multibyte > 0) return replaced * 1000 <= bytes.Length && replaced * 4 <= multibyte ? lenient : null;
        string legacy;
        try { legacy = Windows1252.GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
        return HighCharsSitInWords(legacy) ? legacy : null;
    }

    /// <summary>Every non-ASCII character is a letter, or typographic punctuation; letters sit in words.</summary>
    private static bool HighCharsSitInWords(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c <= 0x7F) continue;
            if (!char.IsLetter(c))
            {
                if (!IsTypographic(c)) return false;
                continue;
            }
            char before = i > 0 ? text[i - 1] : ' ', after = i + 1 < text.Length ? text[i + 1] : ' ';
            // A one-letter word ('à') stands between spaces.
            if (!char.IsLetter(before) && !char.IsLetter(after) && !(char.IsWhiteSpace(before) && char.IsWhiteSpace(after)))
                return false;
        }
        return true;
    }

    private static bool IsTypographic(char c) => c is '\u00A0' or '\u2018' or '\u2019' or '\u201C' or '\u201D'
        or '\u2013' or '\u2014' or '\u2026' or '\u00A9' or '\u00AB' or '\u00BB' or '\u00B0' or '\u20AC' or '\u00A3' or '\u2022';

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
