using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sitrep.Language.Ner;

/// <summary>
/// Read-only map from hashed feature to its label weights, for scoring. Open addressing with linear probing over
/// a compact key array (most features looked up are not in the model, and this array stays in cache); a key found
/// at slot i owns row rows[i] of a dense matrix of 16-bit weights (the model file's own quantisation), so the whole
/// table is a quarter of what float rows in slot order took, and a hit costs one or two cache lines.
/// Scoring does some eighty lookups per token, and this is the tagger's hottest loop.
/// </summary>
internal sealed class FeatureTable
{
    private const int Labels = NerFeatures.LabelCount;

    private readonly uint[] _keys;            // 0 = empty; key 0 itself is kept apart
    private readonly int[] _rows;
    private readonly short[] _weights;        // row r: _weights[r * Labels .. + Labels]
    private int _zeroKeyRow = -1;
    private int _count;
    private readonly int _shift;
    private readonly uint _mask;

    /// <summary>Each weight is an integer times this.</summary>
    public float Scale { get; }

    /// <summary>Quantises trained weights (row k of <paramref name="weights"/> belongs to the key mapped to k) against the largest one.</summary>
    public FeatureTable(IReadOnlyDictionary<uint, int> rows, float[] weights) : this(rows.Count, ScaleOf(weights.AsSpan(0, rows.Count * Labels)))
    {
        Span<short> row = stackalloc short[Labels];
        foreach (var (key, at) in rows)
        {
            for (int l = 0; l < Labels; l++) row[l] = Quantise(weights[at * Labels + l], Scale);
            Insert(key, row);
        }
    }

    /// <summary>
    /// Reads a saved model's weights (row k: label weights of keys[k] as 16-bit integers times <paramref name="scale"/>)
    /// straight into the table: loading is on the path of every command-line run.
    /// </summary>
    public static FeatureTable Read(uint[] keys, Sitrep.Core.BinaryBuffer r, float scale)
    {
        var table = new FeatureTable(keys.Length, scale);
        Span<short> row = stackalloc short[Labels];
        foreach (uint key in keys)
        {
            for (int l = 0; l < Labels; l++) row[l] = r.ReadInt16();
            table.Insert(key, row);
        }
        return table;
    }

    public static float ScaleOf(ReadOnlySpan<float> weights)
    {
        float max = 1e-9f;
        foreach (float v in weights) max = Math.Max(max, Math.Abs(v));
        return max / short.MaxValue;
    }

    public static short Quantise(float weight, float scale) => (short)Math.Round(weight / scale);

    /// <summary>The weights of the given keys as rows (key k owns row k), for saving a loaded model.</summary>
    public float[] Export(uint[] keys)
    {
        var weights = new float[keys.Length * Labels];
        Span<int> sums = stackalloc int[Labels];
        for (int k = 0; k < keys.Length; k++)
        {
            sums.Clear();
            AddWeights(keys[k], sums);
            for (int l = 0; l < Labels; l++) weights[k * Labels + l] = sums[l] * Scale;
        }
        return weights;
    }

    private FeatureTable(int count, float scale)
    {
        int bits = 4;
        while ((1L << bits) * 7 < count * 10L) bits++;   // load factor at most 0.7
        _keys = new uint[1 << bits];
        _rows = new int[1 << bits];
        _weights = new short[count * Labels];
        _shift = 32 - bits;
        _mask = (uint)_keys.Length - 1;
        Scale = scale;
    }

    private void Insert(uint key, ReadOnlySpan<short> rowWeights)
    {
        int row = _count++;
        rowWeights.CopyTo(_weights.AsSpan(row * Labels, Labels));
        if (key == 0)
        {
            _zeroKeyRow = row;
            return;
        }
        uint at = Home(key);
        while (_keys[at] != 0) at = (at + 1) & _mask;
        _keys[at] = key;
        _rows[at] = row;
    }

    private uint Home(uint key) => (key * 0x9E3779B1u) >> _shift;

    /// <summary>Adds the feature's integer weights to the label sums; a feature the model lacks adds nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddWeights(uint key, Span<int> sums)
    {
        if (key == 0)
        {
            if (_zeroKeyRow >= 0) Add(_zeroKeyRow, sums);
            return;
        }
        var keys = _keys;
        uint at = Home(key);
        while (true)
        {
            uint found = keys[at];
            if (found == 0) return;
            if (found == key)
            {
                Add(_rows[at], sums);
                return;
            }
            at = (at + 1) & _mask;
        }
    }

    private void Add(int row, Span<int> sums) => Add(_weights.AsSpan(row * Labels, Labels), sums);

    private static void Add(ReadOnlySpan<short> weights, Span<int> sums)
    {
        int l = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; l + Vector256<short>.Count <= Labels; l += Vector256<short>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Create(weights[l..]));
                (Vector256.Create(sums[l..]) + lower).CopyTo(sums[l..]);
                (Vector256.Create(sums[(l + Vector256<int>.Count)..]) + upper).CopyTo(sums[(l + Vector256<int>.Count)..]);
            }
        for (; l < Labels; l++) sums[l] += weights[l];
    }

    /// <summary>Adds one row of label sums to another.</summary>
    public static void Add(ReadOnlySpan<int> row, Span<int> sums)
    {
        int l = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; l + Vector256<int>.Count <= Labels; l += Vector256<int>.Count)
                (Vector256.Create(sums[l..]) + Vector256.Create(row[l..])).CopyTo(sums[l..]);
        for (; l < Labels; l++) sums[l] += row[l];
    }
}
