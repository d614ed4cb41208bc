using System.Globalization;
using System.Text;
using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>
/// Turns a place name into its lookup key: case-folded, diacritics removed, apostrophes dropped,
/// hyphens as spaces, Arabic article prefixes removed and a few transliteration variants merged,
/// so that "al-Foua", "Al Fu'ah", "Fuah" and "Foua" share one key.
/// </summary>
public static class PlaceNames
{
    /// <summary>The lookup key, or an empty string when the name has no Latin letters or digits.</summary>
    public static string Key(ReadOnlySpan<char> name)
    {
        var folded = Fold(name);
        return folded.Length == 0 ? string.Empty : Skeleton(folded);
    }

    public static string Key(string name) => Key(name.AsSpan());

    /// <summary>
    /// The key of a demonym: case and diacritics folded but spelled exactly, since the transliteration
    /// merging of <see cref="Key(ReadOnlySpan{char})"/> would make the name "Scott" a "Scot".
    /// </summary>
    public static string DemonymKey(ReadOnlySpan<char> name) => Fold(name);

    /// <summary>
    /// The key without a leading article ("al-Foua" -> "fua"), or null when the name has none.
    /// Strict mode (for indexing) drops "el" only before a hyphen, so "El Salvador" keeps its article.
    /// </summary>
    public static string? KeyWithoutArticle(ReadOnlySpan<char> name, bool strict)
    {
        var folded = Fold(name);
        int space = folded.IndexOf(' ');
        if (space <= 0) return null;
        var article = folded[..space];
        if (!_articles.Contains(article)) return null;
        if (strict && article == "el")
        {
            var trimmed = name.TrimStart();
            if (trimmed.Length < 3 || trimmed[2] != '-') return null;
        }
        return Skeleton(folded[(space + 1)..]);
    }

    /// <summary>A folded name without its leading article ("al fua" -> "fua"), or null.</summary>
    internal static string? WithoutArticle(string folded)
    {
        int space = folded.IndexOf(' ');
        return space > 0 && _articles.Contains(folded[..space]) ? folded[(space + 1)..] : null;
    }

    /// <summary>Lower-case ASCII letters and digits with single spaces; anything non-Latin makes the result empty.</summary>
    internal static string Fold(ReadOnlySpan<char> name)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length * 2 + 4] : new char[name.Length * 2 + 4];
        int n = 0;
        bool pendingSpace = false;
        foreach (char raw in name)
        {
            char c = raw;
            if (c < 128)
            {
                if (c is >= 'A' and <= 'Z') c = (char)(c + 32);
                if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                {
                    if (pendingSpace && n > 0) buffer[n++] = ' ';
                    pendingSpace = false;
                    buffer[n++] = c;
                }
                else if (c is '\'' or '`') { /* apostrophes join: Fu'ah = Fuah */ }
                else pendingSpace = true;
                continue;
            }
            if (IsApostropheLike(c)) continue;
            var mapped = MapNonAscii(c);
            if (mapped is null)
            {
                // Combining marks vanish; other letters mean a script we do not key.
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
                if (char.IsLetter(c)) return string.Empty;
                pendingSpace = true;
                continue;
            }
            foreach (char m in mapped)
            {
                if (n + 2 >= buffer.Length) break;
                if (pendingSpace && n > 0) buffer[n++] = ' ';
                pendingSpace = false;
                buffer[n++] = m;
            }
        }
        return new string(buffer[..n]);
    }

    private static bool IsApostropheLike(char c) =>
        c is '\u2018' or '\u2019' or '\u02BC' or '\u02BB' or '\u02BF' or '\u02BE' or '\u00B4' or '\u2032' or '\u02C8';

    internal static string FoldFile => RepositoryPaths.Data("geo", "latin-fold.tsv");

    /// <summary>Letter to ASCII, from data/geo/latin-fold.tsv (Latin-1 Supplement to Latin Extended Additional).</summary>
    private static readonly Lazy<Dictionary<char, string>> _fold = new(() =>
    {
        var map = new Dictionary<char, string>();
        foreach (var row in TsvReader.Read(FoldFile))
            if (row.Get("char") is { Length: 1 } c && row.Get("ascii") is { } ascii) map[c[0]] = ascii;
        return map;
    });

    private static string? MapNonAscii(char c) => _fold.Value.TryGetValue(c, out var s) ? s : null;

    private static readonly HashSet<string> _articles = new(StringComparer.Ordinal)
    {
        "al", "el", "ad", "ar", "as", "at", "az", "ash", "an", "adh", "ath", "ul",
    };

    /// <summary>Merges common transliteration variants of an already folded name.</summary>
    internal static string Skeleton(string folded)
    {
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder(folded.Length);
        for (int w = 0; w < words.Length; w++)
        {
            var word = words[w];
            if (sb.Length > 0) sb.Append(' ');
            AppendWordSkeleton(sb, word);
        }
        return sb.ToString();
    }

    private static void AppendWordSkeleton(StringBuilder sb, string word)
    {
        int start = sb.Length;
        for (int i = 0; i < word.Length; i++)
        {
            char c = word[i];
            char next = i + 1 < word.Length ? word[i + 1] : '\0';
            // ou, oo -> u; ee -> i: French and English spellings of Arabic vowels.
            if (c == 'o' && (next == 'u' || next == 'o')) { sb.Append('u'); i++; continue; }
            if (c == 'e' && next == 'e') { sb.Append('i'); i++; continue; }
            // A final h after a vowel is a transliterated ta marbuta: Fuah = Fua.
            if (c == 'h' && i == word.Length - 1 && i >= 2 && IsVowel(word[i - 1])) continue;
            // Doubled letters are optional in transliteration: Raqqa = Raqa.
            if (sb.Length > start && sb[^1] == c && char.IsLetter(c)) continue;
            sb.Append(c);
        }
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
