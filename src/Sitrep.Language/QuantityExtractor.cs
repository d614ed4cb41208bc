using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>
/// Finds counts of people in a sentence, with their modifier, counted noun, role (what happened to
/// them), whether they are a running total, and whether they are part of a larger count.
/// </summary>
internal static class QuantityExtractor
{
    private const int ForwardRoleWindow = 15;
    private const int BackwardRoleWindow = 4;
    private const int NounWindow = 4;

    private sealed class Found
    {
        public required int StartToken;
        public required int EndToken;
        public required long Value;
        public string? Modifier;
        public string? Noun;
        public bool NounIsPeople;
        public string? Role;
        public bool Subset;
        public bool Cumulative;
    }

    public static void ExtractSentence(string text, TokenContext ctx, int s0, int s1, List<Quantity> output)
    {
        var tokens = ctx.Tokens;
        var lex = ctx.Lexicon;
        List<Found>? found = null;

        for (int i = s0; i < s1; i++)
        {
            if (tokens[i].Kind is not (TokenKind.Number or TokenKind.Word)) continue;
            if (!NumberParser.TryParse(ctx, i, s1, out var number)) continue;
            int end = number.End;
            if (IsNotACount(ctx, i, end, s0, s1, number))
            {
                i = end - 1;
                continue;
            }

            int nounStart = end;
            if (number.Vague && ctx.Is(nounStart, s1, "of")) nounStart++;
            var (noun, nounToken, isPeople) = FindNoun(ctx, nounStart, s1);
            if (nounToken >= 0 && ctx.IsTimeUnit(nounToken)) { i = end - 1; continue; }
            // "one" is too often a pronoun ("one of the", "no one") to count without a people noun.
            if (number.Spelled && number.Value == 1 && !isPeople) { i = end - 1; continue; }

            int start = i;
            string? modifier = null;
            if (MatchModifier(ctx, i, s0, out int modifierStart, out string? canonical))
            {
                start = modifierStart;
                modifier = canonical;
            }
            if (number.Vague) modifier = "vague";

            bool subset = IsSubset(ctx, start, end, s0, s1);
            string? role = null;
            if (noun is null || isPeople)
            {
                role = RoleBefore(ctx, start, s0)
                       ?? RoleAfter(ctx, nounToken >= 0 ? nounToken + 1 : end, s1)
                       ?? (nounToken >= 0 ? ctx.Role(nounToken) : null);
            }

            (found ??= []).Add(new Found
            {
                StartToken = start,
                EndToken = end,
                Value = number.Value,
                Modifier = modifier,
                Noun = noun,
                NounIsPeople = isPeople,
                Role = role,
                Subset = subset,
            });
            i = Math.Max(i, (nounToken >= 0 ? nounToken : end) - 1);
        }
        if (found is null) return;

        bool perfect = HasPerfect(ctx, s0, s1);
        Found? parent = null;
        for (int q = 0; q < found.Count; q++)
        {
            var f = found[q];
            int windowStart = q == 0 ? s0 : found[q - 1].EndToken;
            int windowEnd = q + 1 < found.Count ? found[q + 1].StartToken : s1;
            var cue = CumulativeCue(ctx, windowStart, windowEnd);
            f.Cumulative = f.Role is not null && (cue == CueStrength.Strong || (cue == CueStrength.Weak && perfect));
            if (f.Subset && parent is not null)
            {
                if (parent.Role is not null && (f.Noun is null || f.NounIsPeople)) f.Role = parent.Role;
                f.Cumulative |= parent.Cumulative;
            }
            else if (!f.Subset) parent = f;
        }

        foreach (var f in found)
        {
            int a = tokens[f.StartToken].Start, b = tokens[f.EndToken - 1].End;
            output.Add(new Quantity(a, b, text[a..b], f.Value)
            {
                Modifier = f.Modifier,
                Noun = f.Noun,
                Role = f.Role,
                Cumulative = f.Cumulative,
                Subset = f.Subset,
            });
        }
    }

    /// <summary>Years, dates, times, money, measures, ages and labels are numbers but not counts.</summary>
    private static bool IsNotACount(TokenContext ctx, int i, int end, int s0, int s1, NumberParser.Parsed number)
    {
        var tokens = ctx.Tokens;
        var lex = ctx.Lexicon;
        if (ctx.IsYear(i, out _) && end == i + 1 && !(end < s1 && ctx.IsPeopleNoun(end))) return true;
        if (i > s0)
        {
            var prev = tokens[i - 1];
            if (lex.CurrencyBefore.Contains(prev.Text) || lex.LabelBefore.Contains(prev.Lower)) return true;
            if (ctx.Month(i - 1) is not null) return true;
            if (prev.Lower is "aged" or "age" or "ages") return true;
            // A capitalised word right before a number names a thing ("Boeing 737", "Highway 5").
            if (prev.Kind == TokenKind.Word && prev.IsCapitalized && i - 1 > s0 && !lex.FunctionWords.Contains(prev.Lower)
                && !lex.QuantityModifiers.ContainsKey(prev.Lower) && ctx.Weekday(i - 1) is null)
                return true;
            if (prev.Kind == TokenKind.Symbol && prev.Text is "$" or "€" or "£" or "¥" or "#") return true;
        }
        if (end < s1)
        {
            var next = tokens[end];
            if (lex.MeasureAfter.Contains(next.Lower) || next.Text == "%") return true;
            if (ctx.Month(end) is not null) return true;
            if (ctx.IsTimeUnit(end)) return true;
            if (next.Lower is "-year-old" or "year-old" or "years-old") return true;
        }
        return number.Value < 0;
    }

