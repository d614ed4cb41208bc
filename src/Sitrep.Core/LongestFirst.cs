namespace Sitrep.Core;

/// <summary>
/// Longer entries first, file order kept among equals (as a stable OrderByDescending). Lexicon loaders sort lists
/// of tuples this way; sorting positions, not the tuples, spares the start-up the compilation of LINQ's sorter for
/// each tuple type.
/// </summary>
public static class LongestFirst
{
    public static List<T> Sort<T>(IReadOnlyList<T> items, Func<T, int> length)
    {
        var lengths = new int[items.Count];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = length(items[i]);
        var sorted = new List<T>(items.Count);
        foreach (int i in Order(lengths)) sorted.Add(items[i]);
        return sorted;
    }

    public static int[] Order(IReadOnlyList<int> lengths)
    {
        var order = new int[lengths.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => lengths[a] != lengths[b] ? lengths[b].CompareTo(lengths[a]) : a.CompareTo(b));
        return order;
    }
}
