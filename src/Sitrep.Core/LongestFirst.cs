namespace Sitrep.Core;

/// <summary>
/// The order that puts longer entries first and keeps file order among equals (as a stable OrderByDescending).
/// Lexicon loaders sort lists of tuples this way; sorting positions, not the tuples, spares the start-up the
/// compilation of LINQ's sorter for each tuple type.
/// </summary>
public static class LongestFirst
{
    public static int[] Order(IReadOnlyList<int> lengths)
    {
        var order = new int[lengths.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => lengths[a] != lengths[b] ? lengths[b].CompareTo(lengths[a]) : a.CompareTo(b));
        return order;
    }
}
