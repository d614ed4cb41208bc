using System.Buffers;
using System.Text.Json;
using AngleSharp.Dom;

namespace Sitrep.Extraction;

/// <summary>Title, date, authors and outlet from an HTML document, in order: JSON-LD, meta tags, &lt;time&gt;, URL, visible byline.</summary>
public sealed class HtmlMetadata
{
    public string? Title { get; private set; }
    public DateOnly? Published { get; private set; }

    /// <summary>A weaker date (near the headline, last modified, most frequent in the text): used below a supplied date.</summary>
    public DateOnly? GuessedPublished { get; private set; }
    public IReadOnlyList<string> Authors { get; private set; } = [];
    public string? Outlet { get; private set; }
    public string? Language { get; private set; }

    /// <summary>The JSON-LD articleBody, a fallback when the page's markup yields little text.</summary>
    public string? ArticleBody { get; private set; }

    private static readonly string[] _titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " · ", " / "];

    private static readonly JsonDocumentOptions _jsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Reads the metadata; call before the body is pruned (bylines and time elements may sit in removed chrome).</summary>
    public static HtmlMetadata Read(IDocument document, string? url)
    {
        var meta = new HtmlMetadata();
        // One walk of the tree; the questions below then scan a list (a dozen walks had cost more than the answers).
        var elements = ElementScan.All(document);
        var ld = new JsonLdArticle();
        foreach (var script in elements.Where(IsJsonLd).Take(20))
            ld.Read(script.TextContent);

        var metaValues = new Dictionary<string, List<(int Priority, string Value)>>(StringComparer.Ordinal);
        var keys = MetadataLexicon.Instance.MetaKeys;
        foreach (var m in elements.Where(static e => e.LocalName == "meta").Take(2000))
        {
            var content = m.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(content)) continue;
            foreach (var attr in new[] { "property", "name", "itemprop", "http-equiv" })
            {
                var key = m.GetAttribute(attr)?.Trim().ToLowerInvariant();
                if (key is null || !keys.TryGetValue(key, out var field)) continue;
                if (!metaValues.TryGetValue(field.Field, out var list)) metaValues[field.Field] = list = [];
                list.Add((field.Priority, content.Trim()));
            }
        }
        IEnumerable<string> MetaValues(string field) =>
            metaValues.TryGetValue(field, out var list) ? list.OrderBy(v => v.Priority).Select(v => v.Value) : [];

        meta.Outlet = Clean(ld.Publisher) ?? MetaValues("outlet").Select(Clean).FirstOrDefault(v => v is not null && !v.StartsWith('@') && !v.StartsWith("http", StringComparison.OrdinalIgnoreCase));

        // Title: JSON-LD headline, og:title and similar, the page's only h1, then <title>.
        var h1s = elements.Where(static e => e.LocalName == "h1").Take(3).ToList();
        string? h1 = h1s.Count == 1 ? Clean(h1s[0].TextContent) : null;
        string? title = Clean(ld.Headline) ?? MetaValues("title").Select(Clean).FirstOrDefault(v => v is not null) ?? h1 ?? Clean(document.Title);
        meta.Title = title is null ? null : StripTitleSuffix(title, meta.Outlet);

        var lang = document.DocumentElement?.GetAttribute("lang");
        if (!string.IsNullOrWhiteSpace(lang) && lang.Length >= 2 && char.IsLetter(lang[0]) && char.IsLetter(lang[1]))
            meta.Language = lang[..2].ToLowerInvariant();
        // Slashed dates are month-first only on US English pages.
        bool monthFirst = lang is not null && (lang.Equals("en-us", StringComparison.OrdinalIgnoreCase) || lang.Equals("en", StringComparison.OrdinalIgnoreCase));

        // Date, most explicit first: JSON-LD, meta tags, elements marked as the publication date, dates in page
        // scripts, <time>, the URL, then visible dates near the headline; the modification date only as a last resort.
        var textDates = new Lazy<(List<(int, DateOnly)>, int)>(() => PublicationDates.InVisibleText(document, monthFirst));
        var statedDate = DateParser.Parse(ld.DatePublished) is not null ? ld.DatePublished
            : MetaValues("date").FirstOrDefault(v => DateParser.Parse(v) is not null);
        meta.Published = DateParser.Parse(statedDate)
            ?? PublicationDates.Marked(elements, monthFirst)
            ?? PublicationDates.InScripts(elements)
            ?? PublicationDates.TimeElement(elements)
            ?? DateParser.FromUrl(url)
            ?? DateParser.FromUrl(PublicationDates.CanonicalUrl(elements))
            ?? PublicationDates.Visible(elements, monthFirst)
            // An unqualified "date" is often when the page was generated or last edited: below what the page shows.
            ?? MetaValues("generic_date").Select(DateParser.Parse).FirstOrDefault(d => d is not null);
        // A timestamp stated in UTC names the newsroom's calendar day only by chance: an evening story west of
        // Greenwich is stamped with the next day. The page usually states the local day elsewhere.
        if (DateParser.UtcInstant(statedDate) is { } utc)
            meta.Published = PublicationDates.LocalDay(utc, elements, url ?? PublicationDates.CanonicalUrl(elements),
                new(() => PublicationDates.NearHeadlineInVisibleText(document, elements, monthFirst))) ?? meta.Published;
        // Guessing scans all the visible text: only worth it when the page states no date.
        if (meta.Published is null)
            meta.GuessedPublished = PublicationDates.NearHeadline(textDates.Value)
                ?? DateParser.Parse(ld.DateModified)
                ?? MetaValues("modified").Select(DateParser.Parse).FirstOrDefault(d => d is not null)
                ?? PublicationDates.MostFrequent(textDates.Value);
        meta.ArticleBody = ld.ArticleBody;

        var authorSources = ld.Authors.Count > 0 ? ld.Authors
            : MetaValues("author").ToList() is { Count: > 0 } metaAuthors ? metaAuthors
            : VisibleBylines(elements);
        meta.Authors = BylineCleaner.Clean(authorSources, meta.Outlet);
        return meta;
    }

    /// <summary>Removes a trailing (or leading) " | Outlet" part from a headline.</summary>
    public static string StripTitleSuffix(string title, string? outlet)
    {
        foreach (var sep in _titleSeparators)
        {
            int at = title.LastIndexOf(sep, StringComparison.Ordinal);
            if (at <= 0) continue;
            var head = title[..at].Trim();
            var tail = title[(at + sep.Length)..].Trim();
            bool tailIsOutlet = outlet is not null && (tail.Equals(outlet, StringComparison.OrdinalIgnoreCase) || outlet.Contains(tail, StringComparison.OrdinalIgnoreCase));
            bool dash = sep is " - " or " – " or " — ";
            // A dash may be part of the headline, so only a short capitalised tail counts as an outlet there.
            bool shortTail = TextCleaner.CountWords(tail) <= (dash ? 3 : 4) && (!dash || tail.Split(' ').All(w => w.Length > 0 && !char.IsLower(w[0])));
            if ((tailIsOutlet || shortTail) && TextCleaner.CountWords(head) >= 3) return StripTitleSuffix(head, outlet);
            int first = title.IndexOf(sep, StringComparison.Ordinal);
            if (outlet is not null && title[..first].Trim().Equals(outlet, StringComparison.OrdinalIgnoreCase))
                return title[(first + sep.Length)..].Trim();
        }
        return title;
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = TextCleaner.NormalizeInline(TextCleaner.RepairMojibake(value));
        return v.Length is > 0 and <= 500 ? v : null;
    }

    // script[type='application/ld+json' i]
    private static bool IsJsonLd(IElement e) =>
        e.LocalName == "script" && string.Equals(e.GetAttribute("type"), "application/ld+json", StringComparison.OrdinalIgnoreCase);

    // [rel='author'], [itemprop='author'], [class*='byline' i], [class*='author' i]
    private static readonly SearchValues<string> _bylineClasses = ElementScan.Needles("byline", "author");

    private static bool IsByline(IElement e) =>
        e.GetAttribute("rel") == "author" || e.GetAttribute("itemprop") == "author" || ElementScan.AttributeContainsAny(e, "class", _bylineClasses);

    private static List<string> VisibleBylines(List<IElement> elements)
    {
        var found = new List<string>();
        foreach (var e in elements.Where(IsByline).Take(30))
        {
            var text = e.GetAttribute("content") ?? e.TextContent;
            if (text.Length is > 0 and <= 150) found.Add(text);
            if (found.Count >= 5) break;
        }
        return found;
    }

    /// <summary>The fields of the first schema.org Article-like object in JSON-LD blocks.</summary>
    private sealed class JsonLdArticle
    {
        public string? Headline;
        public string? DatePublished;
        public string? DateModified;
        public string? ArticleBody;
        public string? Publisher;
        public List<string> Authors { get; } = [];
        private bool _foundArticle;

        public void Read(string json)
        {
            if (_foundArticle || string.IsNullOrWhiteSpace(json) || json.Length > 2_000_000) return;
            try
            {
                using var doc = JsonDocument.Parse(json.Trim().TrimEnd(';'), _jsonOptions);
                var stack = new Stack<JsonElement>();
                stack.Push(doc.RootElement);
                int visited = 0;
                while (stack.Count > 0 && visited++ < 5000 && !_foundArticle)
                {
                    var e = stack.Pop();
                    if (e.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in e.EnumerateArray().Reverse()) stack.Push(item);
                        continue;
                    }
                    if (e.ValueKind != JsonValueKind.Object) continue;
                    if (IsArticleType(e)) Take(e);
                    else if (DatePublished is null && Str(e, "datePublished") is { } anyDate) DatePublished = anyDate;
                    else if (Publisher is null && HasType(e, t => t is "Organization" or "NewsMediaOrganization" or "WebSite") && Str(e, "name") is { } org)
                        Publisher = org;
                    if (e.TryGetProperty("@graph", out var graph)) stack.Push(graph);
                    if (e.TryGetProperty("mainEntity", out var main)) stack.Push(main);
                }
            }
            // Invalid UTF-16 in the script text surfaces as ArgumentException from the transcoder.
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException) { }
        }

        private void Take(JsonElement e)
        {
            _foundArticle = true;
            Headline = Str(e, "headline") ?? Str(e, "name");
            DatePublished = Str(e, "datePublished") ?? Str(e, "dateCreated") ?? DatePublished;
            DateModified = Str(e, "dateModified");
            ArticleBody = Str(e, "articleBody");
            if (e.TryGetProperty("publisher", out var pub))
                Publisher = pub.ValueKind == JsonValueKind.String ? pub.GetString() : pub.ValueKind == JsonValueKind.Object ? Str(pub, "name") : Publisher;
            if (e.TryGetProperty("author", out var author))
            {
                var items = author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToList() : [author];
                foreach (var a in items.Take(20))
                {
                    if (a.ValueKind == JsonValueKind.String) Authors.Add(a.GetString()!);
                    else if (a.ValueKind == JsonValueKind.Object && !HasType(a, t => t == "Organization") && Str(a, "name") is { } name) Authors.Add(name);
                }
            }
        }

        private static bool IsArticleType(JsonElement e) =>
            HasType(e, t => t.EndsWith("Article", StringComparison.Ordinal) || t is "BlogPosting" or "LiveBlogPosting" or "Report");

        private static bool HasType(JsonElement e, Func<string, bool> test)
        {
            if (!e.TryGetProperty("@type", out var type)) return false;
            if (type.ValueKind == JsonValueKind.String) return test(type.GetString()!);
            return type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && test(t.GetString()!));
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
