using System.Collections.Frozen;
using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>A word for dictionary matching: hyphenated tokens are split so "Iranian-backed" is "iranian - backed".</summary>
internal readonly record struct Word(int Start, int End, string Text, string Lower, int TokenIndex);

internal static class Words
{
    /// <summary>Splits tokens [from, to) into matching words.</summary>
    public static List<Word> Split(IReadOnlyList<Token> tokens, int from, int to)
    {
        var words = new List<Word>(to - from + 4);
        for (int i = from; i < to; i++)
        {
            var token = tokens[i];
            var text = token.Text;
            if (text.Length > 1 && text.Contains('-') && token.Kind == TokenKind.Word)
            {
                int partStart = 0;
                for (int c = 0; c <= text.Length; c++)
                {
                    if (c < text.Length && text[c] != '-') continue;
                    if (c > partStart) Add(words, token.Start + partStart, text[partStart..c], i);
                    if (c < text.Length) Add(words, token.Start + c, "-", i);
                    partStart = c + 1;
                }
            }
            else Add(words, token.Start, text, i);
        }
        return words;
    }

    /// <summary>Splits a dictionary phrase the same way tokens are split.</summary>
    public static string[] SplitPhrase(string phrase)
    {
        var parts = new List<string>();
        foreach (var raw in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var piece = raw;
            // Possessive 's is its own token in the language layer.
            string? possessive = null;
            if (piece.Length > 2 && (piece.EndsWith("'s", StringComparison.Ordinal) || piece.EndsWith("’s", StringComparison.Ordinal)))
            {
                possessive = "'s";
                piece = piece[..^2];
            }
            int start = 0;
            for (int c = 0; c <= piece.Length; c++)
            {
                if (c < piece.Length && piece[c] != '-') continue;
                if (c > start) parts.Add(piece[start..c]);
                if (c < piece.Length) parts.Add("-");
                start = c + 1;
            }
            if (possessive is not null) parts.Add(possessive);
        }
        return [.. parts];
    }

    private static void Add(List<Word> words, int start, string text, int tokenIndex) =>
        words.Add(new Word(start, start + text.Length, text, Normalize(text), tokenIndex));

    /// <summary>Lower case with curly apostrophes folded, so "Putin’s" and "Putin's" match alike.</summary>
    public static string Normalize(string text)
    {
        var lower = text.ToLowerInvariant();
        return lower.Contains('’') ? lower.Replace('’', '\'') : lower;
    }
}

/// <summary>Closed-class words (data/coding/grammar_words.tsv) by class.</summary>
internal static class Grammar
{
    private static readonly Lazy<FrozenDictionary<string, string[]>> Classes = new(() =>
        TsvReader.Read(RepositoryPaths.Data("coding", "grammar_words.tsv"))
            .GroupBy(r => r["word"], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(r => r["class"]).Distinct().ToArray(), StringComparer.Ordinal));

    private static readonly Lazy<FrozenSet<string>> Blockers = new(() =>
        TsvReader.Read(RepositoryPaths.Data("coding", "trigger_blockers.tsv")).Select(r => r["word"]).ToFrozenSet(StringComparer.Ordinal));

    public static bool Is(string lower, string wordClass) =>
        Classes.Value.TryGetValue(lower, out var classes) && Array.IndexOf(classes, wordClass) >= 0;

    public static bool IsBlocker(string lower) => Blockers.Value.Contains(lower);

    public static bool IsPronoun(string lower) =>
        Is(lower, "pronoun_singular") || Is(lower, "pronoun_plural") || Is(lower, "possessive_singular") || Is(lower, "possessive_plural");

    public static bool IsDeterminer(string lower) =>
        Is(lower, "determiner") || Is(lower, "possessive_singular") || Is(lower, "possessive_plural");
}
