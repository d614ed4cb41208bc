using System.Buffers;
using AngleSharp.Dom;

namespace Sitrep.Extraction;

/// <summary>
/// Elements in document order that satisfy a predicate, walked lazily and without allocating: a caller that
/// takes the first few stops the walk. QuerySelectorAll matches the whole tree against every alternative of a
/// selector first, and case-insensitive class selectors made that the dearest part of reading metadata.
/// </summary>
internal static class ElementScan
{
    public static IEnumerable<IElement> Where(IDocument document, Func<IElement, bool> match)
    {
        var root = document.DocumentElement;
        var e = root;
        while (e is not null)
        {
            if (match(e)) yield return e;
            if (e.FirstElementChild is { } child)
            {
                e = child;
                continue;
            }
            while (e is not null && e != root && e.NextElementSibling is null) e = e.ParentElement;
            e = e is null || e == root ? null : e.NextElementSibling;
        }
    }

    public static IEnumerable<IElement> Named(IDocument document, string localName) =>
        Where(document, e => e.LocalName == localName);

    /// <summary>Like the selector [attribute*='needle' i] for any of the needles.</summary>
    public static bool AttributeContainsAny(IElement e, string attribute, SearchValues<string> needles) =>
        e.GetAttribute(attribute) is { } value && value.AsSpan().IndexOfAny(needles) >= 0;

    public static SearchValues<string> Needles(params string[] needles) => SearchValues.Create(needles, StringComparison.OrdinalIgnoreCase);
}
