using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sitrep.Server;

/// <summary>A client error: answered with 400 (or <see cref="Status"/>) and <c>{"error": {"code", "message"}}</c>.</summary>
internal sealed class ApiException(string code, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
}

/// <summary>How a result is ordered. Undated or unknown values come last in either direction.</summary>
internal sealed class EventSort
{
    public static readonly IReadOnlyList<string> Names = ["-date", "date", "-fatalities", "fatalities", "-confidence", "confidence"];

    private EventSort(string name) => Name = name;

    public string Name { get; }
    public bool Descending => Name.StartsWith('-');
    private string Field => Name.TrimStart('-');

    public static EventSort Parse(string? value)
    {
        value ??= "-date";
        if (!Names.Contains(value))
            throw new ApiException("bad_parameter", $"sort must be one of {string.Join(", ", Names)}; got '{Clip(value)}'.");
        return new EventSort(value);
    }

    /// <summary>A key that sorts ascending in the wanted order (direction folded in), missing values last.</summary>
    public long Key(EventIndex.Snapshot s, int slot)
    {
        long? raw = Field switch
        {
            "date" => s.Days[slot] == EventIndex.NoDay ? null : s.Days[slot],
            "fatalities" => s.Fatalities[slot] < 0 ? null : s.Fatalities[slot],
            _ => (long)Math.Round(s.Confidence[slot] * 1_000_000),
        };
        if (raw is null) return long.MaxValue;
        return Descending ? -raw.Value : raw.Value;
    }

    internal static string Clip(string value) => value.Length <= 60 ? value : value[..60] + "…";
}

/// <summary>The filters every listing, statistic, map and export accepts, parsed and checked.</summary>
internal sealed class EventQuery
{
    public const int MaxLimit = 1000;
    public const int DefaultLimit = 100;
    private const int MaxValueLength = 200;

    private static readonly HashSet<string> PloverTypes = new(StringComparer.Ordinal)
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
        "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    };

    /// <summary>The filter parameters; each endpoint adds its own (sort, limit, cursor, interval...).</summary>
    public static readonly IReadOnlyList<string> FilterParameters =
        ["from", "to", "plover", "event_type", "sub_event_type", "actor", "actor_country", "country", "admin1", "bbox", "q"];

    public int? FromDay { get; private init; }
    public int? ToDay { get; private init; }
    public IReadOnlyList<string> Plover { get; private init; } = [];
    public IReadOnlyList<string> EventType { get; private init; } = [];
    public IReadOnlyList<string> SubEventType { get; private init; } = [];
    public string? Actor { get; private init; }
    public IReadOnlyList<string> ActorCountry { get; private init; } = [];
    public IReadOnlyList<string> Country { get; private init; } = [];
    public IReadOnlyList<string> Admin1 { get; private init; } = [];
    /// <summary>West, south, east, north; west greater than east crosses the antimeridian.</summary>
    public (double W, double S, double E, double N)? BoundingBox { get; private init; }
    public string? Text { get; private init; }

    public static EventQuery Parse(IQueryCollection query, params string[] endpointParameters)
    {
        foreach (var key in query.Keys)
        {
            if (!FilterParameters.Contains(key) && !endpointParameters.Contains(key))
                throw new ApiException("unknown_parameter",
                    $"Unknown parameter '{EventSort.Clip(key)}'. Accepted here: {string.Join(", ", FilterParameters.Concat(endpointParameters))}.");
            foreach (var value in query[key])
                if (value is { Length: > MaxValueLength })
                    throw new ApiException("bad_parameter", $"{key} is longer than {MaxValueLength} characters.");
        }

        var plover = List(query, "plover").Select(p => p.ToUpperInvariant()).ToList();
        foreach (var p in plover)
            if (!PloverTypes.Contains(p))
                throw new ApiException("bad_parameter", $"plover must be PLOVER categories ({string.Join(", ", PloverTypes)}); got '{EventSort.Clip(p)}'.");

        int? from = Day(query, "from"), to = Day(query, "to");
        if (from > to) throw new ApiException("bad_parameter", "from is after to.");
        return new EventQuery
        {
            FromDay = from,
            ToDay = to,
            Plover = plover,
            EventType = List(query, "event_type"),
            SubEventType = List(query, "sub_event_type"),
            Actor = Single(query, "actor"),
            ActorCountry = Iso3List(query, "actor_country"),
            Country = Iso3List(query, "country"),
            Admin1 = List(query, "admin1"),
            BoundingBox = Bbox(Single(query, "bbox")),
            Text = Single(query, "q"),
        };
    }

