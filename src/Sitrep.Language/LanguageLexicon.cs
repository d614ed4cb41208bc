using System.Collections.Frozen;
using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>
/// The word lists the language stage reads from data/language/ and data/countries.tsv, loaded once.
/// Missing files or columns yield empty lists rather than failures: other data is still being written.
/// </summary>
public sealed class LanguageLexicon
{
    private static readonly Lazy<LanguageLexicon> _default = new(() => Load(RepositoryPaths.DataDirectory));

    public static LanguageLexicon Default => _default.Value;

    private static readonly StringComparer Ci = StringComparer.OrdinalIgnoreCase;

    /// <summary>Abbreviations with their period, case-sensitive ("Dec.", "U.S.").</summary>
    public FrozenDictionary<string, (string Kind, bool CanEnd)> Abbreviations { get; private init; } = FrozenDictionary<string, (string, bool)>.Empty;
    public FrozenSet<string> FunctionWords { get; private init; } = FrozenSet<string>.Empty;
    public FrozenDictionary<string, string> Connectors { get; private init; } = FrozenDictionary<string, string>.Empty;
    /// <summary>Keyword → type for words inside a name (case-insensitive).</summary>
    public FrozenDictionary<string, string> NameKeywords { get; private init; } = FrozenDictionary<string, string>.Empty;
    /// <summary>Landform and water words that make a name ending in them a place ("River", "Sea"), case-sensitive.</summary>
    public FrozenSet<string> GeographicHeads { get; private init; } = FrozenSet<string>.Empty;
    /// <summary>Lower-case word after a name → type ("group" → ORG).</summary>
    public FrozenDictionary<string, string> AfterNameKeywords { get; private init; } = FrozenDictionary<string, string>.Empty;
    /// <summary>Person titles, lower case, possibly several words.</summary>
    public FrozenSet<string> PersonTitles { get; private init; } = FrozenSet<string>.Empty;
    public int LongestTitleWords { get; private init; }
    public FrozenSet<string> FirstNames { get; private init; } = FrozenSet<string>.Empty;
    /// <summary>Full names with a fixed type: countries, capitals, demonyms and known_names.tsv (case-insensitive).</summary>
    public FrozenDictionary<string, string> KnownNames { get; private init; } = FrozenDictionary<string, string>.Empty;

    public FrozenDictionary<string, (long Value, string Kind)> NumberWords { get; private init; } = FrozenDictionary<string, (long, string)>.Empty;
    /// <summary>Modifier phrases (lower case, space-joined) → canonical modifier.</summary>
    public FrozenDictionary<string, string> QuantityModifiers { get; private init; } = FrozenDictionary<string, string>.Empty;
    public int LongestModifierWords { get; private init; }
    public FrozenSet<string> CountedNouns { get; private init; } = FrozenSet<string>.Empty;
    public FrozenDictionary<string, string> RoleCues { get; private init; } = FrozenDictionary<string, string>.Empty;
    /// <summary>Cumulative phrases split into words, with true for strong cues.</summary>
    public IReadOnlyList<(string[] Words, bool Strong)> CumulativeCues { get; private init; } = [];
    public FrozenSet<string> CurrencyBefore { get; private init; } = FrozenSet<string>.Empty;
    public FrozenSet<string> MeasureAfter { get; private init; } = FrozenSet<string>.Empty;
    public FrozenSet<string> LabelBefore { get; private init; } = FrozenSet<string>.Empty;

    public FrozenDictionary<string, int> Months { get; private init; } = FrozenDictionary<string, int>.Empty;
    public FrozenDictionary<string, int> Weekdays { get; private init; } = FrozenDictionary<string, int>.Empty;
    /// <summary>Season name → (month it starts in, TIMEX3 code such as "SU").</summary>
    public FrozenDictionary<string, (int StartMonth, string Code)> Seasons { get; private init; } = FrozenDictionary<string, (int, string)>.Empty;
    /// <summary>Holiday name (lower case words, space-joined) → the rule that dates it in a given year.</summary>
    public FrozenDictionary<string, HolidayRule> Holidays { get; private init; } = FrozenDictionary<string, HolidayRule>.Empty;
    public int LongestHolidayWords { get; private init; }
    /// <summary>Words that point a time expression to the future: anywhere in the sentence ("will") or only nearby ("until").</summary>
    public FrozenSet<string> FutureCues { get; private init; } = FrozenSet<string>.Empty;
    public FrozenSet<string> NearFutureCues { get; private init; } = FrozenSet<string>.Empty;
    /// <summary>Prepositions that make the date after them a deadline ("extended to Nov. 20").</summary>
    public FrozenSet<string> DeadlineCues { get; private init; } = FrozenSet<string>.Empty;
    /// <summary>Singular unit → (TIMEX letter, time-of-day unit).</summary>
    public FrozenDictionary<string, (string Letter, bool TimeOfDay)> TimeUnits { get; private init; } = FrozenDictionary<string, (string, bool)>.Empty;

