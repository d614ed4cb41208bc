namespace Sitrep.Language.Ner;

/// <summary>
/// Read-only map from hashed feature to weight row: open addressing with linear probing, key and row
/// packed in one 64-bit slot, so a lookup touches one cache line where a Dictionary touches two or three.
/// Scoring does tens of lookups per token, and this is the tagger's hottest loop.
/// </summary>
internal sealed class FeatureIndex
{
    private readonly ulong[] _slots;
    private readonly int _shift;
    private readonly uint _mask;

    public FeatureIndex(IReadOnlyDictionary<uint, int> rows)
    {
        int bits = 4;
        while ((1L << bits) < rows.Count * 2L) bits++;
        _slots = new ulong[1 << bits];
        _shift = 32 - bits;
        _mask = (uint)_slots.Length - 1;
        foreach (var (key, row) in rows)
        {
            uint at = Home(key);
            while (_slots[at] != 0) at = (at + 1) & _mask;
            _slots[at] = ((ulong)key << 32) | (uint)(row + 1);
        }
    }

    public int Count => _slots.Length;

    private uint Home(uint key) => (key * 0x9E3779B1u) >> _shift;

    /// <summary>The weight row of <paramref name="key"/>, or -1 when the model has no such feature.</summary>
    public int Find(uint key)
    {
        var slots = _slots;
        uint at = Home(key);
        while (true)
        {
            ulong slot = slots[at];
            if (slot == 0) return -1;
            if ((uint)(slot >> 32) == key) return (int)(uint)slot - 1;
            at = (at + 1) & _mask;
        }
    }
}
