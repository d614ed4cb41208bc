using System.Globalization;
using Sitrep.Core;

namespace Sitrep.Language;

/// <summary>
/// Finds time expressions in a sentence and resolves them to TIMEX3 values against the publication
/// date, following news conventions: a bare weekday is the latest such day on or before publication,
/// and a year-less date takes the year that puts it nearest before publication (a few days ahead allowed).
/// Hand-written for English news (Microsoft.Recognizers.Text resolves news dates worse here).
/// </summary>
internal static class TimeExtractor
{
    private const int DaysAheadAllowed = 3;
    /// <summary>A year-less date later than publication counts as this many times farther than an earlier one.</summary>
    private const int FutureCostFactor = 3;

    private readonly record struct Match(int StartToken, int EndToken, string Type, string Value, DateOnly? Date, DatePrecision Precision);

    public static void ExtractSentence(string text, TokenContext ctx, int s0, int s1, DateOnly? published, List<TimeExpression> output)
    {
        bool future = SentenceLooksFuture(ctx, s0, s1);
        int free = s0;
        for (int i = s0; i < s1; i++)
        {
            // Only a past verb right before the date ("began on December 28") rules out a later year, and not
            // before a deadline ("extended the offer to Nov. 20"); a deadline with no past verb looks ahead ("by February").
            bool pastVerb = LooksPast(ctx, Math.Max(s0, i - 3), i);
            bool deadline = i > s0 && ctx.Lexicon.DeadlineCues.Contains(ctx.Lower(i - 1));
            bool past = !future && pastVerb && !deadline;
            bool ahead = future || deadline && !pastVerb && ctx.Lower(i - 1) != "to";
            var m = TryMatch(ctx, i, s0, s1, published, ahead, past, output);
            if (m is not { } match) continue;
            match = WithPrefix(ctx, InQuarterContext(ctx, match, output), free);
            int a = ctx.Tokens[match.StartToken].Start, b = ctx.Tokens[match.EndToken - 1].End;
            output.Add(new TimeExpression(a, b, text[a..b], match.Type, match.Value) { Date = match.Date, Precision = match.Precision });
            i = match.EndToken - 1;
            free = match.EndToken;
        }
    }

