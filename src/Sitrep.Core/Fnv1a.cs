namespace Sitrep.Core;

/// <summary>
/// The 64-bit FNV-1a hash of UTF-16 text, fixed across processes and runs (string.GetHashCode is not), and
/// extendable piece by piece so that a key need not be built as a string before it is hashed.
/// </summary>
public static class Fnv1a
{
    private const ulong Offset = 14695981039346656037UL, Prime = 1099511628211UL;

    public static ulong Of(string text) => Add(Offset, text.AsSpan());

    public static ulong Of(ReadOnlySpan<char> text) => Add(Offset, text);

    public static ulong Add(ulong hash, char c) => (hash ^ c) * Prime;

    public static ulong Add(ulong hash, string text) => Add(hash, text.AsSpan());

    public static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (char c in text) hash = (hash ^ c) * Prime;
        return hash;
    }
}