    /// <summary>Ordinal words ("third", "3rd") → number.</summary>
    public FrozenDictionary<string, int> Ordinals { get; private init; } = FrozenDictionary<string, int>.Empty;

    public FrozenDictionary<string, string> IrregularForms { get; private init; } = FrozenDictionary<string, string>.Empty;
    /// <summary>The irregular forms that are past tenses or past participles ("went", "said"), not present forms or plurals ("is", "men").</summary>
    public FrozenSet<string> IrregularPastForms { get; private init; } = FrozenSet<string>.Empty;

    public static LanguageLexicon Load(string dataDirectory)
    {
        string Lang(string file) => Path.Combine(dataDirectory, "language", file);

        var abbreviations = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var row in Rows(Lang("abbreviations.tsv")))
            if (row.Get("abbreviation") is { } a)
                abbreviations.TryAdd(a, (row.Get("kind") ?? "other", row.Get("can_end") == "yes"));

        var keywords = new Dictionary<string, string>(Ci);
        var after = new Dictionary<string, string>(Ci);
        foreach (var row in Rows(Lang("entity_keywords.tsv")))
        {
            if (row.Get("word") is not { } w || row.Get("type") is not { } t) continue;
            (row.Get("position") == "after_name" ? after : keywords).TryAdd(w, t);
        }

        var titles = Column(Lang("person_titles.tsv"), "title").Select(t => t.ToLowerInvariant()).ToHashSet();

        var known = new Dictionary<string, string>(Ci);
        foreach (var row in Rows(Lang("known_names.tsv")))
            if (row.Get("name") is { } n && row.Get("type") is { } t) known.TryAdd(n, t);
        foreach (var row in Rows(Path.Combine(dataDirectory, "countries.tsv")))
        {
            foreach (var name in Split(row.Get("name")).Concat(Split(row.Get("aliases"))).Concat(Split(row.Get("capital"))))
                known.TryAdd(name, EntityTypes.GeoPolitical);
            foreach (var demonym in Split(row.Get("demonyms")))
            {
                known.TryAdd(demonym, EntityTypes.Nationality);
                if (!demonym.EndsWith('s')) known.TryAdd(demonym + "s", EntityTypes.Nationality);
            }
        }

        var numbers = new Dictionary<string, (long, string)>(Ci);
        foreach (var row in Rows(Lang("number_words.tsv")))
            if (row.Get("word") is { } w && long.TryParse(row.Get("value"), out long v))
                numbers.TryAdd(w, (v, row.Get("kind") ?? "unit"));

        var modifiers = new Dictionary<string, string>(Ci);
        foreach (var row in Rows(Lang("quantity_modifiers.tsv")))
            if (row.Get("phrase") is { } p && row.Get("modifier") is { } m) modifiers.TryAdd(p.ToLowerInvariant(), m);

        var roles = new Dictionary<string, string>(Ci);
        foreach (var row in Rows(Lang("role_cues.tsv")))
            if (row.Get("word") is { } w && row.Get("role") is { } r) roles.TryAdd(w, r);

