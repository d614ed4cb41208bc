using System.Buffers.Binary;
using System.Text;
using Sitrep.Core;

namespace Sitrep.Geo;

/// <summary>
/// Lookup keys to gazetteer entry numbers. The base keys stay in the cached index file's bytes, found through an
/// open-addressing table of record offsets: no string or array per key, where half a million of each made reading
/// the index the slowest part of start-up. Keys added afterwards (the builder, imported layers) go to an overlay
/// that supersedes the base for its keys.
/// </summary>
internal sealed class PostingIndex
{
    private byte[] _blob = [];
    private int[] _slots = [];          // record offset + 1 in _blob; 0 = empty
    private int _baseCount;
    private readonly Dictionary<string, int[]> _overlay = new(StringComparer.Ordinal);
    private readonly HashSet<string> _baseFirstWords = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes the base section: the key records, then the open-addressing table over them and the first words of
    /// phrases. Reading it back is then a copy, where hashing half a million keys at every start had cost 35 ms.
    /// </summary>
    public static void WriteBase(BinaryWriter w, IReadOnlyList<(string Key, int[] Ids)> keys)
    {
        var records = new MemoryStream();
        var offsets = new int[keys.Count];
        using (var rw = new BinaryWriter(records, Encoding.UTF8, leaveOpen: true))
        {
            for (int k = 0; k < keys.Count; k++)
            {
                offsets[k] = (int)records.Position;
                WriteRecord(rw, keys[k].Key, keys[k].Ids);
            }
        }
        var blob = records.ToArray();
        var slots = new int[SlotCount(keys.Count)];
        var firstWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (int record in offsets)
        {
            var (start, length) = KeyRange(blob, record);
            var keyBytes = blob.AsSpan(start, length);
            int slot = Home(keyBytes, slots.Length);
            while (slots[slot] != 0) slot = (slot + 1) & (slots.Length - 1);
            slots[slot] = record + 1;
            int space = keyBytes.IndexOf((byte)' ');
            if (space > 0) firstWords.Add(Encoding.UTF8.GetString(keyBytes[..space]));
        }
        w.Write(keys.Count);
        w.Write(blob.Length);
        w.Write(blob);
        w.Write(slots.Length);
        foreach (int slot in slots) w.Write(slot);
        w.Write(firstWords.Count);
        foreach (var word in firstWords) w.Write(word);
    }

    /// <summary>One key's record: the key, then its entry numbers. Layer files list the same records without the table.</summary>
    public static void WriteRecord(BinaryWriter w, string key, int[] ids)
    {
        w.Write(key);
        w.Write(ids.Length);
        foreach (int id in ids) w.Write(id);
    }

    /// <summary>Takes the section <see cref="WriteBase"/> wrote at the buffer's position, in place, and moves past it.</summary>
    public void ReadBase(BinaryBuffer r)
    {
        int keys = r.ReadInt32();
        if (keys < 0 || keys > 100_000_000) throw new InvalidDataException("Corrupt gazetteer index.");
        int recordBytes = r.ReadInt32();
        if (recordBytes < 0) throw new InvalidDataException("Corrupt gazetteer index.");
        int sectionStart = r.Position;
        r.Skip(recordBytes);
        int slotCount = r.ReadInt32();
        if (slotCount != SlotCount(keys)) throw new InvalidDataException("Corrupt gazetteer index.");
        var slots = new int[slotCount];
        for (int i = 0; i < slots.Length; i++)
        {
            int value = r.ReadInt32();
            if (value < 0 || value > recordBytes) throw new InvalidDataException("Corrupt gazetteer index.");
            // Stored relative to the section (record offset + 1); kept as an offset into the whole buffer.
            slots[i] = value == 0 ? 0 : sectionStart + value;
        }
        int words = r.ReadInt32();
        if (words < 0 || words > keys) throw new InvalidDataException("Corrupt gazetteer index.");
        for (int i = 0; i < words; i++) _baseFirstWords.Add(r.ReadString());
        _blob = r.Bytes;
        _slots = slots;
        _baseCount = keys;
    }

    private static int SlotCount(int keys)
    {
        int capacity = 16;
        while (capacity < keys * 2) capacity <<= 1;
        return capacity;
    }

    public bool TryGetValue(string key, out int[] ids)
    {
        if (_overlay.TryGetValue(key, out ids!)) return true;
        int record = FindBase(key);
        if (record < 0)
        {
            ids = [];
            return false;
        }
        ids = IdsAt(record);
        return true;
    }

    /// <summary>Adds an entry under a key (once).</summary>
    public void Add(string key, int entry)
    {
        if (key.Length == 0) return;
        if (!_overlay.TryGetValue(key, out var ids))
        {
            int record = FindBase(key);
            ids = record < 0 ? [] : IdsAt(record);
        }
        if (Array.IndexOf(ids, entry) >= 0)
        {
            _overlay.TryAdd(key, ids);
            return;
        }
        Array.Resize(ref ids, ids.Length + 1);
        ids[^1] = entry;
        _overlay[key] = ids;
    }

    /// <summary>Every key with its entries, the overlay's version where it has one.</summary>
    public IEnumerable<(string Key, int[] Ids)> Entries()
    {
        foreach (int slot in _slots)
        {
            if (slot == 0) continue;
            string key = Encoding.UTF8.GetString(KeyOf(slot - 1));
            if (!_overlay.ContainsKey(key)) yield return (key, IdsAt(slot - 1));
        }
        foreach (var (key, ids) in _overlay) yield return (key, ids);
    }

    /// <summary>The first word of every key of several words.</summary>
    public IEnumerable<string> FirstWordsOfPhrases()
    {
        foreach (var word in _baseFirstWords) yield return word;
        foreach (var key in _overlay.Keys)
        {
            int space = key.IndexOf(' ');
            if (space > 0) yield return key[..space];
        }
    }

    private int FindBase(string key)
    {
        if (_baseCount == 0) return -1;
        int max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var keyBytes = buffer[..Encoding.UTF8.GetBytes(key, buffer)];
        int slot = Home(keyBytes, _slots.Length);
        while (_slots[slot] != 0)
        {
            int record = _slots[slot] - 1;
            if (KeyOf(record).SequenceEqual(keyBytes)) return record;
            slot = (slot + 1) & (_slots.Length - 1);
        }
        return -1;
    }

    private ReadOnlySpan<byte> KeyOf(int record)
    {
        var (start, length) = KeyRange(_blob, record);
        return _blob.AsSpan(start, length);
    }

    /// <summary>Where a record's key bytes are: after their 7-bit encoded length.</summary>
    private static (int Start, int Length) KeyRange(byte[] blob, int record)
    {
        int length = 0, shift = 0, at = record;
        byte b;
        do
        {
            b = blob[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return (at, length);
    }

    private int[] IdsAt(int record)
    {
        var (start, length) = KeyRange(_blob, record);
        var postings = _blob.AsSpan(start + length);
        var ids = new int[BinaryPrimitives.ReadInt32LittleEndian(postings)];
        for (int i = 0; i < ids.Length; i++) ids[i] = BinaryPrimitives.ReadInt32LittleEndian(postings[(4 + 4 * i)..]);
        return ids;
    }

    private static int Home(ReadOnlySpan<byte> key, int slotCount)
    {
        // FNV-1a: stable (the table is stored in the index file), and enough spread for the linear probe.
        uint h = 2166136261;
        foreach (byte b in key) h = (h ^ b) * 16777619;
        h ^= h >> 15;
        return (int)(h & (uint)(slotCount - 1));
    }
}
