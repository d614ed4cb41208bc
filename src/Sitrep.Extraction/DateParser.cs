using System.Globalization;
using System.Text.RegularExpressions;

namespace Sitrep.Extraction;

/// <summary>Finds a calendar date in metadata values, visible text and URLs.</summary>
public static partial class DateParser
{
    [GeneratedRegex(@"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$|\.|_)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlDate();

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();

    /// <summary>A date in a metadata value: ISO 8601, RFC 1123, "December 22, 2016", "22 Dec 2016", compact 20161222.</summary>
    public static DateOnly? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var s = value.Length > 200 ? value[..200] : value;
        var m = IsoDate().Match(s);
        if (m.Success && Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) is { } iso) return iso;
        if (FindInText(s) is { } inText) return inText;
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

    /// <summary>The first date written in words or ISO form inside running text.</summary>
    public static DateOnly? FindInText(string text)
    {
        var months = MetadataLexicon.Instance.Months;
        var mdy = MonthDayYear().Match(text);
        if (mdy.Success && months.TryGetValue(mdy.Groups[1].Value, out int m1) && Make(mdy.Groups[3].Value, m1, mdy.Groups[2].Value) is { } d1) return d1;
        var dmy = DayMonthYear().Match(text);
        if (dmy.Success && months.TryGetValue(dmy.Groups[2].Value, out int m2) && Make(dmy.Groups[3].Value, m2, dmy.Groups[1].Value) is { } d2) return d2;
        var iso = IsoDate().Match(text);
        if (iso.Success && Make(iso.Groups[1].Value, iso.Groups[2].Value, iso.Groups[3].Value) is { } d3) return d3;
        return null;
    }

    /// <summary>A /YYYY/MM/DD/ date in a URL path.</summary>
    public static DateOnly? FromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        var m = UrlDate().Match(url);
        return m.Success ? Make(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value) : null;
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
