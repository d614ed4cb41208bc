using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>The word lists under data/extraction, loaded once per process.</summary>
internal sealed class ExtractionLexicon
{
    private static readonly Lazy<ExtractionLexicon> _instance = new(() => new ExtractionLexicon());

    public static ExtractionLexicon Instance => _instance.Value;

    private readonly (string Word, int Weight)[] _substringHints;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _prefixHints;
    private readonly int[] _prefixHintLengths;
    private readonly (string Word, char Match)[] _leadHints;
    public HashSet<string> UiPhrases { get; }
    public IReadOnlyList<string> BoilerplateCues { get; }
    public IReadOnlyList<string> CaptionCues { get; }
    public IReadOnlyList<(string Cue, string Role)> CreditCues { get; }
    public IReadOnlyList<string> BylinePrefixes { get; }
    public IReadOnlyList<string> BylineNoise { get; }
    public IReadOnlyDictionary<string, string[]> Stopwords { get; }
    public IReadOnlyList<(int Start, int End, string Lang)> Scripts { get; }

    private ExtractionLexicon()
    {
        static IEnumerable<IReadOnlyDictionary<string, string>> Rows(string file) =>
            TsvReader.Read(RepositoryPaths.Data("extraction", file));

        // Plain loops where LINQ would run over tuples: each such generic instance is compiled at start-up.
        var substringHints = new List<(string Word, int Weight)>();
        var prefixHints = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in Rows("class_hints.tsv"))
        {
            var word = r.Get("word")!.ToLowerInvariant();
            int weight = int.Parse(r.Get("weight")!, System.Globalization.CultureInfo.InvariantCulture);
            if (r.Get("match") == "substring") substringHints.Add((word, weight));
            else prefixHints.TryAdd(word, weight);
        }
        _substringHints = [.. substringHints];
        _prefixHints = prefixHints.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixHintLengths = prefixHints.Keys.Select(k => k.Length).Distinct().Order().ToArray();
        var leadHints = new List<(string Word, char Match)>();
        foreach (var r in Rows("lead_hints.tsv")) leadHints.Add((r.Get("word")!.ToLowerInvariant(), r.Get("match")![0]));
        _leadHints = [.. leadHints];
        UiPhrases = Rows("ui_phrases.tsv").Select(r => r.Get("phrase")!.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        BoilerplateCues = Rows("boilerplate_cues.tsv").Select(r => r.Get("phrase")!.ToLowerInvariant()).ToList();
        CaptionCues = Rows("caption_cues.tsv").Select(r => r.Get("phrase")!.ToLowerInvariant()).ToList();
        // Longest cue first so "with additional reporting by" wins over "reporting by".
        var creditCues = new List<(string Cue, string Role)>();
        foreach (var r in Rows("credit_cues.tsv")) creditCues.Add((r.Get("cue")!.ToLowerInvariant(), r.Get("role")!));
        CreditCues = LongestFirst.Sort(creditCues, c => c.Cue.Length);
        var bylinePrefixes = new List<string>();
        var bylineNoise = new List<string>();
        foreach (var r in Rows("byline_noise.tsv"))
        {
            var phrase = r.Get("phrase")!.ToLowerInvariant();
            if (r.Get("kind") == "prefix") bylinePrefixes.Add(phrase);
            else if (r.Get("kind") == "noise") bylineNoise.Add(phrase);
        }
        BylinePrefixes = bylinePrefixes.OrderByDescending(p => p.Length).ToList();
        BylineNoise = bylineNoise;
        Stopwords = Rows("stopwords.tsv").ToDictionary(
            r => r.Get("lang")!,
            r => r.Get("words")!.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var scripts = new List<(int Start, int End, string Lang)>();
        foreach (var r in Rows("scripts.tsv"))
            scripts.Add((Convert.ToInt32(r.Get("start")!, 16), Convert.ToInt32(r.Get("end")!, 16), r.Get("lang")!));
        Scripts = scripts;
    }

    /// <summary>Class/id hint weight of an element's attributes: positive for body, negative for furniture.</summary>
    public int HintWeight(string? classAndId)
    {
        if (string.IsNullOrEmpty(classAndId)) return 0;
        return Judge(classAndId).Weight;
    }

    /// <summary>True when a class/id names furniture and nothing suggests body content.</summary>
    public bool IsFurniture(string? classAndId)
    {
        if (string.IsNullOrEmpty(classAndId)) return false;
        return Judge(classAndId).Furniture;
    }

    // Templates repeat the same class strings on every element and every page of a site: each is judged once per
    // thread. A small plain map per thread, emptied when full: a shared map grew to 100,000 entries whose nodes
    // outlived every collection and were copied into the oldest generation.
    [ThreadStatic] private static Dictionary<string, (int Weight, bool Furniture)>? _judged;
    private const int MaxJudged = 4096;

    private (int Weight, bool Furniture) Judge(string classAndId)
    {
        var judged = _judged ??= new Dictionary<string, (int Weight, bool Furniture)>(StringComparer.Ordinal);
        if (judged.TryGetValue(classAndId, out var known)) return known;
        var verdict = JudgeUncached(classAndId);
        if (judged.Count >= MaxJudged) judged.Clear();
        judged[classAndId] = verdict;
        return verdict;
    }

    private (int Weight, bool Furniture) JudgeUncached(string classAndId)
    {
        Span<char> lower = classAndId.Length <= 512 ? stackalloc char[classAndId.Length] : new char[classAndId.Length];
        classAndId.AsSpan().ToLowerInvariant(lower);
        var verdict = new HintVerdict();
        int i = 0;
        while (i < lower.Length)
        {
            while (i < lower.Length && lower[i] is ' ' or '\t' or '\n') i++;
            int start = i;
            while (i < lower.Length && lower[i] is not (' ' or '\t' or '\n')) i++;
            if (i == start) break;
            var raw = lower[start..i];
            // WordPress-style taxonomy classes ("tag-social-media", "category-comment") describe the story, not the box.
            if (raw.StartsWith("tag-") || raw.StartsWith("category-")) continue;
            // Hints within one compound token judge it together: a furniture word there names what the body word
            // qualifies ('post-author-box', 'related-articles'), so only body words from other tokens outweigh it.
            var part = new HintVerdict();
            int partStart = 0;
            for (int k = 0; k <= raw.Length; k++)
            {
                if (k < raw.Length && raw[k] is not ('-' or '_' or ':' or '.')) continue;
                if (k > partStart) Consider(raw[partStart..k], ref part);
                partStart = k + 1;
            }
            Consider(raw, ref part);
            verdict.Positive = Math.Max(verdict.Positive, part.Positive);
            verdict.Negative = Math.Min(verdict.Negative, part.Negative);
            verdict.StrongNegative |= part.StrongNegative;
            verdict.AnyPositive |= part.AnyPositive && !part.StrongNegative;
        }
        return (verdict.Positive + verdict.Negative, verdict.StrongNegative && !verdict.AnyPositive);
    }

    private struct HintVerdict
    {
        public int Positive, Negative;
        public bool AnyPositive, StrongNegative;

        public void Add(int weight)
        {
            if (weight > 0) { Positive = Math.Max(Positive, weight); AnyPositive = true; }
            else Negative = Math.Min(Negative, weight);
            if (weight <= -25) StrongNegative = true;
        }
    }

    /// <summary>Applies the hints one class/id token matches: substring hints anywhere in it, token hints as its prefix.</summary>
    private void Consider(ReadOnlySpan<char> token, ref HintVerdict verdict)
    {
        foreach (var (word, weight) in _substringHints)
            if (token.Contains(word, StringComparison.Ordinal)) verdict.Add(weight);
        foreach (int length in _prefixHintLengths)
        {
            if (length > token.Length) break;
            // A two-letter word ("ad") must be the whole token, or "address" and "admin" would match.
            if (length <= 2 && token.Length != length) continue;
            if (_prefixHints.TryGetValue(token[..length], out int weight)) verdict.Add(weight);
        }
    }

    /// <summary>True when a class/id names a lead, standfirst or summary box (lead_hints.tsv).</summary>
    public bool IsLeadHint(string? classAndId)
    {
        if (string.IsNullOrWhiteSpace(classAndId)) return false;
        Span<char> lower = classAndId.Length <= 512 ? stackalloc char[classAndId.Length] : new char[classAndId.Length];
        classAndId.AsSpan().ToLowerInvariant(lower);
        foreach (var (word, match) in _leadHints)
        {
            if (match == 's')
            {
                if (lower.Contains(word, StringComparison.Ordinal)) return true;
                continue;
            }
            int partStart = 0;
            for (int k = 0; k <= lower.Length; k++)
            {
                if (k < lower.Length && lower[k] is not (' ' or '\t' or '\n' or '-' or '_' or ':' or '.')) continue;
                var part = lower[partStart..k];
                partStart = k + 1;
                if (match == 'e' ? part.SequenceEqual(word) : part.StartsWith(word)) return true;
            }
        }
        return false;
    }

    public bool IsUiPhrase(string line)
    {
        string key = UiKey(line);
        return key.Length > 0 && UiPhrases.Contains(key);
    }

    /// <summary>Lower-cased line without bullets, counts ("Comments (12)") and trailing punctuation.</summary>
    internal static string UiKey(string line)
    {
        var span = line.AsSpan().Trim();
        span = span.TrimStart("•·|>»›-–—*#".AsSpan()).Trim();
        // Drop a trailing count: "Comments (12)", "Share 34".
        int end = span.Length;
        while (end > 0 && (char.IsDigit(span[end - 1]) || span[end - 1] is '(' or ')' or ' ' or '[' or ']')) end--;
        if (end > 0) span = span[..end];
        span = span.TrimEnd(".:!?…»›>|".AsSpan()).Trim();
        return span.ToString().ToLowerInvariant();
    }

    public bool HasBoilerplateCue(string paragraph) => ContainsAny(paragraph, BoilerplateCues);

    public bool HasCaptionCue(string paragraph) => ContainsAny(paragraph, CaptionCues);

    private static bool ContainsAny(string text, IReadOnlyList<string> cues)
    {
        foreach (var cue in cues)
            if (text.Contains(cue, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}

/// <summary>Meta-tag keys and month names, loaded once.</summary>
internal sealed class MetadataLexicon
{
    private static readonly Lazy<MetadataLexicon> _instance = new(() => new MetadataLexicon());

    public static MetadataLexicon Instance => _instance.Value;

    /// <summary>Lower-cased meta key → (field, priority); lower priority wins.</summary>
    public IReadOnlyDictionary<string, (string Field, int Priority)> MetaKeys { get; }
    public IReadOnlyDictionary<string, int> Months { get; }

    /// <summary>English month names only: words a byline drops without losing names such as "Marta" or "Mai".</summary>
    public IReadOnlySet<string> EnglishMonths { get; }

    private MetadataLexicon()
    {
        var keys = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        int i = 0;
        foreach (var row in TsvReader.Read(RepositoryPaths.Data("extraction", "meta_fields.tsv")))
            keys.TryAdd(row.Get("key")!.ToLowerInvariant(), (row.Get("field")!, i++));
        MetaKeys = keys;
        var months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var english = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in TsvReader.Read(RepositoryPaths.Data("extraction", "months.tsv")))
        {
            var name = row.Get("name")!;
            months.TryAdd(name, int.Parse(row.Get("month")!, System.Globalization.CultureInfo.InvariantCulture));
            if (row.Get("lang") == "en") english.Add(name);
        }
        Months = months;
        EnglishMonths = english;
    }
}
