namespace Sitrep.Extraction;

/// <summary>Recognises closing credit lines ("With reporting by AP, AFP, and Reuters") and lists the credited names.</summary>
public static class CreditsParser
{
    private const int MaxCreditLineLength = 250;

    /// <summary>The credited names when the whole line is a credit line; null otherwise.</summary>
    public static IReadOnlyList<string>? Parse(string line)
    {
        var text = line.Trim().Trim('(', ')', '[', ']').Trim();
        if (text.Length is < 8 or > MaxCreditLineLength) return null;
        var cues = ExtractionLexicon.Instance.CreditCues;
        var names = new List<string>();
        foreach (var segment in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cue = cues.FirstOrDefault(c => segment.StartsWith(c.Cue, StringComparison.OrdinalIgnoreCase) && segment.Length > c.Cue.Length && segment[c.Cue.Length] is ' ' or ':');
            if (cue.Cue is null)
            {
                if (names.Count == 0) return null;
                continue;
            }
            var rest = segment[cue.Cue.Length..].Trim(' ', ':', '.');
            foreach (var name in SplitList(rest))
                if (!names.Contains(name, StringComparer.OrdinalIgnoreCase)) names.Add(name);
        }
        return names.Count > 0 ? names : null;
    }

    private static IEnumerable<string> SplitList(string rest)
    {
        foreach (var piece in rest.Split([",", " and ", " & "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = piece.StartsWith("and ", StringComparison.Ordinal) ? piece[4..].Trim() : piece;
            // "Jane Doe in Kabul" credits Jane Doe.
            int at = name.IndexOf(" in ", StringComparison.Ordinal);
            if (at > 0) name = name[..at];
            name = name.Trim(' ', '.', ')', '(');
            if (name.Length == 0 || name.Length > 60 || TextCleaner.CountWords(name) > 6) continue;
            if (!char.IsUpper(name[0]) && !char.IsDigit(name[0])) continue;
            yield return name;
        }
    }
}
