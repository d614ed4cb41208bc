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
        if (document.DocumentElement is not { } root) yield break;
        if (match(root)) yield return root;
        // Child lists by index: AngleSharp's NextElementSibling scans the parent's children, quadratic on wide pages.
        var stack = new Stack<(INodeList Children, int Next)>();
        stack.Push((root.ChildNodes, 0));
        while (stack.Count > 0)
        {
            var (children, next) = stack.Pop();
            for (int i = next; i < children.Length; i++)
            {
                if (children[i] is not IElement element) continue;
                stack.Push((children, i + 1));
                stack.Push((element.ChildNodes, 0));
                if (match(element)) yield return element;
                break;
            }
        }
    }

    /// <summary>Every element in document order, for a reader that asks many questions of a page it does not change.</summary>
    public static List<IElement> All(IDocument document) => [.. Where(document, static _ => true)];

    /// <summary>Like the selector [attribute*='needle' i] for any of the needles.</summary>
    public static bool AttributeContainsAny(IElement e, string attribute, SearchValues<string> needles) =>
        e.GetAttribute(attribute) is { } value && value.AsSpan().IndexOfAny(needles) >= 0;

    public static SearchValues<string> Needles(params string[] needles) => SearchValues.Create(needles, StringComparison.OrdinalIgnoreCase);
}
