using System.Globalization;
using System.Text.RegularExpressions;

namespace Sitrep.Extraction;

/// <summary>Finds a calendar date in metadata values, visible text and URLs.</summary>
public static partial class DateParser
{
    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    // "December 22, 2016", "Dezember 16th, 2012", "Tue Dec 22 2016".
    [GeneratedRegex(@"\b(\p{L}{3,12})\.?\s{1,3}(\d{1,2})(?:st|nd|rd|th)?\.?,?\s{1,3}((?:19|20)\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();

    // "22 Dec 2016", "22. Dezember 2016", "7 de mayo de 2020", "5 ноября 2021", "1er mars 2020".
    [GeneratedRegex(@"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s{0,3}(?:of\s+|de\s+)?(\p{L}{3,12})\.?,?\s{1,3}(?:de\s+)?((?:19|20)\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    // "22.12.2016", "22. 12. 2016", "3.05.13" (day first, as written across Europe).
    [GeneratedRegex(@"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2}|\d{2})(?![\d]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DottedDate();

    // "12/22/2016" or "22/12/2016", "22-12-2016": the order is settled by a field over 12, else by the page's convention.
    [GeneratedRegex(@"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2((?:19|20)\d{2})(?![\d/-])", RegexOptions.CultureInvariant)]
    private static partial Regex SlashedDate();

    [GeneratedRegex(@"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$|\.|_)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlDate();

    [GeneratedRegex(@"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCompactDate();

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();

    // "2023-11-09T01:09:55Z", "2023-11-09T01:09:55+00:00", "2020-01-20T09:49:32+0000", "2023-11-09T01:09:55.312Z".
    [GeneratedRegex(@"^\s*((?:19|20)\d{2}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(?:Z|UTC|GMT|[+-]00:?00)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UtcTimestamp();

    // An ISO timestamp with a non-zero UTC offset, anywhere in a text: "2023-11-08T18:09:55-07:00".
    [GeneratedRegex(@"((?:19|20)\d{2}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?([+-](?!00:?00)\d{2}:?\d{2})", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetTimestamp();

    /// <summary>The instant of a timestamp stated in UTC ("…Z", "+00:00"), or null for any other value.</summary>
    public static DateTimeOffset? UtcInstant(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 60) return null;
        var m = UtcTimestamp().Match(value);
        return m.Success && DateTime.TryParse(m.Groups[1].Value + "T" + m.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }

    /// <summary>The local calendar day of the first timestamp in the text that has a non-zero offset and names the given instant.</summary>
    public static DateOnly? LocalDayOfInstant(string text, DateTimeOffset instant)
    {
        // Any offset puts the instant's local day within a day of its UTC one: texts naming none of those three days
        // (most scripts of a page) are passed over without running the pattern.
        var utcDay = DateOnly.FromDateTime(instant.UtcDateTime);
        bool namesNearDay = false;
        for (int d = -1; d <= 1 && !namesNearDay; d++)
            namesNearDay = text.Contains(utcDay.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (!namesNearDay) return null;
        for (var m = OffsetTimestamp().Match(text); m.Success; m = m.NextMatch())
        {
            if (DateTimeOffset.TryParse(m.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && t == instant)
                return DateOnly.FromDateTime(t.DateTime);
        }
        return null;
    }

    /// <summary>A date in a metadata value: ISO 8601, RFC 1123, "December 22, 2016", "22 Dec 2016", compact 20161222.</summary>
    public static DateOnly? Parse(string? value) => Parse(value, monthFirst: false);

    public static DateOnly? Parse(string? value, bool monthFirst)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var s = value.Length > 200 ? value[..200] : value;
        var m = IsoDate().Match(s);
        if (m.Success && Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) is { } iso) return iso;
        if (FindInText(s, monthFirst) is { } inText) return inText;
        var compact = CompactDate().Match(s);
        if (compact.Success && Make(compact.Groups[1].Value, compact.Groups[2].Value, compact.Groups[3].Value) is { } c) return c;
        // Unix timestamps in seconds or milliseconds (some CMS meta values).
        if (long.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch) && epoch > 600_000_000)
        {
            if (epoch > 100_000_000_000) epoch /= 1000;
            if (epoch < 4_000_000_000) return Plausible(DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime));
        }
        return null;
    }

    /// <summary>The first date written in words or numbers inside running text.</summary>
    public static DateOnly? FindInText(string text) => FindInText(text, monthFirst: false);

    /// <summary>The earliest date in the text; <paramref name="monthFirst"/> reads an ambiguous 03/04/2020 as March 4.</summary>
    public static DateOnly? FindInText(string text, bool monthFirst)
    {
        foreach (var (_, date) in AllInText(text, monthFirst, 1)) return date;
        return null;
    }

    /// <summary>Dates in the text in order of position (at most <paramref name="limit"/>).</summary>
    public static IEnumerable<(int Index, DateOnly Date)> AllInText(string text, bool monthFirst, int limit)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny("0123456789")) return [];
        var months = MetadataLexicon.Instance.Months;
        var found = new List<(int, DateOnly)>();
        void Collect(Regex regex, Func<Match, DateOnly?> make)
        {
            int n = 0;
            for (var m = regex.Match(text); m.Success && n < limit; m = m.NextMatch())
            {
                if (make(m) is not { } d) continue;
                found.Add((m.Index, d));
                n++;
            }
        }
        Collect(MonthDayYear(), m => months.TryGetValue(m.Groups[1].Value, out int mo) ? Make(m.Groups[3].Value, mo, m.Groups[2].Value) : null);
        Collect(DayMonthYear(), m => months.TryGetValue(m.Groups[2].Value, out int mo) ? Make(m.Groups[3].Value, mo, m.Groups[1].Value) : null);
        Collect(IsoDate(), m => Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
        Collect(DottedDate(), m => Make(FullYear(m.Groups[3].Value), m.Groups[2].Value, m.Groups[1].Value));
        Collect(SlashedDate(), m =>
        {
            int a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), b = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            bool mdy = a > 12 ? false : b > 12 || monthFirst;
            return mdy ? Make(m.Groups[4].Value, a, m.Groups[3].Value) : Make(m.Groups[4].Value, b, m.Groups[1].Value);
        });
        found.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        return found.Count > limit ? found.Take(limit) : found;
    }

    private static string FullYear(string year) => year.Length == 2 ? "20" + year : year;

    /// <summary>A /YYYY/MM/DD/ or /YYYYMMDD/ date in a URL path.</summary>
    public static DateOnly? FromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        var m = UrlDate().Match(url);
        if (m.Success && Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) is { } d) return d;
        var c = UrlCompactDate().Match(url);
        return c.Success ? Make(c.Groups[1].Value, c.Groups[2].Value, c.Groups[3].Value) : null;
    }

    private static DateOnly? Make(string year, string month, string day) =>
        int.TryParse(month, CultureInfo.InvariantCulture, out int mo) ? Make(year, mo, day) : null;

    private static DateOnly? Make(string year, int month, string day)
    {
        if (!int.TryParse(year, CultureInfo.InvariantCulture, out int y) || !int.TryParse(day, CultureInfo.InvariantCulture, out int d)) return null;
        if (month is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Clamp(y, 1, 9999), month)) return null;
        return Plausible(new DateOnly(Math.Clamp(y, 1, 9999), month, d));
    }

    private static DateOnly? Plausible(DateOnly date) =>
        date.Year >= 1990 && date <= DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2) ? date : null;
}
