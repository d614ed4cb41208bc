using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>The tokens of one document with their lemmas, shared by the recognisers.</summary>
internal sealed class TokenContext
{
    public TokenContext(IReadOnlyList<Token> tokens, LanguageLexicon lexicon)
    {
        Tokens = tokens;
        Lexicon = lexicon;
        Lemmas = new string[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
            Lemmas[i] = tokens[i].Kind == TokenKind.Word ? Lemmatizer.Lemma(tokens[i].Lower, lexicon) : tokens[i].Lower;
    }

    public IReadOnlyList<Token> Tokens { get; }
    public LanguageLexicon Lexicon { get; }
    public string[] Lemmas { get; }

    public string Lower(int i) => Tokens[i].Lower;

    public bool Is(int i, int limit, string lower) => i >= 0 && i < limit && Tokens[i].Lower == lower;

    public bool IsPunctuation(int i) => Tokens[i].Kind == TokenKind.Punctuation;

    public bool IsPeopleNoun(int i) =>
        Tokens[i].Kind == TokenKind.Word && (Lexicon.CountedNouns.Contains(Lemmas[i]) || Lexicon.CountedNouns.Contains(Tokens[i].Lower));

    /// <summary>The role a token names ("killed" → killed), by lemma or surface form.</summary>
    public string? Role(int i)
    {
        if (Tokens[i].Kind != TokenKind.Word) return null;
        return Lexicon.RoleCues.TryGetValue(Lemmas[i], out var r) || Lexicon.RoleCues.TryGetValue(Tokens[i].Lower, out r) ? r : null;
    }

    public bool IsTimeUnit(int i) =>
        Tokens[i].Kind == TokenKind.Word && (Lexicon.TimeUnits.ContainsKey(Lemmas[i]) || Lexicon.TimeUnits.ContainsKey(Tokens[i].Lower));

    /// <summary>A capitalised month name ("December", "Dec."); "May" and "March" only when capitalised.</summary>
    public int? Month(int i)
    {
        var t = Tokens[i];
        return t.Kind == TokenKind.Word && t.IsCapitalized && Lexicon.Months.TryGetValue(t.Text, out int m) ? m : null;
    }

    public int? Weekday(int i)
    {
        var t = Tokens[i];
        return t.Kind == TokenKind.Word && t.IsCapitalized && Lexicon.Weekdays.TryGetValue(t.Text, out int d) ? d : null;
    }

    /// <summary>A plain four-digit number between 1000 and 2100, written without separators.</summary>
    public bool IsYear(int i, out int year)
    {
        year = 0;
        var t = Tokens[i];
        return t.Kind == TokenKind.Number && t.Text.Length == 4 && int.TryParse(t.Text, out year) && year is >= 1000 and <= 2100;
    }
}