    public static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count > 1) throw new ApiException("bad_parameter", $"{name} is given more than once.");
        var value = values.Count == 1 ? values[0]?.Trim() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static int Limit(IQueryCollection query)
    {
        var value = Single(query, "limit");
        if (value is null) return DefaultLimit;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1 || limit > MaxLimit)
            throw new ApiException("bad_parameter", $"limit must be a whole number from 1 to {MaxLimit}; got '{EventSort.Clip(value)}'.");
        return limit;
    }

    // Values may be repeated (?plover=A&plover=B) or comma-separated (?plover=A,B); ACLED names hold no commas.
    private static List<string> List(IQueryCollection query, string name) =>
        query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();

    private static List<string> Iso3List(IQueryCollection query, string name)
    {
        var list = List(query, name).Select(c => c.ToUpperInvariant()).ToList();
        foreach (var c in list)
            if (c.Length != 3 || !c.All(char.IsAsciiLetterUpper))
                throw new ApiException("bad_parameter", $"{name} takes ISO 3166-1 alpha-3 codes such as SYR; got '{EventSort.Clip(c)}'.");
        return list;
    }

    private static int? Day(IQueryCollection query, string name)
    {
        var value = Single(query, name);
        if (value is null) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new ApiException("bad_parameter", $"{name} must be a date as YYYY-MM-DD; got '{EventSort.Clip(value)}'.");
        return date.DayNumber;
    }

    private static (double, double, double, double)? Bbox(string? value)
    {
        if (value is null) return null;
        var parts = value.Split(',');
        var numbers = new double[4];
        bool ok = parts.Length == 4;
        for (int i = 0; ok && i < 4; i++)
            ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i]);
        if (!ok || numbers[0] is < -180 or > 180 || numbers[2] is < -180 or > 180 || numbers[1] is < -90 or > 90 ||
            numbers[3] is < -90 or > 90 || numbers[1] > numbers[3])
            throw new ApiException("bad_parameter",
                $"bbox must be west,south,east,north in degrees (e.g. 35.5,33.0,38.5,37.5); got '{EventSort.Clip(value)}'.");
        return (numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>The query with its bounding box replaced (the map asks for its own view).</summary>
    public EventQuery WithBoundingBox((double W, double S, double E, double N)? box) => new()
    {
        FromDay = FromDay, ToDay = ToDay, Plover = Plover, EventType = EventType, SubEventType = SubEventType, Actor = Actor,
        ActorCountry = ActorCountry, Country = Country, Admin1 = Admin1, BoundingBox = box, Text = Text,
    };

    /// <summary>The query without its date range (the timeline keeps showing what lies outside a brush).</summary>
    public EventQuery WithoutDates() => new()
    {
        Plover = Plover, EventType = EventType, SubEventType = SubEventType, Actor = Actor,
        ActorCountry = ActorCountry, Country = Country, Admin1 = Admin1, BoundingBox = BoundingBox, Text = Text,
    };
}

/// <summary>Opaque position after the last event of a page: the sort, its key and the rowid.</summary>
internal static class Cursor
{
    public static string Encode(EventSort sort, long key, long rowId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"1|{sort.Name}|{key}|{rowId}")));

    public static (long Key, long RowId) Decode(string value, EventSort sort)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split('|');
            if (parts.Length == 4 && parts[0] == "1" && parts[1] == sort.Name &&
                long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long key) &&
                long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long rowId))
                return (key, rowId);
        }
        catch (FormatException)
        {
        }
        throw new ApiException("bad_cursor", "cursor is not one this server gave out for this sort; start again without it.");
    }
}
