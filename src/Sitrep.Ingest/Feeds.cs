using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;

namespace Sitrep.Ingest;

/// <summary>What kind of XML document a body is, from its root element.</summary>
public enum XmlInputKind { None, Feed, Opml, Sitemap, SitemapIndex }

/// <summary>One feed entry: where it links, and the HTML it carries (content, else description/summary).</summary>
public sealed record FeedItem(string? Id, string? Link, string? Title, string? Html, DateOnly? Published);

/// <summary>
/// RSS 2.0 / Atom 1.0 feeds (read with System.ServiceModel.Syndication), OPML feed lists and
/// sitemaps (urlset and sitemapindex, read with a forward-only XmlReader so a sitemap of a million
/// URLs is streamed). DTDs are refused and documents are size-bounded: inputs are untrusted.
/// </summary>
public static partial class Feeds
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 64L * 1024 * 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static XmlInputKind Sniff(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes[..Math.Min(bytes.Length, 64 * 1024)].ToArray()), Settings());
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                return reader.LocalName.ToLowerInvariant() switch
                {
                    "rss" or "feed" or "rdf" => XmlInputKind.Feed,
                    "opml" => XmlInputKind.Opml,
                    "urlset" => XmlInputKind.Sitemap,
                    "sitemapindex" => XmlInputKind.SitemapIndex,
                    _ => XmlInputKind.None,
                };
            }
        }
        catch (XmlException)
        {
            // A truncated 64 KB head can still name its root; a body that is not XML at all cannot.
        }
        return XmlInputKind.None;
    }

    public static IReadOnlyList<FeedItem> ReadFeed(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), Settings());
        var feed = Load(reader);
        var items = new List<FeedItem>();
        if (feed is null) return items;
        foreach (var item in feed.Items)
        {
            string? link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri?.ToString()
                           ?? item.Links.FirstOrDefault()?.Uri?.ToString();
            string? html = Encoded(item) ?? ContentText(item.Content) ?? item.Summary?.Text;
            var date = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime;
            items.Add(new FeedItem(item.Id, link, item.Title?.Text, html,
                date == default ? null : DateOnly.FromDateTime(date.UtcDateTime)));
        }
        return items;
    }

    /// <summary>Lenient dates: RSS feeds often break RFC 822, and one bad date must not lose the feed.</summary>
    private static SyndicationFeed? Load(XmlReader reader)
    {
        var rss = new Rss20FeedFormatter { DateTimeParser = ParseDate };
        if (rss.CanRead(reader)) { rss.ReadFrom(reader); return rss.Feed; }
        var atom = new Atom10FeedFormatter { DateTimeParser = ParseDate };
        if (atom.CanRead(reader)) { atom.ReadFrom(reader); return atom.Feed; }
        throw new XmlException("Not an RSS 2.0 or Atom 1.0 feed.");
    }

    private static bool ParseDate(XmlDateTimeData data, out DateTimeOffset date)
    {
        var text = data.DateTimeString.Trim();
        // RFC 822 zone names DateTimeOffset does not know.
        text = ZoneName().Replace(text, m => m.Value switch { "UT" or "GMT" or "Z" => "+0000", "EST" => "-0500", "EDT" => "-0400", "CST" => "-0600", "CDT" => "-0500", "MST" => "-0700", "MDT" => "-0600", "PST" => "-0800", "PDT" => "-0700", _ => m.Value });
        // An unreadable date reads as none (returning false would make the formatter throw away the whole feed).
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date))
            date = default;
        return true;
    }

    [GeneratedRegex(@"(?<=\s)(UT|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT)$")]
    private static partial Regex ZoneName();

    private static string? Encoded(SyndicationItem item)
    {
        foreach (var extension in item.ElementExtensions)
        {
            if (extension.OuterName == "encoded" && extension.OuterNamespace == ContentNamespace)
                return extension.GetObject<string>();
        }
        return null;
    }

    private static string? ContentText(SyndicationContent? content) => content switch
    {
        TextSyndicationContent text => text.Text,
        _ => null,
    };

    /// <summary>Outline xmlUrl attributes of an OPML file, in document order.</summary>
    public static IEnumerable<string> ReadOpml(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), Settings());
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "outline" && reader.GetAttribute("xmlUrl") is { Length: > 0 } url)
                yield return url.Trim();
        }
    }

    /// <summary>The loc of each url (urlset) or sitemap (sitemapindex), with a news:publication_date when given, streamed.</summary>
    public static IEnumerable<(string Loc, DateOnly? Published)> ReadSitemap(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Streaming());
        string? loc = null;
        DateOnly? published = null;
        // ReadElementContentAsString leaves the reader on the next node already: do not skip it.
        bool positioned = false;
        while (positioned || reader.Read())
        {
            positioned = false;
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "url" or "sitemap": loc = null; published = null; break;
                    case "loc":
                        loc = reader.ReadElementContentAsString().Trim();
                        positioned = true;
                        break;
                    case "publication_date":
                        var text = reader.ReadElementContentAsString().Trim();
                        if (InputReader.TryParseDate(text, out var d)) published = d;
                        positioned = true;
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName is "url" or "sitemap" && loc is { Length: > 0 })
            {
                yield return (loc, published);
                loc = null;
            }
        }
    }

    private static XmlReaderSettings Streaming() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Plain text of an HTML fragment, roughly: for judging whether a feed item holds the whole article.</summary>
    public static int TextLength(string? html)
    {
        if (string.IsNullOrEmpty(html)) return 0;
        return WebUtility.HtmlDecode(Tags().Replace(html, " ")).Count(c => !char.IsWhiteSpace(c));
    }

    [GeneratedRegex("<[^<>]{0,2000}>")]
    private static partial Regex Tags();

    /// <summary>A minimal page around a feed item's HTML, so the article stage finds its title and body.</summary>
    public static string WrapAsPage(FeedItem item) =>
        $"<!DOCTYPE html><html><head><title>{WebUtility.HtmlEncode(item.Title ?? string.Empty)}</title></head>" +
        $"<body><article><h1>{WebUtility.HtmlEncode(item.Title ?? string.Empty)}</h1>{item.Html}</article></body></html>";
}