    private static Match? TryMatch(TokenContext ctx, int i, int s0, int s1, DateOnly? pub, bool future, bool past, List<TimeExpression> found)
    {
        var tokens = ctx.Tokens;
        var t = tokens[i];
        string lower = t.Lower;
        // A title-case time word after a name or number belongs to the name ("VOA Today", "60 Minutes", "High Noon").
        if (InsideName(ctx, i, s0)) return null;

        if (t.Kind == TokenKind.Number && t.Text.Length == 10 && DateOnly.TryParseExact(t.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return Day(i, i + 1, iso);

        // "last April", "this September", "next January", "each July"
        if (lower is "last" or "this" or "next" or "each" or "every" && i + 1 < s1 && ctx.Month(i + 1) is int modMonth
            && !(i + 2 < s1 && (DayNumber(tokens[i + 2]) is not null || ctx.IsYear(i + 2, out _))))
        {
            var relMonth = RelativeMonth(i, i + 2, modMonth, lower, pub);
            return relMonth.Type == "DATE" && RelativeYearAfter(ctx, i + 2, s1, pub) is (int relEnd, int relYear) ? MonthOf(i, relEnd, relYear, modMonth) : relMonth;
        }

        if (SeasonMatch(ctx, i, s0, s1, pub, future) is { } season) return season;
        if (HolidayMatch(ctx, i, s1, pub, future, past) is { } holiday) return holiday;

        // [Weekday ,] Month Day [, Year] | Month Year | Month
        int monthAt = i;
        if (ctx.Weekday(i) is not null)
        {
            int k = i + 1;
            if (k < s1 && tokens[k].Text == ",") k++;
            if (k < s1 && ctx.Month(k) is not null) monthAt = k;
        }
        if (ctx.Month(monthAt) is int month && (monthAt > i || IsMonthUse(ctx, monthAt, s0, s1)))
        {
            int k = monthAt + 1;
            if (k < s1 && DayNumber(tokens[k]) is int day)
            {
                k++;
                int yearAt = k < s1 && tokens[k].Text == "," ? k + 1 : k;
                if (yearAt < s1 && ctx.IsYear(yearAt, out int year))
                    return SafeDay(i, yearAt + 1, year, month, day);
                if (RelativeYearAfter(ctx, k, s1, pub) is (int dayEnd, int dayYear)) return SafeDay(i, dayEnd, dayYear, month, day);
                return YearlessDay(i, k, month, day, pub, future, past);
            }
            if (k < s1 && ctx.IsYear(k, out int y))
                return new Match(i, k + 1, "DATE", $"{y:D4}-{month:D2}", new DateOnly(y, month, 1), DatePrecision.Month);
            if (SpelledYear(ctx, k, s1) is (int spelledEnd, int spelledYear)) return MonthOf(i, spelledEnd, spelledYear, month);
            if (k + 1 < s1 && tokens[k].Lower == "of" && ctx.IsYear(k + 1, out y))
                return new Match(i, k + 2, "DATE", $"{y:D4}-{month:D2}", new DateOnly(y, month, 1), DatePrecision.Month);
            if (RelativeYearAfter(ctx, k, s1, pub) is (int monthEnd, int monthYear)) return MonthOf(i, monthEnd, monthYear, month);
            return YearlessMonth(i, monthAt + 1, month, pub, future || PrecededBy(ctx, i, s0, "next"), past);
        }

        // Day Month [Year]: "22 December 2016", "the 22nd of December"
        if (DayNumber(t) is int d2)
        {
            int k = i + 1;
            if (k < s1 && tokens[k].Lower == "of") k++;
            if (k < s1 && ctx.Month(k) is int m2)
            {
                if (k + 1 < s1 && ctx.IsYear(k + 1, out int y2)) return SafeDay(i, k + 2, y2, m2, d2);
                return YearlessDay(i, k + 1, m2, d2, pub, future, past);
            }
        }

        if (QuarterMatch(ctx, i, s0, s1, pub, found) is { } quarter) return quarter;
        if (YearsQuarter(ctx, i, s1, pub, found) is { } yearsQuarter) return yearsQuarter;
        if (YearAgoMatch(ctx, i, s1, pub, found) is { } yearAgo) return yearAgo;
        if (lower == "the" && StoryYear(ctx, i, s1, pub) is { } storyYear) return storyYear;
        if (Anaphor(ctx, i, s1, pub, found) is { } anaphor) return anaphor;
        if (YearEnd(ctx, i, s0, s1, pub) is { } endOfYear) return endOfYear;

        // Weekdays: "Thursday", "last Thursday", "on Thursday night"
        if (ctx.Weekday(i) is int weekday)
            return WeekdayMatch(ctx, i, i, s1, weekday, pub, FutureCueBefore(ctx, i, s0) ? 1 : 0);
        if (lower is "last" or "next" or "this" or "past" or "coming" && i + 1 < s1 && ctx.Weekday(i + 1) is int wd)
            return WeekdayMatch(ctx, i, i + 1, s1, wd, pub, lower is "next" or "coming" ? 2 : lower == "last" || lower == "past" ? -1 : (future ? 1 : 0));

        // "fiscal 1989": the company's year that ends in 1989.
        if (lower == "fiscal" && i + 1 < s1 && ctx.IsYear(i + 1, out int fiscal))
            return new Match(i, i + 2, "DATE", fiscal.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(fiscal, 1, 1), DatePrecision.Year);
        if (PrefixedDate(ctx, i, pub, future) is { } prefixed) return prefixed;
        if (CenturyMatch(ctx, i, s1) is { } century) return century;

        if (ctx.IsYear(i, out int year4) && t.Text.Length == 4)
        {
            if (i + 1 < s1 && ctx.IsPeopleNoun(i + 1)) return null;
            return new Match(i, i + 1, "DATE", year4.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(year4, 1, 1), DatePrecision.Year);
        }
        // Spoken years: "in nineteen ninety-six", "the year two thousand".
        if (lower == "the" && ctx.Is(i + 1, s1, "year") && SpelledYear(ctx, i + 2, s1) is (int yearEnd, int theYear) && theYear >= 1000)
            return new Match(i, yearEnd, "DATE", theYear.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(theYear, 1, 1), DatePrecision.Year);
        if (lower != "two" && lower != "one" && SpelledYear(ctx, i, s1) is (int spokenEnd, int spoken))
            return new Match(i, spokenEnd, "DATE", spoken.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(spoken, 1, 1), DatePrecision.Year);
        if (t.Kind == TokenKind.Word && t.Text.Length == 5 && t.Text[4] == 's' && int.TryParse(t.Text.AsSpan(0, 4), out int decade) && decade is >= 1000 and <= 2100 && decade % 10 == 0)
            return new Match(i, i + 1, "DATE", (decade / 10).ToString(CultureInfo.InvariantCulture), new DateOnly(decade, 1, 1), DatePrecision.Range);

        switch (lower)
        {
            case "today":
                return Relative(i, i + 1, pub, 0, null);
            case "yesterday":
                return Relative(i, i + 1, pub, -1, PartOfDayAfter(ctx, i + 1, s1));
            case "tomorrow":
                return Relative(i, i + 1, pub, 1, PartOfDayAfter(ctx, i + 1, s1));
            case "tonight":
                return Relative(i, i + 1, pub, 0, "NI");
            case "now" or "currently" when !ctx.Is(i + 1, s1, "that"):
                return Ref(i, i + 1, "PRESENT_REF");
            // "previously", a bare "earlier" and "soon after" order events without naming a time: TimeML leaves them out.
            case "recently" or "lately":
                return Ref(i, i + 1, "PAST_REF");
            // "He was soon released" tells the order of past events, not a time ahead.
            case "soon" when !ctx.Is(i + 1, s1, "after") && !ctx.Is(i + 1, s1, "as") && !ctx.Is(i - 1, s1, "as") && !LooksPast(ctx, Math.Max(s0, i - 1), Math.Min(s1, i + 2)):
                return Ref(i, i + 1, "FUTURE_REF");
            case "daily" or "nightly":
                return new Match(i, i + 1, "SET", "P1D", null, DatePrecision.Unknown);
            case "weekly":
                return new Match(i, i + 1, "SET", "P1W", null, DatePrecision.Unknown);
            case "monthly":
                return new Match(i, i + 1, "SET", "P1M", null, DatePrecision.Unknown);
            // The adjective "annual" (an annual meeting, annual sales) is not a TIMEX3 set; the adverb is.
            case "annually" or "yearly":
                return new Match(i, i + 1, "SET", "P1Y", null, DatePrecision.Unknown);
            case "every" or "each" when i + 1 < s1:
            {
                if (DurationAt(ctx, i + 1, s1) is { } every) return new Match(i, every.End, "SET", every.Value, null, DatePrecision.Unknown);
                if (UnitOf(ctx, i + 1) is { } unit) return new Match(i, i + 2, "SET", DurationValue(1, unit), null, DatePrecision.Unknown);
                if (ctx.Weekday(i + 1) is int wday) return new Match(i, i + 2, "SET", $"XXXX-WXX-{wday}", null, DatePrecision.Unknown);
                return null;
            }
        }

        // "over the weekend": the latest one; "ahead of the weekend" (or in a sentence about the future): the coming one.
        if (lower == "the" && ctx.Is(i + 1, s1, "weekend"))
            return Weekend(i, i + 2, pub, future || FutureCueBefore(ctx, i, s0));

        // "this morning", "last night"
        if (lower is "this" or "last" && i + 1 < s1 && PartOfDay(ctx.Lower(i + 1)) is { } part)
            return Relative(i, i + 2, pub, lower == "last" && ctx.Lower(i + 1) == "night" ? -1 : 0, part);

        // "earlier this week", "last week", "next month", "this year", "the past week"
        int at = i;
        bool earlier = false;
        if (lower is "earlier" or "later" && i + 1 < s1 && ctx.Lower(i + 1) == "this") { at = i + 1; earlier = true; }
        string rel = ctx.Lower(at);
        if (rel is "last" or "this" or "next" or "coming" or "past" or "previous" && at + 1 < s1 && UnitOf(ctx, at + 1) is { } relUnit && !ctx.Tokens[at + 1].Lower.EndsWith('s'))
        {
            bool theBefore = at > s0 && ctx.Lower(at - 1) == "the";
            int offset = rel switch { "last" or "past" or "previous" => -1, "next" or "coming" => 1, _ => 0 };
            // "the past year", "the last decade": TimeBank dates them as the calendar unit before ("the past week", the
            // seven days up to publication, as its week); an hour or a day stays a length.
            if (theBefore && rel is "past" or "last" or "coming")
                return relUnit.Letter is "W" or "M" or "Y" or "DE" && !relUnit.TimeOfDay
                    ? RelativeUnit(at - 1, at + 2, pub, relUnit, relUnit.Letter == "W" && offset < 0 ? 0 : offset)
                    : new Match(at - 1, at + 2, "DURATION", DurationValue(1, relUnit), null, DatePrecision.Unknown);
            return RelativeUnit(earlier ? i : at, at + 2, pub, relUnit, offset);
        }

        // "the coming days", "in recent weeks", "the past few years"
        if (lower is "coming" or "recent" or "past" or "last" or "future" && i + 1 < s1)
        {
            int k = i + 1;
            if (ctx.Is(k, s1, "few") || ctx.Is(k, s1, "several")) k++;
            if (k < s1 && ctx.Tokens[k].Lower.EndsWith('s') && UnitOf(ctx, k) is not null)
            {
                int from = i > s0 && ctx.Lower(i - 1) == "the" ? i - 1 : i;
                if (lower is "coming" or "future") return Ref(from, k + 1, "FUTURE_REF");
                if (lower == "recent") return Ref(from, k + 1, "PAST_REF");
                return new Match(from, k + 1, "DURATION", DurationValue(null, UnitOf(ctx, k)!.Value), null, DatePrecision.Unknown);
            }
        }
        // "the past three months", "the next 12 months": a duration counted from the story's time.
        if (lower == "the" && i + 2 < s1 && ctx.Lower(i + 1) is "past" or "last" or "next" or "coming" or "previous" or "first" && DurationAt(ctx, i + 2, s1) is { } counted && counted.Amount is not null)
            return new Match(i, counted.End, "DURATION", counted.Value, null, DatePrecision.Unknown);
        // "the nine months ended Sept. 30", "the latest six months": TimeML keeps the article with a counted length.
        if (lower == "the" && DurationAt(ctx, ctx.Is(i + 1, s1, "latest") ? i + 2 : i + 1, s1) is { Amount: not null } counted2 && ctx.Tokens[counted2.End - 1].Lower.EndsWith('s')
            && !(counted2.End < s1 && ctx.Lower(counted2.End) is "ago" or "earlier" or "later" or "old" or "-old"))
            return new Match(i, counted2.End, "DURATION", counted2.Value, null, DatePrecision.Unknown);
        // "the near future", "the near term", "the short term"
        if (lower == "the" && i + 2 < s1 && ctx.Lower(i + 1) is "near" or "immediate" or "short" && ctx.Lower(i + 2) is "future" or "term")
            return Ref(i, i + 3, "FUTURE_REF");
        // "the past" alone, not the start of "the past several quarters"; "the future of the region" is a fate, not a time.
        if (lower == "the" && i + 1 < s1 && ctx.Lower(i + 1) is "past" or "future" && !ctx.Is(i + 2, s1, "of") && !(i + 2 < s1 && (UnitOf(ctx, i + 2) is not null || ctx.Lower(i + 2) is "few" or "several" || ctx.Tokens[i + 2].Kind == TokenKind.Number || AmountOf(ctx.Lexicon, ctx.Lower(i + 2)) is not null)))
            return Ref(i, i + 2, ctx.Lower(i + 1) == "past" ? "PAST_REF" : "FUTURE_REF");

        // Durations, possibly "ago": "two days", "six-year", "nearly six years", "weeklong", "hours"
        int durationStart = i;
        if (ApproximationLength(ctx, i, s1) is int modLength and > 0) durationStart = i + modLength;
        if (DurationAt(ctx, durationStart, s1) is { } duration)
        {
            if (duration.End < s1 && ctx.Lower(duration.End) is "ago" or "earlier")
                return Ago(i, duration.End + 1, pub, duration);
            if (duration.End < s1 && (ctx.Lower(duration.End) is "old" or "-old")) return null;
            return new Match(i, duration.End, "DURATION", duration.Value, null, DatePrecision.Unknown);
        }

        // Clock times: "10:30", "3 p.m.", "noon"
        if (t.Kind == TokenKind.Number && i + 1 < s1 && ctx.Lower(i + 1) is "a.m." or "p.m." or "am" or "pm" or "a.m" or "p.m")
        {
            var clock = ClockTime(i, i + 2, t.Text, ctx.Lower(i + 1).StartsWith('p'), StoryDay(found, pub));
            return clock is { } c ? WithDayAfter(ctx, c, s1, pub, future || FutureCueBefore(ctx, i, s0)) : null;
        }
        if (t.Kind == TokenKind.Number && t.Text.Length is 4 or 5 && t.Text.IndexOf(':') is 1 or 2)
            return ClockTime(i, i + 1, t.Text, false, StoryDay(found, pub));
        if (lower is "noon" or "midday" or "midnight")
        {
            var clock = ClockTime(i, i + 1, lower == "midnight" ? "24:00" : "12:00", false, StoryDay(found, pub));
            return clock is { } c ? WithDayAfter(ctx, c, s1, pub, future || FutureCueBefore(ctx, i, s0)) : null;
        }
        return null;
    }

    /// <summary>
    /// TimeML spans take in the words that place a date within its period: "early next year", "late November",
    /// "the late 1970s", "the end of 1990", "the middle of October", and "the first half of 1989" (a half year).
    /// </summary>
    private static Match WithPrefix(TokenContext ctx, Match match, int free)
    {
        if (match.Type is not ("DATE" or "TIME") || match.Value.StartsWith('P')) return match;
        int start = match.StartToken;
        if (start - 1 >= free && ctx.Lower(start - 1) is "early" or "late" or "mid" or "sometime")
        {
            start--;
            if (start - 1 >= free && ctx.Lower(start - 1) == "the" && match.Precision == DatePrecision.Range) start--;
            return match with { StartToken = start };
        }
        if (start - 3 < free || ctx.Lower(start - 1) != "of") return match;
        string part = ctx.Lower(start - 2);
        if (part is "end" or "beginning" or "middle" or "start" && ctx.Lower(start - 3) == "the") return match with { StartToken = start - 3 };
        if (part == "half" && start - 4 >= free && match.Precision == DatePrecision.Year && ctx.Lower(start - 4) == "the" &&
            ctx.Lower(start - 3) is "first" or "second" or "last")
            return match with { StartToken = start - 4, Value = match.Value + (ctx.Lower(start - 3) == "first" ? "-H1" : "-H2"), Precision = DatePrecision.Range };
        return match;
    }

    /// <summary>
    /// In a story about a quarter ("third-quarter profit"), "a year ago" and "a year earlier" mean
    /// that quarter a year before: the narrative's reference period, not the calendar year.
    /// </summary>
    private static Match InQuarterContext(TokenContext ctx, Match match, List<TimeExpression> earlier)
    {
        if (match.Type != "DATE" || match.Precision != DatePrecision.Year || match.Date is not { } date) return match;
        if (ctx.Lower(match.EndToken - 1) is not ("ago" or "earlier")) return match;
        for (int k = earlier.Count - 1; k >= 0; k--)
        {
            string? v = earlier[k].Value;
            if (v is not { Length: 7 } || v[4] != '-' || v[5] != 'Q' || !int.TryParse(v.AsSpan(0, 4), out int year)) continue;
            if (year != date.Year + 1) return match;
            return match with { Value = $"{date.Year:D4}-Q{v[6]}", Precision = DatePrecision.Range };
        }
        return match;
    }

    /// <summary>
    /// "the third quarter", "fourth-quarter", "the fiscal first quarter", "the latest quarter", "the 1988 third quarter".
    /// "the quarter", "the latest period" and "the 1988 period" are the quarter the story reports on: the last one it named.
    /// </summary>
    private static Match? QuarterMatch(TokenContext ctx, int i, int s0, int s1, DateOnly? pub, List<TimeExpression> found)
    {
        int k = i;
        bool the = ctx.Lower(k) == "the";
        if (the) k++;
        int? statedYear = null;
        if (the && k < s1 && ctx.IsYear(k, out int yearBefore)) { statedYear = yearBefore; k++; }
        if (k < s1 && ctx.Lower(k) == "fiscal") k++;
        if (k >= s1) return null;
        string w = ctx.Lower(k);
        int quarter = 0, end = -1;
        bool previous = false, story = false;
        if (OrdinalQuarter(ctx, k, s1) is (int ordinal, int ordinalEnd))
        {
            quarter = ordinal;
            end = ordinalEnd;
            // "the third-quarter results": the article belongs to the noun the adjective modifies.
            if (the && statedYear is null && ordinalEnd == k + 1) return null;
        }
        else if (statedYear is not null)
        {
            if (w is not ("quarter" or "period")) return null;
            end = k + 1;
            story = previous = true;
        }
        else if (the && w is "quarter" or "latest" or "last" or "current" or "this")
        {
            int q = w == "quarter" ? k : k + 1;
            if (!(ctx.Is(q, s1, "quarter") || w == "latest" && ctx.Is(q, s1, "period")) || (w == "quarter" && k > i + 1)) return null;
            end = q + 1;
            previous = w is "quarter" or "latest" or "last";
            story = w is "quarter" or "latest";
        }
        else if (w == "this" && k == i && ctx.Is(k + 1, s1, "quarter")) end = k + 2;
        else return null;
        if (quarter is < 0 or > 4) return null;
        if (story && StoryQuarter(found, pub) is (int storyYear, int storyQuarter))
            return QuarterOf(i, end, statedYear ?? storyYear, storyQuarter);
        if (pub is not { } p) return new Match(i, end, "DATE", quarter > 0 ? $"{statedYear?.ToString("D4", CultureInfo.InvariantCulture) ?? "XXXX"}-Q{quarter}" : "XXXX-QX", null, DatePrecision.Range);
        int year = p.Year, current = (p.Month - 1) / 3 + 1;
        if (quarter == 0) quarter = previous ? current - 1 : current;
        else if (quarter > current) year--;
        if (quarter == 0) { quarter = 4; year--; }
        if (end + 1 < s1 && ctx.Lower(end) == "of" && ctx.IsYear(end + 1, out int y)) { year = y; end += 2; }
        else if (statedYear is int stated) year = stated;
        else if (i > s0 && ctx.IsYear(i - 1, out y) && !the) year = y;
        return QuarterOf(i, end, year, quarter);
    }

    /// <summary>"this year's third quarter", "next year's first quarter", "last year's quarter" (the story's quarter).</summary>
    private static Match? YearsQuarter(TokenContext ctx, int i, int s1, DateOnly? pub, List<TimeExpression> found)
    {
        if (pub is not { } p || ctx.Lower(i) is not ("this" or "last" or "next") || !ctx.Is(i + 1, s1, "year") || !ctx.Is(i + 2, s1, "'s")) return null;
        int year = p.Year + ctx.Lower(i) switch { "last" => -1, "next" => 1, _ => 0 };
        int k = i + 3;
        if (ctx.Is(k, s1, "fiscal")) k++;
        if (OrdinalQuarter(ctx, k, s1) is (int q, int end)) return QuarterOf(i, end, year, q);
        if (ctx.Lower(k) is "quarter" or "period" && (StoryQuarter(found, pub) ?? PreviousQuarter(pub)) is (_, int storyQuarter))
            return QuarterOf(i, k + 1, year, storyQuarter);
        return null;
    }

    private static Match QuarterOf(int a, int b, int year, int quarter) =>
        new(a, b, "DATE", $"{year:D4}-Q{quarter}", new DateOnly(year, (quarter - 1) * 3 + 1, 1), DatePrecision.Range);

    /// <summary>"third quarter", "third-quarter": (quarter, end token).</summary>
    private static (int Quarter, int End)? OrdinalQuarter(TokenContext ctx, int k, int s1)
    {
        if (k >= s1) return null;
        string w = ctx.Lower(k);
        if (w.EndsWith("-quarter", StringComparison.Ordinal) && ctx.Lexicon.Ordinals.TryGetValue(w[..^8], out int q)) return (q, k + 1);
        if (ctx.Lexicon.Ordinals.TryGetValue(w, out q) && ctx.Is(k + 1, s1, "quarter")) return (q, k + 2);
        return null;
    }

    /// <summary>
    /// The quarter the story last named as its own: one of the four up to the last one over by publication
    /// ("third quarter"), not a comparison a year back ("the year-ago quarter", "the 1988 period") nor a forecast.
    /// </summary>
    private static (int Year, int Quarter)? StoryQuarter(List<TimeExpression> found, DateOnly? pub)
    {
        int latest = PreviousQuarter(pub) is (int py, int pq) ? py * 4 + pq : int.MaxValue;
        int earliest = latest == int.MaxValue ? int.MinValue : latest - 3;
        for (int k = found.Count - 1; k >= 0; k--)
        {
            var t = found[k];
            if (t.Value is not { Length: 7 } v || v[4] != '-' || v[5] != 'Q' || v[6] is < '1' or > '4') continue;
            if (t.Text.Contains("year", StringComparison.OrdinalIgnoreCase) || t.Text.Contains("ago", StringComparison.OrdinalIgnoreCase)) continue;
            if (int.TryParse(v.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year * 4 + v[6] - '0' is int at && at >= earliest && at <= latest)
                return (year, v[6] - '0');
        }
        return null;
    }

    /// <summary>The last quarter over by publication.</summary>
    private static (int Year, int Quarter)? PreviousQuarter(DateOnly? pub) =>
        pub is not { } p ? null : (p.Month - 1) / 3 is 0 ? (p.Year - 1, 4) : (p.Year, (p.Month - 1) / 3);

    /// <summary>
    /// "the year-ago quarter", "the comparable year-earlier period", "the year-ago third quarter": the story's
    /// quarter a year back; a bare "year-earlier" before another noun ("year-earlier profit") is that quarter too,
    /// or the year before publication in a story without one.
    /// </summary>
    private static Match? YearAgoMatch(TokenContext ctx, int i, int s1, DateOnly? pub, List<TimeExpression> found)
    {
        int k = i;
        bool the = ctx.Lower(k) == "the";
        if (the) k++;
        if (the && k < s1 && ctx.Lower(k) is "comparable" or "corresponding" or "same") k++;
        if (k >= s1 || ctx.Lower(k) is not ("year-ago" or "year-earlier" or "year-before")) return null;
        int end = k + 1;
        int? quarter = null;
        bool period = false;
        if (OrdinalQuarter(ctx, end, s1) is (int q, int qEnd)) { quarter = q; end = qEnd; period = true; }
        else if (end < s1 && ctx.Lower(end) is "quarter" or "period") { end++; period = true; }
        else if (the && DurationAt(ctx, end, s1) is { } span) return new Match(i, span.End, "DURATION", span.Value, null, DatePrecision.Unknown);
        else if (the) return null;
        var story = StoryQuarter(found, pub) ?? (period ? PreviousQuarter(pub) : null);
        if (story is (int year, int storyQuarter))
            return QuarterOf(i, end, year - 1, quarter ?? storyQuarter);
        if (pub is not { } p) return new Match(i, end, "DATE", "XXXX", null, DatePrecision.Year);
        return new Match(i, end, "DATE", (p.Year - 1).ToString("D4", CultureInfo.InvariantCulture), new DateOnly(p.Year - 1, 1, 1), DatePrecision.Year);
    }

    /// <summary>
    /// "the year", "the full year", "the fiscal year", "the current year": the year of the story; "the latest fiscal
    /// year" the one before; "the year ended Sept. 30" is a year's length. "the year before" is left alone.
    /// </summary>
    private static Match? StoryYear(TokenContext ctx, int i, int s1, DateOnly? pub)
    {
        int k = i + 1;
        bool latest = false;
        if (k < s1 && ctx.Lower(k) is "full" or "current" or "latest" or "fiscal")
        {
            latest = ctx.Lower(k) == "latest";
            k++;
            if (ctx.Is(k, s1, "fiscal")) k++;
        }
        if (!ctx.Is(k, s1, "year")) return null;
        int end = k + 1;
        if (SpelledYear(ctx, end, s1) is not null) return null;
        string next = end < s1 ? ctx.Lower(end) : "";
        if (next is "ended" or "ending" or "ended," or "through") return new Match(i, end, "DURATION", "P1Y", null, DatePrecision.Unknown);
        if (next is "before" or "after" or "earlier" or "later" or "ago" or "when" or "in" or "of") return null;
        if (pub is not { } p) return new Match(i, end, "DATE", "XXXX", null, DatePrecision.Year);
        int year = latest ? p.Year - 1 : p.Year;
        return new Match(i, end, "DATE", year.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(year, 1, 1), DatePrecision.Year);
    }

    /// <summary>
    /// "that year", "later that year", "earlier that day", "that quarter", "the following month", "the previous
    /// year": the period of the last date the story gave, moved by one for following and previous.
    /// </summary>
    private static Match? Anaphor(TokenContext ctx, int i, int s1, DateOnly? pub, List<TimeExpression> found)
    {
        int k = i;
        if (ctx.Lower(k) is "earlier" or "later") k++;
        int offset = 0;
        if (ctx.Is(k, s1, "that"))
        {
            k++;
            if (ctx.Is(k, s1, "same")) k++;
        }
        else if (k == i && ctx.Lower(k) == "the" && k + 1 < s1 && ctx.Lower(k + 1) is "following" or "previous" or "preceding")
        {
            offset = ctx.Lower(k + 1) == "following" ? 1 : -1;
            k += 2;
        }
        else return null;
        if (k >= s1 || ctx.Lower(k) is not ("year" or "month" or "day" or "quarter" or "week")) return null;
        string unit = ctx.Lower(k);
        int end = k + 1;
        var need = unit switch { "year" => DatePrecision.Year, "quarter" => DatePrecision.Range, "month" => DatePrecision.Month, "week" => DatePrecision.Week, _ => DatePrecision.Day };
        DateOnly? anchor = null;
        for (int j = found.Count - 1; j >= 0 && anchor is null; j--)
        {
            var t = found[j];
            if (t.Date is not { } d || t.Type is not ("DATE" or "TIME")) continue;
            if (unit == "quarter" && t.Value is { Length: 7 } v && v[5] == 'Q') anchor = d;
            else if (unit != "quarter" && FineEnough(t.Precision, need)) anchor = d;
        }
        if (anchor is null && unit != "year") return null;
        var at = anchor ?? pub;
        if (at is not { } a) return new Match(i, end, "DATE", "XXXX", null, DatePrecision.Year);
        return unit switch
        {
            "year" => new Match(i, end, "DATE", (a.Year + offset).ToString("D4", CultureInfo.InvariantCulture), new DateOnly(a.Year + offset, 1, 1), DatePrecision.Year),
            "quarter" => QuarterOf(i, end, a.AddMonths(3 * offset).Year, (a.AddMonths(3 * offset).Month - 1) / 3 + 1),
            "month" => MonthOf(i, end, a.AddMonths(offset).Year, a.AddMonths(offset).Month),
            "week" => WeekOf(i, end, a.AddDays(7 * offset)),
            _ => Day(i, end, a.AddDays(offset)),
        };
    }

    private static bool FineEnough(DatePrecision have, DatePrecision need) => need switch
    {
        DatePrecision.Year => have is DatePrecision.Year or DatePrecision.Month or DatePrecision.Day or DatePrecision.Week,
        DatePrecision.Month => have is DatePrecision.Month or DatePrecision.Day,
        DatePrecision.Week => have is DatePrecision.Week or DatePrecision.Day,
        _ => have == DatePrecision.Day,
    };

    private static Match WeekOf(int a, int b, DateOnly day)
    {
        var dt = day.ToDateTime(TimeOnly.MinValue);
        int week = ISOWeek.GetWeekOfYear(dt), year = ISOWeek.GetYear(dt);
        return new Match(a, b, "DATE", $"{year:D4}-W{week:D2}", DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)), DatePrecision.Week);
    }

    /// <summary>"year-end", "year end", "year's end": the end of the publication year ("since year-end": of the year before).</summary>
    private static Match? YearEnd(TokenContext ctx, int i, int s0, int s1, DateOnly? pub)
    {
        int end;
        if (ctx.Lower(i) == "year-end") end = i + 1;
        else if (ctx.Lower(i) == "year" && ctx.Is(i + 1, s1, "end")) end = i + 2;
        else if (ctx.Lower(i) == "year" && ctx.Is(i + 1, s1, "'s") && ctx.Is(i + 2, s1, "end")) end = i + 3;
        else return null;
        if (pub is not { } p) return new Match(i, end, "DATE", "XXXX", null, DatePrecision.Year);
        int year = i > s0 && ctx.Lower(i - 1) is "since" ? p.Year - 1 : p.Year;
        return new Match(i, end, "DATE", year.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(year, 1, 1), DatePrecision.Year);
    }

    /// <summary>"mid-November", "late-November", "mid-1996", "post-1959", "mid-1990s": one token, a date after the hyphen.</summary>
    private static Match? PrefixedDate(TokenContext ctx, int i, DateOnly? pub, bool future)
    {
        var t = ctx.Tokens[i];
        int dash = t.Text.IndexOf('-');
        if (t.Kind != TokenKind.Word || dash < 3 || t.Lower[..dash] is not ("mid" or "early" or "late" or "pre" or "post")) return null;
        string rest = t.Text[(dash + 1)..];
        if (rest.Length > 2 && char.IsUpper(rest[0]) && !rest.EndsWith('.') && ctx.Lexicon.Months.TryGetValue(rest, out int month))
            return YearlessMonth(i, i + 1, month, pub, future, false);
        if (rest.Length == 4 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year is >= 1000 and <= 2100)
            return new Match(i, i + 1, "DATE", rest, new DateOnly(year, 1, 1), DatePrecision.Year);
        if (rest.Length == 5 && rest[4] == 's' && int.TryParse(rest.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int decade) && decade is >= 1000 and <= 2100 && decade % 10 == 0)
            return new Match(i, i + 1, "DATE", rest[..3], new DateOnly(decade, 1, 1), DatePrecision.Range);
        return null;
    }

    /// <summary>"the 20th century" (TIMEX3 "19"), "11th-century".</summary>
    private static Match? CenturyMatch(TokenContext ctx, int i, int s1)
    {
        int k = ctx.Lower(i) == "the" ? i + 1 : i;
        if (k + 1 >= s1 || ctx.Lower(k + 1) is not ("century" or "centuries")) return null;
        string w = ctx.Lower(k);
        int n = w.Length is 3 or 4 && w[^2..] is "st" or "nd" or "rd" or "th" && int.TryParse(w.AsSpan(0, w.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int digits) ? digits
            : ctx.Lexicon.Ordinals.TryGetValue(w, out int word) ? word : 0;
        if (n is < 1 or > 21) return null;
        return new Match(i, k + 2, "DATE", (n - 1).ToString("D2", CultureInfo.InvariantCulture), new DateOnly(Math.Max(1, (n - 1) * 100), 1, 1), DatePrecision.Range);
    }

    private static bool IsMonthUse(TokenContext ctx, int i, int s0, int s1)
    {
        var t = ctx.Tokens[i];
        bool numberAfter = i + 1 < s1 && (DayNumber(ctx.Tokens[i + 1]) is not null || ctx.IsYear(i + 1, out _));
        // An abbreviation without its period ("Jan", "Dec") is a month only before a day or year: "Jan Kavan" is a name.
        if (ctx.Lexicon.Months.ContainsKey(t.Text + ".")) return numberAfter;
        if (t.Text is not ("May" or "March")) return true;
        if (numberAfter) return true;
        return i > s0 && ctx.Lower(i - 1) is "in" or "since" or "until" or "last" or "next" or "early" or "late" or "mid" or "during" or "of" or "by" or "this" or "from" or "through";
    }

    private static int? DayNumber(Token t)
    {
        ReadOnlySpan<char> s = t.Text;
        if (t.Kind == TokenKind.Word && s.Length is 3 or 4 && (s.EndsWith("st") || s.EndsWith("nd") || s.EndsWith("rd") || s.EndsWith("th"))) s = s[..^2];
        else if (t.Kind != TokenKind.Number) return null;
        return s.Length is 1 or 2 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d is >= 1 and <= 31 ? d : null;
    }

    private static Match Day(int a, int b, DateOnly date, string? partOfDay = null) =>
        new(a, b, partOfDay is null ? "DATE" : "TIME", Iso(date) + (partOfDay is null ? "" : "T" + partOfDay), date, DatePrecision.Day);

    private static Match? SafeDay(int a, int b, int year, int month, int day) =>
        day <= DateTime.DaysInMonth(year, month) ? Day(a, b, new DateOnly(year, month, day)) : null;

    private static Match? YearlessDay(int a, int b, int month, int day, DateOnly? pub, bool future, bool past)
    {
        if (day > DateTime.DaysInMonth(2000, month)) return null;
        if (pub is not { } p) return new Match(a, b, "DATE", $"XXXX-{month:D2}-{day:D2}", null, DatePrecision.Day);
        DateOnly? best = null;
        int bestCost = int.MaxValue;
        for (int y = p.Year - 1; y <= p.Year + 1; y++)
        {
            if (day > DateTime.DaysInMonth(y, month)) continue;
            var candidate = new DateOnly(y, month, day);
            int cost = YearChoiceCost(candidate.DayNumber - p.DayNumber, future, past);
            if (cost < bestCost) { bestCost = cost; best = candidate; }
        }
        return best is { } date ? Day(a, b, date) : null;
    }

    private static Match YearlessMonth(int a, int b, int month, DateOnly? pub, bool future, bool past)
    {
        if (pub is not { } p) return new Match(a, b, "DATE", $"XXXX-{month:D2}", null, DatePrecision.Month);
        int bestYear = p.Year, bestCost = int.MaxValue;
        for (int y = p.Year - 1; y <= p.Year + 1; y++)
        {
            int monthsAhead = (y - p.Year) * 12 + month - p.Month;
            int cost = monthsAhead <= 0 ? -monthsAhead : future ? monthsAhead : past ? int.MaxValue / 2 : monthsAhead * FutureCostFactor;
            // In a sentence about the future a tie goes to the later year ("by August" said in February).
            if (cost < bestCost || cost == bestCost && future) { bestCost = cost; bestYear = y; }
        }
        return new Match(a, b, "DATE", $"{bestYear:D4}-{month:D2}", new DateOnly(bestYear, month, 1), DatePrecision.Month);
    }

    /// <summary>
    /// Past dates cost their distance; future ones beyond a few days cost three times theirs, their
    /// distance when the sentence speaks of the future, and are ruled out when it is in the past tense.
    /// </summary>
    private static int YearChoiceCost(int daysAhead, bool future, bool past)
    {
        if (daysAhead <= 0) return -daysAhead;
        if (future || daysAhead <= DaysAheadAllowed) return daysAhead;
        return past ? int.MaxValue / 2 : daysAhead * FutureCostFactor;
    }

    /// <param name="direction">0: the nearer, a past one preferred; -2: on or before publication; 1: on or after; -1: strictly before; 2: strictly after.</param>
    private static Match WeekdayMatch(TokenContext ctx, int start, int weekdayToken, int s1, int weekday, DateOnly? pub, int direction)
    {
        int end = weekdayToken + 1;
        string? part = PartOfDayAfter(ctx, end, s1);
        if (part is not null) end++;
        if (pub is not { } p) return new Match(start, end, part is null ? "DATE" : "TIME", $"XXXX-WXX-{weekday}" + (part is null ? "" : "T" + part), null, DatePrecision.Day);
        int pubWeekday = p.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)p.DayOfWeek;
        int back = (pubWeekday - weekday + 7) % 7;
        int forward = (weekday - pubWeekday + 7) % 7;
        var date = direction switch
        {
            1 => p.AddDays(forward),
            2 => p.AddDays(forward == 0 ? 7 : forward),
            -1 => p.AddDays(-(back == 0 ? 7 : back)),
            -2 => p.AddDays(-back),
            _ => forward > 0 && forward * FutureCostFactor < back ? p.AddDays(forward) : p.AddDays(-back),
        };
        return Day(start, end, date, part);
    }

    private static string? PartOfDayAfter(TokenContext ctx, int i, int s1) =>
        i < s1 ? PartOfDay(ctx.Lower(i)) : null;

    private static string? PartOfDay(string lower) => lower switch
    {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" or "overnight" => "NI",
        _ => null,
    };

    private static Match Relative(int a, int b, DateOnly? pub, int days, string? partOfDay)
    {
        if (partOfDay is not null && b - a == 1 && days != 0) b++;
        if (pub is not { } p) return new Match(a, b, partOfDay is null ? "DATE" : "TIME", "XXXX-XX-XX" + (partOfDay is null ? "" : "T" + partOfDay), null, DatePrecision.Day);
        return Day(a, b, p.AddDays(days), partOfDay);
    }

    private static Match Ref(int a, int b, string value) => new(a, b, "DATE", value, null, DatePrecision.Unknown);

    private static Match? RelativeUnit(int a, int b, DateOnly? pub, (string Letter, bool TimeOfDay) unit, int offset)
    {
        switch (unit.Letter)
        {
            case "W" or "WE":
            {
                if (pub is not { } p) return new Match(a, b, "DATE", "XXXX-WXX" + (unit.Letter == "WE" ? "-WE" : ""), null, DatePrecision.Week);
                var day = p.AddDays(7 * offset);
                int week = ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue));
                int year = ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue));
                var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
                return new Match(a, b, "DATE", $"{year:D4}-W{week:D2}" + (unit.Letter == "WE" ? "-WE" : ""), unit.Letter == "WE" ? monday.AddDays(5) : monday, DatePrecision.Week);
            }
            case "M":
            {
                if (pub is not { } p) return new Match(a, b, "DATE", "XXXX-XX", null, DatePrecision.Month);
                var first = new DateOnly(p.Year, p.Month, 1).AddMonths(offset);
                return new Match(a, b, "DATE", $"{first.Year:D4}-{first.Month:D2}", first, DatePrecision.Month);
            }
            case "Y":
            {
                if (pub is not { } p) return new Match(a, b, "DATE", "XXXX", null, DatePrecision.Year);
                int y = p.Year + offset;
                return new Match(a, b, "DATE", y.ToString("D4", CultureInfo.InvariantCulture), new DateOnly(y, 1, 1), DatePrecision.Year);
            }
            case "D":
                return Relative(a, b, pub, offset, null);
            case "Q":
            {
                if (pub is not { } p) return new Match(a, b, "DATE", "XXXX-QX", null, DatePrecision.Range);
                var first = new DateOnly(p.Year, (p.Month - 1) / 3 * 3 + 1, 1).AddMonths(3 * offset);
                return QuarterOf(a, b, first.Year, (first.Month - 1) / 3 + 1);
            }
            case "DE":
            {
                if (pub is not { } p) return new Match(a, b, "DATE", "XXX", null, DatePrecision.Range);
                int decade = p.Year / 10 + offset;
                return new Match(a, b, "DATE", decade.ToString(CultureInfo.InvariantCulture), new DateOnly(decade * 10, 1, 1), DatePrecision.Range);
            }
            default:
                return null;
        }
    }

    private readonly record struct Duration(int End, string Value, double? Amount, (string Letter, bool TimeOfDay) Unit);

    /// <summary>"two days", "a week", "48 hours", "six-year", "weeklong", "hours", "1.5 years".</summary>
    private static Duration? DurationAt(TokenContext ctx, int i, int s1)
    {
        if (i >= s1) return null;
        var t = ctx.Tokens[i];
        // Hyphenated and compound forms: "six-year", "48-hour", "weeklong", "week-long", "decades-long".
        if (t.Kind == TokenKind.Word && !t.Lower.EndsWith("-old", StringComparison.Ordinal))
        {
            string w = t.Lower;
            if (w.EndsWith("long", StringComparison.Ordinal) && w.Length > 4)
            {
                string stem = w[..^4].TrimEnd('-');
                if (UnitOfWord(ctx.Lexicon, stem) is { } u)
                    return new Duration(i + 1, DurationValue(stem.EndsWith('s') ? null : 1, u), 1, u);
            }
            int dash = w.IndexOf('-');
            if (dash > 0 && w.IndexOf('-', dash + 1) < 0 && UnitOfWord(ctx.Lexicon, w[(dash + 1)..]) is { Letter: not "Q" } hu && AmountOf(ctx.Lexicon, w[..dash]) is double amount)
                return new Duration(i + 1, DurationValue(amount, hu), amount, hu);
        }

        // A bare plural is a length of unknown size ("for hours"); bare "quarters" are too often rooms or circles.
        if (UnitOf(ctx, i) is { Letter: not "Q" } bare && t.Lower.EndsWith('s') && !(i > 0 && ctx.Lower(i - 1) is "the"))
            return new Duration(i + 1, DurationValue(null, bare), null, bare);

        int k = i;
        double? n = null;
        if (t.Kind == TokenKind.Number && double.TryParse(t.Text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double digits))
        {
            n = digits;
            k++;
            // "2 1/2 years"
            if (k + 2 < s1 && ctx.Tokens[k].Kind == TokenKind.Number && ctx.Tokens[k + 1].Text == "/" && ctx.Tokens[k + 2].Kind == TokenKind.Number
                && ctx.Tokens[k + 1].Start == ctx.Tokens[k].End && ctx.Tokens[k + 2].Start == ctx.Tokens[k + 1].End
                && int.TryParse(ctx.Tokens[k].Text, out int over) && int.TryParse(ctx.Tokens[k + 2].Text, out int under) && under > over && over > 0)
            {
                n += (double)over / under;
                k += 3;
            }
        }
        // "a few days", "a couple of years", "the next couple of weeks"
        else if (t.Lower is "a" && ctx.Is(i + 1, s1, "few")) { n = null; k += 2; }
        else if (t.Lower is "a" && ctx.Is(i + 1, s1, "couple") && ctx.Is(i + 2, s1, "of")) { n = 2; k += 3; }
        else if (t.Lower is "couple" && ctx.Is(i + 1, s1, "of")) { n = 2; k += 2; }
        else if (t.Lower is "a" or "an" or "one") { n = 1; k++; }
        else if (t.Lower is "several" or "few" or "many" or "some") { n = null; k++; }
        else if (AmountOf(ctx.Lexicon, t.Lower) is double spelled) { n = spelled; k++; if (k < s1 && ctx.Lower(k) is "and" && k + 1 < s1 && ctx.Lower(k + 1) is "a" && k + 2 < s1 && ctx.Lower(k + 2) == "half") { n += 0.5; k += 3; } }
        else return null;
        if (k < s1 && ctx.Lower(k) is "more" or "full" or "long" or "trading" or "business" or "working") k++;
        if (k >= s1 || UnitOf(ctx, k) is not { } unit) return null;
        // "a weekend of protests" is a time, not a measured length; "a quarter of the vote", "three quarters of them" are parts.
        if (unit.Letter == "WE") return null;
        if (unit.Letter == "Q" && (t.Lower is "a" or "an" or "one" || ctx.Is(k + 1, s1, "of") || ctx.Tokens[k].Lower.Contains('-'))) return null;
        if (ctx.Tokens[k].Lower is "night" && n is null) return null;
        // "a second betrayal": "a second" before a noun is the ordinal.
        if (unit.Letter == "S" && t.Lower is "a" && k + 1 < s1 && ctx.Tokens[k + 1].Kind == TokenKind.Word && ctx.Lower(k + 1) is not ("later" or "ago" or "earlier" or "before" or "after" or "or" or "and" or "longer")) return null;
        int end = k + 1;
        // "a minute and a half"
        if (n is double whole && end + 2 < s1 && ctx.Lower(end) == "and" && ctx.Lower(end + 1) is "a" or "one" && ctx.Lower(end + 2) == "half") { n = whole + 0.5; end += 3; }
        return new Duration(end, DurationValue(n, unit), n, unit);
    }

    private static double? AmountOf(LanguageLexicon lex, string lower)
    {
        if (double.TryParse(lower, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d)) return d;
        if (lex.NumberWords.TryGetValue(lower, out var e) && e.Kind is "unit" or "tens" && e.Value > 0) return e.Value;
        int dash = lower.IndexOf('-');
        if (dash > 0 && lex.NumberWords.TryGetValue(lower[..dash], out var tens) && tens.Kind == "tens" &&
            lex.NumberWords.TryGetValue(lower[(dash + 1)..], out var unit) && unit.Kind == "unit")
            return tens.Value + unit.Value;
        return null;
    }

    private static (string Letter, bool TimeOfDay)? UnitOf(TokenContext ctx, int i) =>
        ctx.Tokens[i].Kind == TokenKind.Word && !TitleCaseAfterName(ctx, i, 0) ? UnitOfWord(ctx.Lexicon, ctx.Tokens[i].Lower) : null;

    private static (string Letter, bool TimeOfDay)? UnitOfWord(LanguageLexicon lex, string lower)
    {
        if (lex.TimeUnits.TryGetValue(lower, out var u)) return u;
        if (lower.EndsWith('s') && lex.TimeUnits.TryGetValue(lower[..^1], out u)) return u;
        if (lower == "centuries") return lex.TimeUnits.TryGetValue("century", out u) ? u : null;
        return null;
    }

    /// <summary>
    /// The TIMEX3 length: "P2Y", "PT48H", "PXD"; decades and centuries in years as TimeBank writes them ("P20Y"),
    /// and a half carried into the next smaller unit ("P2Y6M", "PT1M30S").
    /// </summary>
    private static string DurationValue(double? amount, (string Letter, bool TimeOfDay) unit)
    {
        if (unit.Letter == "W2") return amount is double f ? $"P{Number(f * 2)}W" : "PXW";
        if (unit.Letter is "DE" or "CE") return amount is double y ? $"P{Number(y * (unit.Letter == "DE" ? 10 : 100))}Y" : unit.Letter == "DE" ? "PXY" : "PXCE";
        string prefix = unit.TimeOfDay ? "PT" : "P";
        if (amount is not double a) return prefix + "X" + unit.Letter;
        double whole = Math.Floor(a);
        if (a - whole == 0.5 && whole >= 1)
        {
            string? half = (unit.Letter, unit.TimeOfDay) switch
            {
                ("Y", false) => "6M",
                ("M", false) => "15D",
                ("D", false) => "T12H",
                ("H", true) => "30M",
                ("M", true) => "30S",
                _ => null,
            };
            if (half is not null) return prefix + Number(whole) + unit.Letter + half;
        }
        return prefix + Number(a) + unit.Letter;
    }

    private static string Number(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    private static int? ApproximationLength(TokenContext ctx, int i, int s1)
    {
        string w = ctx.Lower(i);
        if (w is "nearly" or "almost" or "about" or "around" or "roughly" or "approximately" or "over" or "some") return 1;
        if (i + 1 < s1 && (w, ctx.Lower(i + 1)) is ("more", "than") or ("less", "than") or ("at", "least") or ("up", "to") or ("at", "most")) return 2;
        return null;
    }

    private static Match? Ago(int a, int b, DateOnly? pub, Duration d)
    {
        if (pub is not { } p || d.Amount is not double amount || amount != Math.Floor(amount))
            return Ref(a, b, "PAST_REF");
        int n = (int)amount;
        return d.Unit.Letter switch
        {
            "D" => Day(a, b, p.AddDays(-n)),
            "W" => RelativeUnit(a, b, pub, d.Unit, -n),
            "M" => RelativeUnit(a, b, pub, d.Unit, -n),
            "Y" => new Match(a, b, "DATE", (p.Year - n).ToString("D4", CultureInfo.InvariantCulture), new DateOnly(p.Year - n, 1, 1), DatePrecision.Year),
            "DE" => new Match(a, b, "DATE", ((p.Year - 10 * n) / 10).ToString(CultureInfo.InvariantCulture), null, DatePrecision.Range),
            _ => Ref(a, b, "PAST_REF"),
        };
    }

    /// <summary>The day a clock time without one belongs to: the last day the story named ("on Friday ... at 10 p.m."), else publication.</summary>
    private static DateOnly? StoryDay(List<TimeExpression> found, DateOnly? pub)
    {
        for (int k = found.Count - 1; k >= 0; k--)
            if (found[k].Precision == DatePrecision.Day && found[k].Date is { } day) return day;
        return pub;
    }

    private static Match? ClockTime(int a, int b, string clock, bool pm, DateOnly? pub)
    {
        int colon = clock.IndexOf(':');
        if (!int.TryParse(colon < 0 ? clock : clock[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out int hour)) return null;
        int minute = 0;
        if (colon >= 0 && !int.TryParse(clock[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out minute)) return null;
        if (pm && hour < 12) hour += 12;
        if (hour > 24 || minute > 59) return null;
        string day = pub is { } p ? Iso(p) : "XXXX-XX-XX";
        return new Match(a, b, "TIME", $"{day}T{hour:D2}:{minute:D2}", pub, pub is null ? DatePrecision.Unknown : DatePrecision.Day);
    }

    /// <summary>"9 a.m. EST Tuesday", "10 p.m. yesterday", "5 p.m. EST, Nov. 6", "noon Thursday": the clock time on the day named after it.</summary>
    private static Match WithDayAfter(TokenContext ctx, Match clock, int s1, DateOnly? pub, bool future)
    {
        int k = clock.EndToken;
        if (k < s1 && ctx.Tokens[k].Text is { Length: 3 } zone && zone.All(char.IsUpper) && zone[^1] == 'T') k++;
        if (k + 1 < s1 && ctx.Tokens[k].Text == "," && ctx.Month(k + 1) is not null) k++;
        if (k >= s1 || clock.Value.Length < 6) return clock;
        Match? day = ctx.Weekday(k) is int weekday ? WeekdayMatch(ctx, k, k, k + 1, weekday, pub, future ? 1 : 0)
            : ctx.Month(k) is int month && k + 1 < s1 && DayNumber(ctx.Tokens[k + 1]) is int dayOfMonth ? YearlessDay(k, k + 2, month, dayOfMonth, pub, future, false)
            : ctx.Lower(k) switch { "today" => Relative(k, k + 1, pub, 0, null), "yesterday" => Relative(k, k + 1, pub, -1, null), "tomorrow" => Relative(k, k + 1, pub, 1, null), _ => null };
        if (day is not { Date: { } date }) return clock;
        return clock with { EndToken = day.Value.EndToken, Value = Iso(date) + clock.Value[clock.Value.IndexOf('T')..], Date = date };
    }

    private static bool PrecededBy(TokenContext ctx, int i, int s0, string lower) => i > s0 && ctx.Lower(i - 1) == lower;

    /// <summary>A past-tense verb: an irregular past form ("began", "was") or a regular "-ed" form.</summary>
    private static bool LooksPast(TokenContext ctx, int s0, int s1)
    {
        for (int k = s0; k < s1; k++)
        {
            var t = ctx.Tokens[k];
            if (t.Kind != TokenKind.Word || !char.IsLower(t.Text[0])) continue;
            // A participle after a present auxiliary is no past tense ("the case is heard in May", "has been set").
            if (k > 0 && ctx.Lower(k - 1) is "is" or "are" or "am" or "be" or "being" or "will" or "has" or "have") continue;
            // Listed forms are past only when marked so: "is", "has" and "men" are not.
            if (ctx.Lexicon.IrregularForms.ContainsKey(t.Lower))
            {
                if (ctx.Lexicon.IrregularPastForms.Contains(t.Lower)) return true;
                continue;
            }
            if (t.Lower.Length > 4 && t.Lower.EndsWith("ed", StringComparison.Ordinal) && ctx.Lemmas[k] != t.Lower) return true;
        }
        return false;
    }

    private static bool SentenceLooksFuture(TokenContext ctx, int s0, int s1)
    {
        for (int k = s0; k < s1; k++)
            if (ctx.Lexicon.FutureCues.Contains(ctx.Lower(k))) return true;
        return false;
    }

    /// <summary>
    /// A future cue among the few words before token i ("will meet on Monday", "ahead of the weekend"),
    /// unless a past-tense verb comes between, a past auxiliary right before the cue ("had been due to
    /// expire Friday") or the cue opens the sentence ("Until Thursday, they had not ...").
    /// </summary>
    private static bool FutureCueBefore(TokenContext ctx, int i, int s0)
    {
        int from = Math.Max(s0, i - 4);
        for (int k = i - 1; k >= from; k--)
        {
            if (ctx.Lexicon.NearFutureCues.Contains(ctx.Lower(k)))
                return !StartsSentence(ctx, k, s0) && !PastAuxiliaryBefore(ctx, k, s0);
            if (LooksPast(ctx, k, k + 1)) return false;
        }
        return false;
    }

    private static bool PastAuxiliaryBefore(TokenContext ctx, int k, int s0)
    {
        for (int j = Math.Max(s0, k - 2); j < k; j++)
            if (ctx.Lemmas[j] is "be" or "have" && LooksPast(ctx, j, j + 1)) return true;
        return false;
    }

    private static bool StartsSentence(TokenContext ctx, int i, int s0)
    {
        for (int k = s0; k < i; k++)
            if (!ctx.IsPunctuation(k)) return false;
        return true;
    }

    /// <summary>A time word in title case right after a capitalised word or a number is part of a name ("VOA Today", "60 Minutes", "High Noon").</summary>
    private static bool InsideName(TokenContext ctx, int i, int s0) =>
        ctx.Lower(i) is "today" or "tonight" or "tomorrow" or "yesterday" or "noon" or "midnight" or "now" && TitleCaseAfterName(ctx, i, s0)
        || UnitOfWord(ctx.Lexicon, ctx.Lower(i)) is not null && TitleCaseAfterName(ctx, i, s0);

    /// <summary>
    /// Token i is in title case ("Week", not "WEEK") and follows a number or a capitalised word that does not
    /// open the sentence (with s0 = 0, the text: where the sentence start is unknown, only the first word is exempt).
    /// </summary>
    private static bool TitleCaseAfterName(TokenContext ctx, int i, int s0)
    {
        var t = ctx.Tokens[i];
        if (i <= s0 || t.Kind != TokenKind.Word || !t.IsCapitalized || t.Text.Length < 2 || char.IsUpper(t.Text[1])) return false;
        var prev = ctx.Tokens[i - 1];
        return prev.Kind == TokenKind.Number || prev.Kind == TokenKind.Word && prev.IsCapitalized && !StartsSentence(ctx, i - 1, s0);
    }

    private static Match MonthOf(int a, int b, int year, int month) =>
        new(a, b, "DATE", $"{year:D4}-{month:D2}", new DateOnly(year, month, 1), DatePrecision.Month);

    /// <summary>"last April" (the latest before publication but for the month just gone), "this September", "next January", "each July" (a set).</summary>
    private static Match RelativeMonth(int a, int b, int month, string modifier, DateOnly? pub)
    {
        if (modifier is "each" or "every") return new Match(a, b, "SET", $"XXXX-{month:D2}", null, DatePrecision.Unknown);
        if (pub is not { } p) return new Match(a, b, "DATE", $"XXXX-{month:D2}", null, DatePrecision.Month);
        int year = modifier switch
        {
            "this" => p.Year,
            "next" => month > p.Month ? p.Year : p.Year + 1,
            // "last February" said in March (or in February) is a year back: the month just gone would be "last month".
            _ => month < p.Month - 1 ? p.Year : p.Year - 1,
        };
        return MonthOf(a, b, year, month);
    }

    /// <summary>"[of] this year", "last year", "next year" right after a year-less month or day: (end token, year).</summary>
    private static (int End, int Year)? RelativeYearAfter(TokenContext ctx, int k, int s1, DateOnly? pub)
    {
        if (pub is not { } p) return null;
        if (ctx.Is(k, s1, "of")) k++;
        if (!ctx.Is(k + 1, s1, "year")) return null;
        return ctx.Lower(k) switch { "this" => (k + 2, p.Year), "last" => (k + 2, p.Year - 1), "next" => (k + 2, p.Year + 1), _ => null };
    }

    /// <summary>
    /// "last fall", "this summer", "the early summer", "over the summer", "winter of 1994", "spring 1999".
    /// A bare season needs a determiner or a preposition before it, and "fall" more ("the fall of Saigon", "a fall in prices").
    /// </summary>
    private static Match? SeasonMatch(TokenContext ctx, int i, int s0, int s1, DateOnly? pub, bool future)
    {
        int k = i;
        string? modifier = null;
        bool the = ctx.Lower(k) == "the";
        if (the) k++;
        if (k < s1 && ctx.Lower(k) is "this" or "last" or "next" or "past" or "coming")
        {
            modifier = ctx.Lower(k) == "coming" ? "next" : ctx.Lower(k);
            k++;
            if (modifier == "this" && ctx.Is(k, s1, "past")) { modifier = "this past"; k++; }
            if (modifier == "past" && !the) return null;
            if (modifier == "past") modifier = "this past";
            if (modifier == "this" && the) return null;
        }
        if (k < s1 && ctx.Lower(k) is "early" or "late" or "mid" && (the || modifier is not null)) k++;
        if (k >= s1 || !ctx.Lexicon.Seasons.TryGetValue(ctx.Lower(k), out var season)) return null;
        if (ctx.Tokens[k].Kind != TokenKind.Word) return null;
        int end = k + 1;
        int? year = null;
        if (end < s1 && ctx.IsYear(end, out int y)) { year = y; end++; }
        else if (end + 1 < s1 && ctx.Lower(end) == "of" && ctx.IsYear(end + 1, out y)) { year = y; end += 2; }
        else if (end + 1 < s1 && ctx.Lower(end) == "of" && SpelledYear(ctx, end + 1, s1) is (int spelledEnd, int spelled)) { year = spelled; end = spelledEnd; }
        if (year is null && modifier is null)
        {
            bool preposition = i > s0 && ctx.Lower(i - 1) is "in" or "during" or "over" or "since" or "until" or "by" or "through" or "throughout" or "for" or "before" or "after";
            if (!preposition && !(the && ctx.Lower(k) != "fall")) return null;
            if (ctx.Lower(k) == "fall" && (!the || end < s1 && ctx.Lower(end) is "of" or "in")) return null;
        }
        if (!the && modifier is null && year is null && ctx.Lower(k) == "fall") return null;
        if (year is null && pub is null)
            return new Match(i, end, "DATE", "XXXX-" + season.Code, null, DatePrecision.Range);
        if (year is null && pub is { } p)
        {
            int now = p.Year * 12 + p.Month - 1;
            int StartOf(int yy) => yy * 12 + season.StartMonth - 1;
            int best = p.Year;
            switch (modifier)
            {
                // "last spring" is a year back; "this past spring" the latest one over.
                case "last":
                    best = p.Year - 1;
                    break;
                case "this past":
                    for (best = p.Year; StartOf(best) + 3 > now; best--) { }
                    break;
                case "next":
                    for (best = p.Year - 1; StartOf(best) <= now; best++) { }
                    break;
                case "this":
                    best = season.StartMonth == 12 && p.Month <= 2 ? p.Year - 1 : p.Year;
                    break;
                default:
                    if (future) for (best = p.Year - 1; StartOf(best) + 3 <= now; best++) { }
                    else for (best = p.Year; StartOf(best) > now; best--) { }
                    break;
            }
            year = best;
        }
        int seasonYear = year ?? 0;
        return new Match(i, end, "DATE", $"{seasonYear:D4}-{season.Code}", new DateOnly(seasonYear, season.StartMonth, 1), DatePrecision.Range);
    }

    /// <summary>
    /// "Thanksgiving Day", "last Thanksgiving", "Christmas 1998", "Easter week": the day (or week) the holiday's rule
    /// gives, in the year an explicit year or "last"/"next"/"this" names, or else the year a year-less date would take.
    /// </summary>
    private static Match? HolidayMatch(TokenContext ctx, int i, int s1, DateOnly? pub, bool future, bool past)
    {
        var lex = ctx.Lexicon;
        int k = i;
        string? modifier = ctx.Lower(k) is "last" or "next" or "this" ? ctx.Lower(k) : null;
        if (modifier is not null) k++;
        if (k >= s1 || ctx.Tokens[k].Kind != TokenKind.Word || !ctx.Tokens[k].IsCapitalized) return null;
        HolidayRule rule = default;
        int end = -1;
        string key = "";
        for (int n = 1; n <= lex.LongestHolidayWords && k + n <= s1; n++)
        {
            var t = ctx.Tokens[k + n - 1];
            if (n > 1 && !t.IsCapitalized && t.Lower != "'s") break;
            key = n == 1 ? t.Lower : key + " " + t.Lower;
            if (lex.Holidays.TryGetValue(key, out var r)) { rule = r; end = k + n; }
        }
        if (end < 0) return null;
        bool week = ctx.Is(end, s1, "week");
        if (week) end++;
        int? statedYear = end < s1 && ctx.IsYear(end, out int y) ? y : null;
        if (statedYear is not null) end++;
        if (pub is not { } p && statedYear is null)
            return new Match(i, end, "DATE", week ? "XXXX-WXX" : "XXXX-XX-XX", null, week ? DatePrecision.Week : DatePrecision.Day);
        DateOnly? best = null;
        if (statedYear is int year) best = HolidayDate(rule, year);
        else
        {
            var pubDate = pub!.Value;
            int bestCost = int.MaxValue;
            for (int yy = pubDate.Year - 1; yy <= pubDate.Year + 1; yy++)
            {
                if (HolidayDate(rule, yy) is not { } d) continue;
                int ahead = d.DayNumber - pubDate.DayNumber;
                int cost = modifier switch
                {
                    "last" => ahead < 0 ? -ahead : int.MaxValue,
                    "next" => ahead > 0 ? ahead : int.MaxValue,
                    "this" => yy == pubDate.Year ? 0 : int.MaxValue,
                    _ => YearChoiceCost(ahead, future, past),
                };
                if (cost < bestCost) { bestCost = cost; best = d; }
            }
        }
        if (best is not { } date) return null;
        return week ? WeekOf(i, end, date) : Day(i, end, date);
    }

    private static DateOnly? HolidayDate(HolidayRule rule, int year)
    {
        if (rule.EasterOffset is int offset) return EasterSunday(year).AddDays(offset);
        if (rule.Month is < 1 or > 12) return null;
        int days = DateTime.DaysInMonth(year, rule.Month);
        if (rule.Weekday == 0) return rule.Day >= 1 && rule.Day <= days ? new DateOnly(year, rule.Month, rule.Day) : null;
        if (rule.Nth < 0)
        {
            var last = new DateOnly(year, rule.Month, days);
            return last.AddDays(-((IsoWeekday(last) - rule.Weekday + 7) % 7));
        }
        var from = new DateOnly(year, rule.Month, Math.Clamp(rule.Day, 1, days));
        var date = from.AddDays((rule.Weekday - IsoWeekday(from) + 7) % 7 + 7 * (Math.Max(rule.Nth, 1) - 1));
        return date.Month == rule.Month ? date : null;
    }

    private static int IsoWeekday(DateOnly d) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;

    /// <summary>Western Easter Sunday (the anonymous Gregorian computus).</summary>
    private static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The weekend of the latest week on or before publication, or with <paramref name="coming"/> the next one.</summary>
    private static Match Weekend(int a, int b, DateOnly? pub, bool coming)
    {
        if (pub is not { } p) return new Match(a, b, "DATE", "XXXX-WXX-WE", null, DatePrecision.Week);
        bool inWeekend = p.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var day = inWeekend || coming ? p : p.AddDays(-7);
        var dt = day.ToDateTime(TimeOnly.MinValue);
        int week = ISOWeek.GetWeekOfYear(dt), year = ISOWeek.GetYear(dt);
        var saturday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Saturday));
        return new Match(a, b, "DATE", $"{year:D4}-W{week:D2}-WE", saturday, DatePrecision.Week);
    }

    /// <summary>Spoken years: "nineteen ninety-six", "nineteen eighty", "two thousand": (end token, year).</summary>
    private static (int End, int Year)? SpelledYear(TokenContext ctx, int i, int s1)
    {
        if (i + 1 >= s1) return null;
        var lex = ctx.Lexicon;
        if (!lex.NumberWords.TryGetValue(ctx.Lower(i), out var century)) return null;
        if (century.Kind == "unit" && century.Value is 1 or 2 && ctx.Lower(i + 1) == "thousand")
        {
            int end = i + 2;
            int add = end < s1 && AmountOf(lex, ctx.Lower(end)) is double extra and >= 1 and < 100 && extra == Math.Floor(extra) ? (int)extra : 0;
            if (add > 0) end++;
            return (end, (int)century.Value * 1000 + add);
        }
        if (century.Kind != "unit" || century.Value is < 11 or > 20) return null;
        if (AmountOf(lex, ctx.Lower(i + 1)) is not double rest || rest < 10 || rest > 99 || rest != Math.Floor(rest)) return null;
        return (i + 2, (int)century.Value * 100 + (int)rest);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
