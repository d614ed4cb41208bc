using System.Text;

namespace Sitrep.Extraction;

/// <summary>Whitespace normalisation and safe mojibake repair for extracted text.</summary>
public static class TextCleaner
{
    private static readonly Lazy<Encoding> _windows1252 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    private static readonly UTF8Encoding _strictUtf8 = new(false, true);

    /// <summary>Collapses runs of spaces (including no-break and zero-width ones) in one paragraph and trims it.</summary>
    public static string NormalizeInline(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD') continue;
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Repairs UTF-8 text that was decoded as Windows-1252 ("â€™" → "’"). Only a run that starts
    /// with a UTF-8 lead byte and decodes strictly as UTF-8 is replaced, so genuine accented text stays.
    /// </summary>
    public static string RepairMojibake(string text)
    {
        if (text.IndexOfAny(['Ã', 'Â', 'â', 'Å', 'Ä', 'Ð', 'Ñ', 'Ø', 'Ù']) < 0) return text;
        var enc = _windows1252.Value;
        StringBuilder? sb = null;
        int copied = 0;
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            if (!TryByte(enc, text[i], out byte lead) || lead < 0xC2 || lead > 0xF4) continue;
            int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (i + need > text.Length) continue;
            bytes[0] = lead;
            bool ok = true;
            for (int k = 1; k < need && ok; k++)
                ok = TryByte(enc, text[i + k], out bytes[k]) && bytes[k] is >= 0x80 and <= 0xBF;
            if (!ok) continue;
            string decoded;
            try { decoded = _strictUtf8.GetString(bytes[..need]); }
            catch (DecoderFallbackException) { continue; }
            sb ??= new StringBuilder(text.Length);
            sb.Append(text, copied, i - copied).Append(decoded);
            copied = i + need;
            i += need - 1;
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private static bool TryByte(Encoding enc, char c, out byte b)
    {
        b = 0;
        if (c < 0x80) return false;
        if (c <= 0xFF && c is not (>= '\u0080' and <= '\u009F'))
        {
            b = (byte)c;
            return true;
        }
        // Windows-1252 puts typographic characters (€, ’, “...) in 0x80-0x9F.
        try
        {
            Span<char> one = [c];
            Span<byte> outByte = stackalloc byte[2];
            if (enc.GetBytes(one, outByte) != 1) return false;
            b = outByte[0];
            return true;
        }
        catch (EncoderFallbackException) { return false; }
    }

    /// <summary>Counts words (runs of letters or digits).</summary>
    public static int CountWords(string text)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool letter = char.IsLetterOrDigit(c);
            if (letter && !inWord) count++;
            inWord = letter;
        }
        return count;
    }
}
