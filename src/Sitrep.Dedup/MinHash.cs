using System.Runtime.Intrinsics;

namespace Sitrep.Dedup;

/// <summary>
/// MinHash signatures over word shingles, with locality-sensitive hashing bands, to find
/// syndicated copies and near-duplicate articles (Broder 1997). Two texts whose signatures share a
/// band are candidates; they are near-duplicates when the signatures agree on at least
/// <see cref="Threshold"/> of their positions (an estimate of the shingles' Jaccard similarity).
/// Hand-written: no maintained .NET MinHash package is available here.
/// </summary>
public static class MinHash
{
    /// <summary>Words per shingle.</summary>
    public const int ShingleWords = 4;

    /// <summary>Hash functions in a signature.</summary>
    public const int Size = 128;

    /// <summary>LSH bands of <see cref="RowsPerBand"/> positions: pairs with Jaccard 0.5 share a band with probability 0.87, with 0.8 almost surely.</summary>
    public const int Bands = 32;

    public const int RowsPerBand = Size / Bands;

    /// <summary>Estimated Jaccard similarity from which two articles are near-duplicates.</summary>
    public const double Threshold = 0.5;

    /// <summary>A text longer than this is shingled on its first part only: bounded time on huge pages.</summary>
    public const int MaxCharacters = 200_000;

    private static readonly ulong[] Seeds = CreateSeeds();

    /// <summary>The signature of <paramref name="text"/>, or null when it has no word.</summary>
    public static uint[]? Signature(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = WordHashes(text.AsSpan(0, Math.Min(text.Length, MaxCharacters)));
        if (words.Count == 0) return null;

        var minima = new ulong[Size];
        Array.Fill(minima, ulong.MaxValue);
        int shingles = Math.Max(1, words.Count - ShingleWords + 1);
        for (int s = 0; s < shingles; s++)
        {
            ulong shingle = 0x9E3779B97F4A7C15UL;
            for (int w = s; w < Math.Min(words.Count, s + ShingleWords); w++)
                shingle = Mix(shingle ^ words[w]);
            MinimiseOver(shingle, minima);
        }
        var signature = new uint[Size];
        for (int i = 0; i < Size; i++) signature[i] = (uint)(minima[i] >> 32);
        return signature;
    }

    /// <summary>The share of positions on which two signatures agree: an estimate of Jaccard similarity.</summary>
    public static double Similarity(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length != Size || b.Length != Size) return 0;
        int same = 0;
        for (int i = 0; i < Size; i++)
            if (a[i] == b[i]) same++;
        return same / (double)Size;
    }

    public static bool AreNearDuplicates(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b) => Similarity(a, b) >= Threshold;

    /// <summary>One key per band: texts sharing a key are candidate near-duplicates. Keys include the band number.</summary>
    public static long[] BandKeys(ReadOnlySpan<uint> signature)
    {
        if (signature.Length != Size) throw new ArgumentException($"A signature has {Size} values.", nameof(signature));
        var keys = new long[Bands];
        for (int b = 0; b < Bands; b++)
        {
            ulong h = Mix((ulong)b + 0x5851F42D4C957F2DUL);
            for (int r = 0; r < RowsPerBand; r++) h = Mix(h ^ signature[b * RowsPerBand + r]);
            keys[b] = (long)h;
        }
        return keys;
    }

    public static byte[] ToBytes(ReadOnlySpan<uint> signature)
    {
        var bytes = new byte[signature.Length * 4];
        for (int i = 0; i < signature.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), signature[i]);
        return bytes;
    }

    public static uint[]? FromBytes(byte[]? bytes)
    {
        if (bytes is null || bytes.Length != Size * 4) return null;
        var signature = new uint[Size];
        for (int i = 0; i < Size; i++)
            signature[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        return signature;
    }

    /// <summary>A 64-bit hash per word (letters and digits, case-folded); punctuation and spacing are ignored.</summary>
    private static List<ulong> WordHashes(ReadOnlySpan<char> text)
    {
        var words = new List<ulong>(text.Length / 6);
        ulong h = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord) h = 0xCBF29CE484222325UL;
                inWord = true;
                h = (h ^ char.ToLowerInvariant(c)) * 0x100000001B3UL;
            }
            else if (inWord)
            {
                words.Add(Mix(h));
                inWord = false;
            }
        }
        if (inWord) words.Add(Mix(h));
        return words;
    }

    /// <summary>minima[i] = min(minima[i], Mix(shingle ^ Seeds[i])) for every hash function, four at a time where the CPU can.</summary>
    private static void MinimiseOver(ulong shingle, ulong[] minima)
    {
        var seeds = Seeds;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var broadcast = Vector256.Create(shingle);
            for (; i + Vector256<ulong>.Count <= Size; i += Vector256<ulong>.Count)
            {
                var h = Mix(broadcast ^ Vector256.Create(seeds.AsSpan(i, Vector256<ulong>.Count)));
                Vector256.Min(Vector256.Create(minima.AsSpan(i, Vector256<ulong>.Count)), h).CopyTo(minima.AsSpan(i));
            }
        }
        for (; i < Size; i++)
        {
            ulong h = Mix(shingle ^ seeds[i]);
            if (h < minima[i]) minima[i] = h;
        }
    }

    private static Vector256<ulong> Mix(Vector256<ulong> x)
    {
        x = (x ^ Vector256.ShiftRightLogical(x, 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ Vector256.ShiftRightLogical(x, 27)) * 0x94D049BB133111EBUL;
        return x ^ Vector256.ShiftRightLogical(x, 31);
    }

    /// <summary>SplitMix64's finaliser: a fast, well-mixed 64-bit permutation.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] CreateSeeds()
    {
        // Fixed seeds: signatures must be identical across runs and machines.
        var seeds = new ulong[Size];
        ulong state = 0x243F6A8885A308D3UL;
        for (int i = 0; i < Size; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state) | 1UL;
        }
        return seeds;
    }
}
