using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>
/// Hand-written English tokenizer (no maintained .NET tokenizer with offsets fits): keeps numbers with
/// separators ("34,000", "1.5"), hyphenated words ("al-Foua", "six-year"), initialisms and listed
/// abbreviations ("U.S.", "Dec.") whole, and splits clitics ("'s", "n't") off. One linear pass.
/// </summary>
public static class Tokenizer
{
    public static List<Token> Tokenize(string text) => Tokenize(text, LanguageLexicon.Default);

    public static List<Token> Tokenize(string text, LanguageLexicon lexicon)
    {
        var tokens = new List<Token>(text.Length / 5 + 1);
        int n = text.Length, i = 0;
        while (i < n)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { i++; continue; }

            int end;
            TokenKind kind;
            if (IsUrlStart(text, i))
            {
                end = i;
                while (end < n && !char.IsWhiteSpace(text[end])) end++;
                while (end > i + 1 && IsTrailingUrlPunctuation(text[end - 1])) end--;
                kind = TokenKind.Symbol;
            }
            // "Syria's", and "Syria 's" as already tokenised text writes it.
            else if (IsApostrophe(c) && (i > 0 && char.IsLetterOrDigit(text[i - 1]) || i > 1 && text[i - 1] == ' ' && char.IsLetterOrDigit(text[i - 2]))
                && CliticLength(text, i) is > 0 and int clitic)
            {
                end = i + clitic;
                kind = TokenKind.Word;
            }
            else if (IsWordChar(c))
            {
                end = ScanWord(text, i, lexicon, out bool hasLetter);
                kind = hasLetter ? TokenKind.Word : TokenKind.Number;
            }
            else if (c is '.' or '-' or '\u2014' or '\u2013' or '?' or '!')
            {
                end = i + 1;
                while (end < n && text[end] == c && (c is '.' or '-')) end++;
                kind = TokenKind.Punctuation;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < n && char.IsLowSurrogate(text[i + 1]))
            {
                end = i + 2;
                kind = char.IsLetter(text, i) ? TokenKind.Word : TokenKind.Symbol;
            }
            else
            {
                end = i + 1;
                kind = IsSymbol(c) ? TokenKind.Symbol : char.IsPunctuation(c) ? TokenKind.Punctuation : TokenKind.Symbol;
            }
            tokens.Add(new Token(i, end, text[i..end], kind));
            i = end;
        }
        return tokens;
    }

    private static int ScanWord(string text, int start, LanguageLexicon lexicon, out bool hasLetter)
    {
        int n = text.Length, j = start;
        hasLetter = false;
        while (j < n)
        {
            char ch = text[j];
            if (IsWordChar(ch))
            {
                if (char.IsLetter(ch)) hasLetter = true;
                j++;
                continue;
            }
            bool prevAlnum = j > start && char.IsLetterOrDigit(text[j - 1]);
            bool nextAlnum = j + 1 < n && char.IsLetterOrDigit(text[j + 1]);
            if ((ch is '-' or '\u2011') && prevAlnum && nextAlnum) { j++; continue; }
            if (ch is '.' or ':' && j > start && char.IsDigit(text[j - 1]) && j + 1 < n && char.IsDigit(text[j + 1]) && !hasLetter) { j++; continue; }
            if (ch == ',' && j > start && char.IsDigit(text[j - 1]) && !hasLetter && IsThousandsGroup(text, j + 1)) { j++; continue; }
            if (IsApostrophe(ch) && prevAlnum && j + 1 < n && char.IsLetter(text[j + 1]))
            {
                // "don't" → "do" + "n't"; "Syria's" → "Syria" + "'s"; "O'Brien" stays whole.
                if ((text[j + 1] is 't' or 'T') && (j + 2 >= n || !char.IsLetter(text[j + 2])) && (text[j - 1] is 'n' or 'N') && j - 1 > start)
                    return j - 1;
                if (CliticLength(text, j) > 0) return j;
                j++;
                continue;
            }
            break;
        }

        // Dollars of other countries: "C$", "A$", "US$", "HK$".
        if (j < n && text[j] == '$' && j - start <= 3 && IsCapitals(text.AsSpan(start, j - start))) return j + 1;
        if (j < n && text[j] == '.')
        {
            int abbreviationEnd = AbbreviationEnd(text, start, j, lexicon);
            if (abbreviationEnd > j)
            {
                j = abbreviationEnd;
                // "U.S.-backed" stays one word.
                if (j + 1 < n && text[j] == '-' && char.IsLetter(text[j + 1]))
                    return Math.Max(ScanWord(text, j + 1, lexicon, out _), j);
            }
        }
        return j;
    }

    /// <summary>The end of an abbreviation that starts at <paramref name="start"/> and whose letters end at <paramref name="dot"/>, or -1.</summary>
    private static int AbbreviationEnd(string text, int start, int dot, LanguageLexicon lexicon)
    {
        int n = text.Length;
        // Initialisms: single letters separated by periods ("U.S.", "a.m.", "e.g.").
        if (dot - start == 1 && char.IsLetter(text[start]))
        {
            int k = dot;
            while (k + 2 < n && char.IsLetter(text[k + 1]) && text[k + 2] == '.' && (k + 3 >= n || !char.IsLetter(text[k + 3])))
                k += 2;
            if (k > dot) return k + 1;
        }
        var candidate = text.AsSpan(start, dot - start + 1);
        var lookup = lexicon.Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.ContainsKey(candidate)) return dot + 1;
        // A capital initial before a name ("John F. Kennedy").
        if (dot - start == 1 && char.IsUpper(text[start]) && dot + 2 < n && text[dot + 1] == ' ' && char.IsUpper(text[dot + 2]))
            return dot + 1;
        return -1;
    }

    /// <summary>Length of a clitic ("'s", "'re", "'ve", "'ll", "'d", "'m") starting at an apostrophe, or 0.</summary>
    private static int CliticLength(string text, int apostrophe)
    {
        int n = text.Length, k = apostrophe + 1;
        while (k < n && char.IsLetter(text[k]) && k - apostrophe <= 3) k++;
        if (k < n && char.IsLetterOrDigit(text[k])) return 0;
        var suffix = text.AsSpan(apostrophe + 1, k - apostrophe - 1);
        foreach (var known in (ReadOnlySpan<string>)["s", "re", "ve", "ll", "d", "m"])
            if (suffix.Equals(known, StringComparison.OrdinalIgnoreCase)) return k - apostrophe;
        return 0;
    }

    private static bool IsCapitals(ReadOnlySpan<char> letters)
    {
        foreach (char ch in letters) if (ch is < 'A' or > 'Z') return false;
        return true;
    }

    private static bool IsThousandsGroup(string text, int at) =>
        at + 3 <= text.Length && char.IsDigit(text[at]) && char.IsDigit(text[at + 1]) && char.IsDigit(text[at + 2]) &&
        (at + 3 == text.Length || !char.IsDigit(text[at + 3]));

    private static bool IsUrlStart(string text, int i) =>
        (text[i] is 'h' or 'w') && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '<' or '"') &&
        (text.AsSpan(i).StartsWith("http://", StringComparison.Ordinal) || text.AsSpan(i).StartsWith("https://", StringComparison.Ordinal) ||
         text.AsSpan(i).StartsWith("www.", StringComparison.Ordinal));

    private static bool IsTrailingUrlPunctuation(char c) => c is '.' or ',' or ';' or ':' or ')' or '"' or '\'' or '!' or '?' or '>';

    internal static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static bool IsSymbol(char c) => c is '$' or '%' or '&' or '@' or '#' or '+' or '=' or '<' or '>' or '|' or '~' or '^' or '*' or '/' or '\\' or '€' or '£' or '¥' || char.IsSymbol(c);
}
