using System.Text;

namespace Sitrep.Extraction;

/// <summary>
/// Flattens pathologically deep markup before parsing. The HTML5 tree builder checks element scope by
/// walking the stack of open elements, so 100,000 nested divs cost quadratic time; tags past a depth
/// limit are dropped (their text is kept).
/// </summary>
internal static class HtmlNestingLimiter
{
    private static readonly HashSet<string> _notNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rp", "rt", "!doctype",
    };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _notNestingBySpan = _notNesting.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Limit(string html, int maxDepth)
    {
        // The scope walks cost at most tags × depth: a page with few tags cannot be slow, whatever its nesting
        // (and the parser caps the tree's depth itself). Counting '<' is far cheaper than reading the tags.
        if (html.AsSpan().Count('<') <= maxDepth * 4) return html;
        if (MaxDepth(html, maxDepth) <= maxDepth) return html;
        var sb = new StringBuilder(html.Length);
        int depth = 0, copied = 0;
        foreach (var (start, end, nameStart, nameLength, closing, selfClosing) in Tags(html))
        {
            if (selfClosing || _notNestingBySpan.Contains(html.AsSpan(nameStart, nameLength))) continue;
            bool drop = closing ? depth-- > maxDepth : ++depth > maxDepth;
            if (!drop) continue;
            sb.Append(html, copied, start - copied);
            copied = end;
        }
        sb.Append(html, copied, html.Length - copied);
        return sb.ToString();
    }

    private static int MaxDepth(string html, int stopAbove)
    {
        int depth = 0, max = 0;
        foreach (var (_, _, nameStart, nameLength, closing, selfClosing) in Tags(html))
        {
            if (selfClosing || _notNestingBySpan.Contains(html.AsSpan(nameStart, nameLength))) continue;
            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            max = Math.Max(max, depth);
            if (max > stopAbove) break;
        }
        return max;
    }

    /// <summary>Tags in source order; skips comments and the bodies of script, style and textarea.</summary>
    private static IEnumerable<(int Start, int End, int NameStart, int NameLength, bool Closing, bool SelfClosing)> Tags(string html)
    {
        int i = 0;
        while (i < html.Length)
        {
            int lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length) yield break;
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                int endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                if (endComment < 0) yield break;
                i = endComment + 3;
                continue;
            }
            bool closing = html[lt + 1] == '/';
            int nameStart = lt + (closing ? 2 : 1);
            int nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsLetterOrDigit(html[nameEnd]) || html[nameEnd] is '!' or '-')) nameEnd++;
            if (nameEnd == nameStart)
            {
                i = lt + 1;
                continue;
            }
            int gt = html.IndexOf('>', nameEnd);
            if (gt < 0) yield break;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            bool rawText = !closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase) || name.Equals("textarea", StringComparison.OrdinalIgnoreCase));
            yield return (lt, gt + 1, nameStart, nameEnd - nameStart, closing, html[gt - 1] == '/');
            i = gt + 1;
            if (rawText)
            {
                int close = html.IndexOf("</" + html[nameStart..nameEnd], i, StringComparison.OrdinalIgnoreCase);
                if (close < 0) yield break;
                i = close;
            }
        }
    }
}