    private static (string? Noun, int Token, bool People) FindNoun(TokenContext ctx, int from, int limit)
    {
        var tokens = ctx.Tokens;
        int lastContent = -1;
        for (int k = from; k < limit && k < from + NounWindow; k++)
        {
            var t = tokens[k];
            if (t.Kind != TokenKind.Word) break;
            if (ctx.IsPeopleNoun(k))
            {
                // The head is the last noun of a compound: "rebel fighters", "police officers".
                while (k + 1 < limit && ctx.IsPeopleNoun(k + 1)) k++;
                return (tokens[k].Lower, k, true);
            }
            if (ctx.Lexicon.FunctionWords.Contains(t.Lower) || ctx.Role(k) is not null && k == from) break;
            if (ctx.IsTimeUnit(k)) return (t.Lower, k, false);
            if (t.IsCapitalized && k > from) break;
            if (t.Lower.EndsWith("ing", StringComparison.Ordinal) && k > from) break;
            lastContent = k;
            // A plural noun heads the phrase: "two buses carrying people" counts buses.
            if (t.Lower.EndsWith('s') && ctx.Lemmas[k] != t.Lower) break;
        }
        return lastContent >= 0 ? (tokens[lastContent].Lower, lastContent, false) : (null, -1, false);
    }

    private static bool MatchModifier(TokenContext ctx, int numberToken, int s0, out int start, out string? modifier)
    {
        start = numberToken;
        modifier = null;
        var lex = ctx.Lexicon;
        for (int len = Math.Min(lex.LongestModifierWords, numberToken - s0); len >= 1; len--)
        {
            int a = numberToken - len;
            string phrase = len == 1 ? ctx.Lower(a) : string.Join(' ', Enumerable.Range(a, len).Select(ctx.Lower));
            if (lex.QuantityModifiers.TryGetValue(phrase, out var m))
            {
                start = a;
                modifier = m;
                return true;
            }
        }
        return false;
    }

    private static bool IsSubset(TokenContext ctx, int start, int end, int s0, int s1)
    {
        if (start - 1 >= s0 && ctx.Lower(start - 1) is "including" or "includes" or "include") return true;
        if (start - 2 >= s0 && ctx.Lower(start - 2) is "among" or "of" && ctx.Lower(start - 1) is "them" or "whom" or "those" or "which") return true;
        // "12 of them were children"
        for (int k = end; k < s1 && k < end + 3; k++)
            if (ctx.Lower(k) == "of" && k + 1 < s1 && ctx.Lower(k + 1) is "them" or "whom" or "those") return true;
        return false;
    }

    private static string? RoleBefore(TokenContext ctx, int start, int s0)
    {
        for (int k = start - 1; k >= s0 && k >= start - BackwardRoleWindow; k--)
        {
            var t = ctx.Tokens[k];
            if (t.Kind is TokenKind.Punctuation or TokenKind.Number) return null;
            if (t.Lower is "and" or "or" or "but" or "while" or "including") return null;
            if (ctx.Role(k) is { } role) return role;
        }
        return null;
    }

    private static string? RoleAfter(TokenContext ctx, int from, int s1)
    {
        var tokens = ctx.Tokens;
        for (int k = from, seen = 0; k < s1 && seen < ForwardRoleWindow; k++, seen++)
        {
            var t = tokens[k];
            if (t.Text is ";" or ":") return null;
            if (t.Lower is "while" or "but" or "whereas" or "although" or "though") return null;
            // Skip a parenthetical subset (", including more than 4,000 fighters,").
            if (t.Text == "," && k + 1 < s1 && ctx.Lower(k + 1) is "including" or "among")
            {
                int close = k + 1;
                while (close < s1 && close < k + ForwardRoleWindow && tokens[close].Text != ",") close++;
                k = close;
                continue;
            }
            if (ctx.Role(k) is { } role) return role;
        }
        return null;
    }

    private static bool HasPerfect(TokenContext ctx, int s0, int s1)
    {
        for (int k = s0; k + 1 < s1; k++)
        {
            if (ctx.Lower(k) is not ("has" or "have" or "had" or "'ve")) continue;
            int next = k + 1;
            if (ctx.Is(next, s1, "not") || ctx.Is(next, s1, "now") || ctx.Is(next, s1, "already")) next++;
            if (next >= s1) break;
            var t = ctx.Tokens[next];
            if (t.Kind == TokenKind.Word && (t.Lower == "been" || t.Lower.EndsWith("ed", StringComparison.Ordinal) || t.Lower.EndsWith("en", StringComparison.Ordinal) || ctx.Lemmas[next] != t.Lower))
                return true;
        }
        return false;
    }

    private enum CueStrength { None, Weak, Strong }

    private static CueStrength CumulativeCue(TokenContext ctx, int from, int to)
    {
        var best = CueStrength.None;
        for (int k = from; k < to; k++)
        {
            foreach (var (words, strong) in ctx.Lexicon.CumulativeCues)
            {
                if (k + words.Length > to) continue;
                bool match = true;
                for (int w = 0; w < words.Length && match; w++) match = ctx.Lower(k + w) == words[w];
                if (!match) continue;
                if (strong) return CueStrength.Strong;
                best = CueStrength.Weak;
            }
        }
        return best;
    }
}