        var cumulativeInFileOrder = new List<(string[] Words, bool Strong)>();
        foreach (var r in Rows(Lang("cumulative_cues.tsv")))
            if (r.Get("phrase") is { } phrase)
                cumulativeInFileOrder.Add((phrase.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries), r.Get("strength") == "strong"));
        var cumulative = LongestFirst.Sort(cumulativeInFileOrder, c => c.Words.Length);

        var currency = new HashSet<string>(Ci);
        var measures = new HashSet<string>(Ci);
        var labels = new HashSet<string>(Ci);
        foreach (var row in Rows(Lang("measure_words.tsv")))
            if (row.Get("word") is { } w)
                (row.Get("kind") switch { "currency_before" => currency, "label_before" => labels, _ => measures }).Add(w);

        var months = new Dictionary<string, int>(Ci);
        var weekdays = new Dictionary<string, int>(Ci);
        var seasons = new Dictionary<string, (int, string)>(Ci);
        foreach (var row in Rows(Lang("calendar.tsv")))
        {
            if (row.Get("word") is not { } w || !int.TryParse(row.Get("number"), out int n)) continue;
            if (row.Get("kind") == "season") { if (row.Get("timex") is { } code) seasons.TryAdd(w, (n, code)); }
            else (row.Get("kind") == "weekday" ? weekdays : months).TryAdd(w, n);
        }
        var holidays = new Dictionary<string, HolidayRule>(StringComparer.Ordinal);
        foreach (var row in Rows(Lang("holidays.tsv")))
        {
            if (row.Get("name") is not { } name) continue;
            static int Int(string? cell) => int.TryParse(cell, out int v) ? v : 0;
            holidays.TryAdd(name.ToLowerInvariant(), new HolidayRule(Int(row.Get("month")), Int(row.Get("day")), Int(row.Get("weekday")), Int(row.Get("nth")),
                int.TryParse(row.Get("easter"), out int easter) ? easter : null));
        }
        var timeCues = Rows(Lang("time_cues.tsv")).Where(r => r.Get("word") is not null).ToList();

        var units = new Dictionary<string, (string, bool)>(Ci);
        foreach (var row in Rows(Lang("time_units.tsv")))
            if (row.Get("word") is { } w && row.Get("timex") is { } x) units.TryAdd(w, (x, row.Get("time_of_day") == "yes"));

        var ordinals = new Dictionary<string, int>(Ci);
        foreach (var row in Rows(Lang("ordinals.tsv")))
            if (row.Get("word") is { } w && int.TryParse(row.Get("number"), out int n)) ordinals.TryAdd(w, n);

        var irregular = new Dictionary<string, string>(StringComparer.Ordinal);
        var irregularPast = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows(Lang("irregular_verbs.tsv")))
        {
            if (row.Get("form") is not { } f || row.Get("lemma") is not { } l) continue;
            irregular.TryAdd(f.ToLowerInvariant(), l.ToLowerInvariant());
            if (row.Get("tense") == "past") irregularPast.Add(f.ToLowerInvariant());
        }

        return new LanguageLexicon
        {
            Abbreviations = abbreviations.ToFrozenDictionary(StringComparer.Ordinal),
            FunctionWords = Column(Lang("function_words.tsv"), "word").ToFrozenSet(Ci),
            Connectors = Rows(Lang("name_connectors.tsv"))
                .Where(r => r.Get("word") is not null && r.Get("kind") is not null)
                .GroupBy(r => r.Get("word")!, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => string.Join('|', g.Select(r => r.Get("kind"))), StringComparer.Ordinal),
            NameKeywords = keywords.ToFrozenDictionary(Ci),
            AfterNameKeywords = after.ToFrozenDictionary(Ci),
            GeographicHeads = Column(Lang("geographic_heads.tsv"), "word").ToFrozenSet(StringComparer.Ordinal),
            PersonTitles = titles.ToFrozenSet(StringComparer.Ordinal),
            LongestTitleWords = titles.Count == 0 ? 0 : titles.Max(t => t.Split(' ').Length),
            FirstNames = Column(Lang("first_names.tsv"), "name").ToFrozenSet(Ci),
            KnownNames = known.ToFrozenDictionary(Ci),
            NumberWords = numbers.ToFrozenDictionary(Ci),
            QuantityModifiers = modifiers.ToFrozenDictionary(Ci),
            LongestModifierWords = modifiers.Count == 0 ? 0 : modifiers.Keys.Max(k => k.Split(' ').Length),
            CountedNouns = Column(Lang("counted_nouns.tsv"), "noun").Select(n => n.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal),
            RoleCues = roles.ToFrozenDictionary(Ci),
            CumulativeCues = cumulative,
            CurrencyBefore = currency.ToFrozenSet(Ci),
            MeasureAfter = measures.ToFrozenSet(Ci),
            LabelBefore = labels.ToFrozenSet(Ci),
            Months = months.ToFrozenDictionary(Ci),
            Weekdays = weekdays.ToFrozenDictionary(Ci),
            Seasons = seasons.ToFrozenDictionary(Ci),
            Holidays = holidays.ToFrozenDictionary(StringComparer.Ordinal),
            LongestHolidayWords = holidays.Count == 0 ? 0 : holidays.Keys.Max(k => k.Split(' ').Length),
            FutureCues = timeCues.Where(r => r.Get("kind") is "future" or "future_sentence").Select(r => r.Get("word")!.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal),
            DeadlineCues = timeCues.Where(r => r.Get("kind") == "deadline").Select(r => r.Get("word")!.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal),
            NearFutureCues = timeCues.Where(r => r.Get("kind") is "future" or "future_near").Select(r => r.Get("word")!.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal),
            TimeUnits = units.ToFrozenDictionary(Ci),
            Ordinals = ordinals.ToFrozenDictionary(Ci),
            IrregularForms = irregular.ToFrozenDictionary(StringComparer.Ordinal),
            IrregularPastForms = irregularPast.ToFrozenSet(StringComparer.Ordinal),
        };
    }

    private static IEnumerable<IReadOnlyDictionary<string, string>> Rows(string path) =>
        File.Exists(path) ? TsvReader.Read(path) : [];

    private static IEnumerable<string> Column(string path, string column) =>
        Rows(path).Select(r => r.Get(column)).OfType<string>();

    private static IEnumerable<string> Split(string? cell) =>
        cell is null ? [] : cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// How a holiday falls in a year: a fixed <see cref="Month"/> and <see cref="Day"/>; the <see cref="Nth"/> ISO
/// <see cref="Weekday"/> on or after that day of the month (-1: the last); or <see cref="EasterOffset"/> days after Easter.
/// </summary>
public readonly record struct HolidayRule(int Month, int Day, int Weekday, int Nth, int? EasterOffset);
