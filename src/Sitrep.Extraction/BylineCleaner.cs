namespace Sitrep.Extraction;

/// <summary>Turns raw byline strings into clean person names: no "By", no dates or roles, one name per entry.</summary>
public static class BylineCleaner
{
    private static readonly Lazy<HashSet<string>> _noiseWords = new(() =>
    {
        var lex = ExtractionLexicon.Instance;
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var phrase in lex.BylineNoise.Concat(lex.BylinePrefixes))
            foreach (var w in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                words.Add(w.TrimEnd(':'));
        foreach (var month in MetadataLexicon.Instance.EnglishMonths) words.Add(month);
        return words;
    });

    private static readonly HashSet<string> _particles = new(StringComparer.Ordinal) { "de", "da", "del", "della", "der", "den", "van", "von", "al", "el", "bin", "ibn", "la", "le", "du", "dos", "das", "y", "ter", "st." };

    public static IReadOnlyList<string> Clean(IEnumerable<string?> rawBylines, string? outlet = null)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in rawBylines)
        {
            if (string.IsNullOrWhiteSpace(raw) || raw.Length > 300) continue;
            if (raw.StartsWith("http", StringComparison.OrdinalIgnoreCase) || raw.StartsWith('@')) continue;
            foreach (var part in SplitNames(TextCleaner.NormalizeInline(raw)))
            {
                var name = NameIn(part);
                if (name is null) continue;
                if (outlet is not null && (name.Equals(outlet, StringComparison.OrdinalIgnoreCase)
                    || outlet.Contains(name, StringComparison.OrdinalIgnoreCase))) continue;
                if (seen.Add(name)) names.Add(name);
            }
        }
        return names;
    }

    private static IEnumerable<string> SplitNames(string text)
    {
        var separators = new[] { ",", ";", "|", "/", " and ", " And ", " & ", " AND ", "•", "·", "\n" };
        IEnumerable<string> parts = [text];
        foreach (var sep in separators)
            parts = parts.SelectMany(p => p.Split(sep, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return parts;
    }

    /// <summary>The longest run of capitalised words (with name particles) once noise words are dropped.</summary>
    private static string? NameIn(string part)
    {
        if (part.Contains('@') || part.Contains("://", StringComparison.Ordinal)) return null;
        var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        List<string> best = [], current = [];
        foreach (var rawWord in words)
        {
            var word = rawWord.Trim('(', ')', '[', ']', '"', '\'', ':', '.', ',', '“', '”');
            bool keep = word.Length > 0 && !word.Any(char.IsDigit) && !_noiseWords.Value.Contains(word)
                && (char.IsUpper(word[0]) || (current.Count > 0 && _particles.Contains(word)) || word.Length == 1 && char.IsUpper(word[0]));
            if (keep)
            {
                // Keep the initial's period ("John F. Kennedy").
                current.Add(rawWord.EndsWith('.') && word.Length == 1 ? word + "." : word);
                continue;
            }
            if (current.Count > best.Count) best = current;
            current = [];
        }
        if (current.Count > best.Count) best = current;
        while (best.Count > 0 && _particles.Contains(best[^1])) best.RemoveAt(best.Count - 1);
        if (best.Count is < 2 or > 5) return null;
        // All-capital bylines ("JOHN SMITH") are normalised to title case.
        if (best.All(w => w.All(c => !char.IsLetter(c) || char.IsUpper(c))))
            best = best.Select(w => w.Length > 1 ? w[0] + w[1..].ToLowerInvariant() : w).ToList();
        return string.Join(' ', best);
    }
}
