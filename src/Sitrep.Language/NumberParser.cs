using System.Globalization;
using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>Reads a number written in digits, words, or both ("34,000", "1.5 million", "twenty-five", "dozens").</summary>
internal static class NumberParser
{
    public readonly record struct Parsed(long Value, int End, bool Vague, bool Spelled);

    public static bool TryParse(TokenContext ctx, int i, int limit, out Parsed parsed)
    {
        parsed = default;
        var tokens = ctx.Tokens;
        var words = ctx.Lexicon.NumberWords;
        var t = tokens[i];

        if (t.Kind == TokenKind.Number)
        {
            if (t.Text.Contains(':') || t.Text.Contains('-')) return false;
            if (!double.TryParse(t.Text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d)) return false;
            int end = i + 1;
            if (end < limit && words.TryGetValue(tokens[end].Lower, out var scale) && scale.Kind == "scale")
            {
                d *= scale.Value;
                end++;
            }
            if (d > long.MaxValue / 2) return false;
            parsed = new Parsed((long)Math.Round(d), end, false, false);
            return true;
        }
        if (t.Kind != TokenKind.Word) return false;

        if (words.TryGetValue(t.Lower, out var first) && first.Kind == "vague")
        {
            int end = i + 1;
            long value = first.Value;
            if (end + 1 < limit && tokens[end].Lower == "of" && words.TryGetValue(tokens[end + 1].Lower, out var of) && of.Kind == "vague" && of.Value >= 200)
            {
                // "tens of thousands", "hundreds of thousands": the first word counts the scale of the second.
                value = first.Value * ScaleOfPlural(tokens[end + 1].Lower);
                end += 2;
            }
            else if (t.Lower is "tens" or "scores" && !(end < limit && tokens[end].Lower == "of"))
                return false;
            parsed = new Parsed(value, end, true, true);
            return true;
        }

        long total = 0, current = 0;
        int k = i;
        bool any = false;
        while (k < limit)
        {
            var w = tokens[k];
            if (w.Kind != TokenKind.Word) break;
            string lower = w.Lower;
            if (lower is "a" or "an" && k == i)
            {
                if (k + 1 < limit && words.TryGetValue(tokens[k + 1].Lower, out var nx) && (nx.Kind == "scale" || tokens[k + 1].Lower == "dozen"))
                {
                    current = 1;
                    k++;
                    continue;
                }
                break;
            }
            if (lower == "and" && any && k + 1 < limit && current % 100 == 0 && current > 0 && SpelledValue(words, tokens[k + 1].Lower) is > 0 and < 100)
            {
                k++;
                continue;
            }
            if (lower == "dozen") { current = Math.Max(current, 1) * 12; any = true; k++; continue; }
            if (words.TryGetValue(lower, out var entry) && entry.Kind == "scale")
            {
                if (!any && current == 0) break;
                if (entry.Value == 100) current = Math.Max(current, 1) * 100;
                else { total += Math.Max(current, 1) * entry.Value; current = 0; }
                any = true;
                k++;
                continue;
            }
            if (SpelledValue(words, lower) is long v and >= 0)
            {
                current += v;
                any = true;
                k++;
                continue;
            }
            break;
        }
        if (!any) return false;
        parsed = new Parsed(total + current, k, false, true);
        return true;
    }

    /// <summary>The value of a unit, tens or hyphenated word ("twenty-five"), or -1.</summary>
    private static long SpelledValue(IReadOnlyDictionary<string, (long Value, string Kind)> words, string lower)
    {
        if (words.TryGetValue(lower, out var e))
            return e.Kind is "unit" or "tens" && lower != "dozen" ? e.Value : -1;
        int dash = lower.IndexOf('-');
        if (dash <= 0) return -1;
        if (words.TryGetValue(lower[..dash], out var tens) && tens.Kind == "tens" &&
            words.TryGetValue(lower[(dash + 1)..], out var unit) && unit.Kind == "unit" && unit.Value is > 0 and < 10)
            return tens.Value + unit.Value;
        return -1;
    }

    private static long ScaleOfPlural(string lower) => lower switch
    {
        "hundreds" => 100,
        "thousands" => 1000,
        "millions" => 1_000_000,
        _ => 1,
    };
}
