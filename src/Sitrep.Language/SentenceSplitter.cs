using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>
/// Splits tokenized text into sentences: at terminal punctuation (with trailing closing quotes and
/// brackets) unless a lower-case word follows, never after a listed abbreviation that rarely ends a
/// sentence, and always at a line break. Hand-written; one linear pass.
/// </summary>
public static class SentenceSplitter
{
    public static List<Sentence> Split(string text, IReadOnlyList<Token> tokens) => Split(text, tokens, LanguageLexicon.Default);

    public static List<Sentence> Split(string text, IReadOnlyList<Token> tokens, LanguageLexicon lexicon)
    {
        var sentences = new List<Sentence>(tokens.Count / 20 + 1);
        int count = tokens.Count, first = 0;
        for (int i = 0; i < count; i++)
        {
            int last = -1;
            var t = tokens[i];
            if (IsTerminal(t))
            {
                int k = i + 1;
                while (k < count && (IsTerminal(tokens[k]) || IsClosing(tokens[k], tokens[k - 1])) && !LineBreakBetween(text, tokens[k - 1], tokens[k])) k++;
                bool split = k >= count || LineBreakBetween(text, tokens[k - 1], tokens[k]) || !StartsLowerCase(tokens[k]);
                // "...," or "...;" continues the sentence.
                if (split && k < count && tokens[k].Kind == TokenKind.Punctuation && tokens[k].Text is "," or ";" or ":" ) split = false;
                if (split) last = k - 1;
            }
            else if (t.Kind == TokenKind.Word && t.Text.Length > 1 && t.Text[^1] == '.' && i + 1 < count)
            {
                // An abbreviation token keeps its period; it ends the sentence only when listed as able to.
                var next = tokens[i + 1];
                bool canEnd = lexicon.Abbreviations.TryGetValue(t.Text, out var info) && info.CanEnd;
                if (canEnd && next.IsCapitalized && next.Kind == TokenKind.Word && !NamesADay(next, lexicon)) last = i;
            }
            if (last < 0 && i + 1 < count && LineBreakBetween(text, t, tokens[i + 1])) last = i;
            if (last < 0 && i == count - 1) last = i;
            if (last < 0) continue;

            sentences.Add(new Sentence(tokens[first].Start, tokens[last].End));
            first = last + 1;
            i = last;
        }
        return sentences;
    }

    /// <summary>"at 9 a.m. Tuesday", "5 p.m. EST Nov. 6": a weekday, month or time zone after an abbreviation goes on with its clock time.</summary>
    private static bool NamesADay(Token t, LanguageLexicon lexicon) =>
        lexicon.Weekdays.ContainsKey(t.Text) || lexicon.Months.ContainsKey(t.Text) ||
        t.Text is { Length: 3 } zone && zone[^1] == 'T' && zone.All(char.IsUpper);

    private static bool IsTerminal(Token t) =>
        t.Kind == TokenKind.Punctuation && t.Text is "." or "!" or "?" or "…" or "..." or "....";

    private static bool IsClosing(Token t, Token previous) =>
        t.Kind == TokenKind.Punctuation &&
        (t.Text is "”" or "’" or ")" or "]" or "»" || (t.Text is "\"" or "'" && t.Start == previous.End));

    private static bool StartsLowerCase(Token t) => t.Text.Length > 0 && char.IsLower(t.Text[0]);

    private static bool LineBreakBetween(string text, Token a, Token b)
    {
        for (int p = a.End; p < b.Start; p++)
            if (text[p] is '\n' or '\r' or '\u2028' or '\u2029') return true;
        return false;
    }
}
