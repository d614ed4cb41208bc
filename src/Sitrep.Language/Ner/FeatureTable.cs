using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sitrep.Language.Ner;

/// <summary>
/// Read-only map from hashed feature to its label weights, for scoring. Open addressing with linear probing over
/// a compact key array (half a megabyte: it stays in cache, and most features looked up are not in the model),
/// with the weights of slot i at weights[i], so a feature the model has costs one further memory access.
/// Scoring does some fifty lookups per token, and this was the tagger's hottest loop.
/// </summary>
internal sealed class FeatureTable
{
    private const int Labels = NerFeatures.LabelCount;

    [InlineArray(Labels)]
    private struct LabelWeights
    {
        private float _first;
    }

    private readonly uint[] _keys;            // 0 = empty; key 0 itself is kept apart
    private readonly LabelWeights[] _weights;
    private LabelWeights _zeroKeyWeights;
    private bool _hasZeroKey;
    private readonly int _shift;
    private readonly uint _mask;

    public FeatureTable(IReadOnlyDictionary<uint, int> rows, float[] weights) : this(rows.Count)
    {
        foreach (var (key, row) in rows) Insert(key, weights.AsSpan(row * Labels, Labels));
    }

    /// <summary>
    /// Reads a saved model's weights (row k: label weights of keys[k] as 16-bit integers times <paramref name="scale"/>)
    /// straight into the table, with no intermediate array: loading is on the path of every command-line run.
    /// </summary>
    public static FeatureTable Read(uint[] keys, Sitrep.Core.BinaryBuffer r, float scale)
    {
        var table = new FeatureTable(keys.Length);
        Span<float> row = stackalloc float[Labels];
        foreach (uint key in keys)
        {
            for (int l = 0; l < Labels; l++) row[l] = r.ReadInt16() * scale;
            table.Insert(key, row);
        }
        return table;
    }

    /// <summary>The weights of the given keys as rows (key k owns row k), for saving a loaded model.</summary>
    public float[] Export(uint[] keys)
    {
        var weights = new float[keys.Length * Labels];
        for (int k = 0; k < keys.Length; k++) AddWeights(keys[k], weights.AsSpan(k * Labels, Labels));
        return weights;
    }

    private FeatureTable(int count)
    {
        int bits = 4;
        while ((1L << bits) * 7 < count * 10L) bits++;   // load factor at most 0.7
        _keys = new uint[1 << bits];
        _weights = new LabelWeights[1 << bits];
        _shift = 32 - bits;
        _mask = (uint)_keys.Length - 1;
    }

    private void Insert(uint key, ReadOnlySpan<float> rowWeights)
    {
        if (key == 0)
        {
            _hasZeroKey = true;
            rowWeights.CopyTo(_zeroKeyWeights);
            return;
        }
        uint at = Home(key);
        while (_keys[at] != 0) at = (at + 1) & _mask;
        _keys[at] = key;
        rowWeights.CopyTo(_weights[at]);
    }

    private uint Home(uint key) => (key * 0x9E3779B1u) >> _shift;

    /// <summary>Adds the feature's weights to the label scores; a feature the model lacks adds nothing.</summary>
    public void AddWeights(uint key, Span<float> scores)
    {
        if (key == 0)
        {
            if (_hasZeroKey) Add(_zeroKeyWeights, scores);
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
                Add(_weights[at], scores);
                return;
            }
            at = (at + 1) & _mask;
        }
    }

    private static void Add(ReadOnlySpan<float> weights, Span<float> scores)
    {
        // Each label's sum keeps its order, so the vector path gives the same floats as the loop.
        int l = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; l + Vector256<float>.Count <= Labels; l += Vector256<float>.Count)
            {
                var sum = Vector256.Create(scores[l..]) + Vector256.Create(weights[l..]);
                sum.CopyTo(scores[l..]);
            }
        for (; l < Labels; l++) scores[l] += weights[l];
    }
}
