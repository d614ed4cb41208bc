using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Sitrep.Extraction;

/// <summary>
/// Publication-date evidence in the page itself, from the most explicit to the most guessed:
/// elements marked as the publication date, dates in page scripts, &lt;time&gt;, short date-like
/// elements, the date nearest the headline, and the most frequent date in the visible text.
/// Comment threads are skipped throughout: their dates are the readers', not the article's.
/// </summary>
internal static partial class PublicationDates
{
    private const int MaxVisibleChars = 300_000;

    [GeneratedRegex("""["'](?:datePublished|publishDate|published_at|publishedAt|publicationDate|pubDate|publish_date|date_published|firstPublished|first_published_at|dateCreated)["']\s*:\s*["']([^"']{6,40})["']""", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptDateField();

    private static readonly string[] _commentHints = ["comment", "reply", "respond", "disqus"];

    // [itemprop='datePublished'], [itemprop='dateCreated'], [itemprop='datepublished'], time[pubdate], [class*='publish' i],
    // [class*='pubdate' i], [class*='entry-date' i], [class*='post-date' i], [class*='article-date' i], [id*='publish' i]
    private static readonly SearchValues<string> _publishedClasses = ElementScan.Needles("publish", "pubdate", "entry-date", "post-date", "article-date");
    private static readonly SearchValues<string> _publishedIds = ElementScan.Needles("publish");

    private static bool IsMarkedAsPublished(IElement e) =>
        e.GetAttribute("itemprop") is "datePublished" or "dateCreated" or "datepublished"
        || e.LocalName == "time" && e.HasAttribute("pubdate")
        || ElementScan.AttributeContainsAny(e, "class", _publishedClasses)
        || ElementScan.AttributeContainsAny(e, "id", _publishedIds);

    // [class*='date' i], [class*='time' i], [class*='byline' i], [class*='posted' i], [class*='submitted' i], [class*='datum' i],
    // [class*='meta' i], [class*='info' i], [class*='author' i], [class*='stand' i], [id*='date' i], [id*='time' i], abbr[title]
    private static readonly SearchValues<string> _dateClasses = ElementScan.Needles("date", "time", "byline", "posted", "submitted", "datum", "meta", "info", "author", "stand");
    private static readonly SearchValues<string> _dateIds = ElementScan.Needles("date", "time");

    private static bool NamesADate(IElement e) =>
        ElementScan.AttributeContainsAny(e, "class", _dateClasses)
        || ElementScan.AttributeContainsAny(e, "id", _dateIds)
        || e.LocalName == "abbr" && e.HasAttribute("title");

    public static DateOnly? Marked(List<IElement> elements, bool monthFirst)
    {
        foreach (var e in elements.Where(IsMarkedAsPublished).Take(40))
        {
            if (e.LocalName is "meta" && e.GetAttribute("content") is { } content && DateParser.Parse(content, monthFirst) is { } m) return m;
            if (InComments(e) || e.LocalName is "script" or "style") continue;
            foreach (var attr in new[] { "datetime", "content", "title", "data-date", "data-published" })
                if (DateParser.Parse(e.GetAttribute(attr), monthFirst) is { } fromAttr) return fromAttr;
            var text = e.TextContent;
            if (text.Length <= 200 && DateParser.FindInText(text, monthFirst) is { } d) return d;
        }
        return null;
    }

    /// <summary>A publication-date field in a page script's JSON (apps that render the page client-side).</summary>
    public static DateOnly? InScripts(List<IElement> elements)
    {
        foreach (var script in elements.Where(static e => e.LocalName == "script").Take(200))
        {
            var text = script.TextContent;
            if (text.Length < 20) continue;
            if (text.Length > 1_000_000) text = text[..1_000_000];
            var m = ScriptDateField().Match(text);
            if (m.Success && DateParser.Parse(m.Groups[1].Value) is { } d) return d;
        }
        return null;
    }

    /// <summary>
    /// The local calendar day of a publication instant stated in UTC, from the page's other evidence: the same
    /// instant written with its local offset (in scripts or meta tags), else a URL or headline date one day off.
    /// </summary>
    public static DateOnly? LocalDay(DateTimeOffset utc, List<IElement> elements, string? url, Lazy<(List<(int, DateOnly)>, int)> textDates)
    {
        foreach (var e in elements.Where(static e => e.LocalName is "script" or "meta" or "time").Take(300))
        {
            var text = e.LocalName switch { "script" => e.TextContent, "meta" => e.GetAttribute("content"), _ => e.GetAttribute("datetime") };
            if (string.IsNullOrEmpty(text) || text.Length < 20) continue;
            if (text.Length > 1_000_000) text = text[..1_000_000];
            if (DateParser.LocalDayOfInstant(text, utc) is { } local) return local;
        }
        var utcDay = DateOnly.FromDateTime(utc.UtcDateTime);
        // Newsrooms mostly sit between UTC-10 and UTC+12: only an early instant can be the previous local day, only a
        // late one the next (a weaker date one day off a mid-morning instant is more likely another story's).
        var hour = utc.UtcDateTime.TimeOfDay.TotalHours;
        bool OneDayOff(DateOnly d) => d.DayNumber - utcDay.DayNumber == -1 && hour < 10 || d.DayNumber - utcDay.DayNumber == 1 && hour >= 12;
        if (DateParser.FromUrl(url) is { } fromUrl && OneDayOff(fromUrl)) return fromUrl;
        return NearHeadline(textDates.Value) is { } nearHeadline && OneDayOff(nearHeadline) ? nearHeadline : null;
    }

    // link[rel='canonical'], then meta[property='og:url']
    public static string? CanonicalUrl(List<IElement> elements) =>
        elements.FirstOrDefault(static e => e.LocalName == "link" && e.GetAttribute("rel") == "canonical")?.GetAttribute("href")
        ?? elements.FirstOrDefault(static e => e.LocalName == "meta" && e.GetAttribute("property") == "og:url")?.GetAttribute("content");

    public static DateOnly? TimeElement(List<IElement> elements)
    {
        foreach (var t in elements.Where(static e => e.LocalName == "time").Take(50))
        {
            if (InComments(t)) continue;
            if (DateParser.Parse(t.GetAttribute("datetime")) is { } d) return d;
        }
        return null;
    }

    /// <summary>The first short element whose class or id names a date, time, byline or post metadata.</summary>
    public static DateOnly? Visible(List<IElement> elements, bool monthFirst)
    {
        foreach (var e in elements.Where(NamesADate).Take(200))
        {
            if (e.LocalName is "script" or "style" or "meta" or "link" || InComments(e)) continue;
            if (DateParser.Parse(e.GetAttribute("datetime") ?? e.GetAttribute("title"), monthFirst) is { } fromAttr) return fromAttr;
            var text = e.TextContent;
            if (text.Length > 200) continue;
            if (DateParser.FindInText(text, monthFirst) is { } d) return d;
        }
        return null;
    }

    /// <summary>Dates in the visible text (comments left out) and where the headline starts in it (-1 if none).</summary>
    public static (List<(int Index, DateOnly Date)> Dates, int Headline) InVisibleText(IDocument document, bool monthFirst)
    {
        var (text, headline) = VisibleText(document, int.MaxValue);
        return (DateParser.AllInText(text, monthFirst, 500).ToList(), headline);
    }

    /// <summary>
    /// <see cref="InVisibleText"/> as far as <see cref="NearHeadline"/> reads it: the visible text ends a little past the
    /// window after the headline (room for a date that starts inside it), and a page with no h1 has none.
    /// </summary>
    public static (List<(int Index, DateOnly Date)> Dates, int Headline) NearHeadlineInVisibleText(IDocument document, List<IElement> elements, bool monthFirst)
    {
        if (!elements.Exists(static e => e.LocalName == "h1")) return ([], -1);
        var (text, headline) = VisibleText(document, AfterHeadline + 200);
        return (DateParser.AllInText(text, monthFirst, 500).ToList(), headline);
    }

    private const int BeforeHeadline = 600, AfterHeadline = 1500;

    /// <summary>The date nearest the headline, a little after it preferred (where bylines sit).</summary>
    public static DateOnly? NearHeadline((List<(int Index, DateOnly Date)> Dates, int Headline) found)
    {
        var (dates, headline) = found;
        if (headline < 0) return null;
        var near = dates.Where(d => d.Index >= headline - BeforeHeadline && d.Index <= headline + AfterHeadline)
            .OrderBy(d => d.Index >= headline ? d.Index - headline : (headline - d.Index) * 2).ToList();
        return near.Count > 0 ? near[0].Date : null;
    }

    public static DateOnly? MostFrequent((List<(int Index, DateOnly Date)> Dates, int Headline) found) =>
        found.Dates.Count == 0 ? null
        : found.Dates.GroupBy(d => d.Date).OrderByDescending(g => g.Count()).ThenBy(g => g.First().Index).First().Key;

    /// <summary>The page's visible text, up to <paramref name="afterHeadline"/> characters past the first h1 outside comments.</summary>
    private static (string Text, int Headline) VisibleText(IDocument document, int afterHeadline)
    {
        var sb = new StringBuilder();
        int headline = -1;
        if (document.Body is null) return ("", -1);
        var stack = new Stack<INode>();
        stack.Push(document.Body);
        while (stack.Count > 0 && sb.Length < MaxVisibleChars && (headline < 0 || sb.Length - headline <= afterHeadline))
        {
            var node = stack.Pop();
            if (node is IElement el)
            {
                if (el.LocalName is "script" or "style" or "noscript" or "template" or "svg" or "select" or "option") continue;
                if (IsCommentContainer(el)) continue;
                if (headline < 0 && el.LocalName == "h1") headline = sb.Length;
                sb.Append(' ');
                var children = el.ChildNodes;
                for (int c = children.Length - 1; c >= 0; c--) stack.Push(children[c]);
            }
            else if (node.NodeType == NodeType.Text)
            {
                sb.Append(node.TextContent);
            }
        }
        return (sb.ToString(), headline);
    }

    private static bool InComments(IElement e)
    {
        int depth = 0;
        for (var a = e; a is not null && depth < 40; a = a.ParentElement, depth++)
            if (IsCommentContainer(a)) return true;
        return false;
    }

    private static bool IsCommentContainer(IElement e)
    {
        var cls = e.GetAttribute("class");
        var id = e.Id;
        if (cls is null && id is null) return false;
        foreach (var hint in _commentHints)
            if ((cls?.Contains(hint, StringComparison.OrdinalIgnoreCase) ?? false) || (id?.Contains(hint, StringComparison.OrdinalIgnoreCase) ?? false)) return true;
        return false;
    }
}
