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

    /// <summary>Indexes the key records at the buffer's position, as WriteKeys wrote them, and moves past them.</summary>
    public void ReadBase(BinaryBuffer r)
    {
        int keys = r.ReadInt32();
        if (keys < 0 || keys > 100_000_000) throw new InvalidDataException("Corrupt gazetteer index.");
        _blob = r.Bytes;
        int capacity = 16;
        while (capacity < keys * 2) capacity <<= 1;
        _slots = new int[capacity];
        var firstWords = _baseFirstWords.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int k = 0; k < keys; k++)
        {
            int record = r.Position;
            int length = r.Read7BitEncodedInt();
            int keyStart = r.Position;
            r.Skip(length);
            int n = r.ReadInt32();
            if (n < 0 || n > 10_000_000) throw new InvalidDataException("Corrupt gazetteer index.");
            r.Skip(n * sizeof(int));
            var keyBytes = _blob.AsSpan(keyStart, length);
            NoteFirstWord(keyBytes, firstWords);
            // The writer wrote each key once (from a dictionary): no need to compare keys while placing them.
            int slot = Home(keyBytes);
            while (_slots[slot] != 0) slot = (slot + 1) & (_slots.Length - 1);
            _slots[slot] = record + 1;
        }
        _baseCount = keys;
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

    /// <summary>Collected while the base is read, without a string per key: most first words repeat ("al", "san", "new").</summary>
    private static void NoteFirstWord(ReadOnlySpan<byte> key, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> firstWords)
    {
        int space = key.IndexOf((byte)' ');
        if (space <= 0) return;
        var word = key[..space];
        Span<char> chars = stackalloc char[Math.Min(word.Length, 256)];
        if (word.Length > chars.Length)
        {
            firstWords.Add(Encoding.UTF8.GetString(word).AsSpan());
            return;
        }
        firstWords.Add(chars[..Encoding.UTF8.GetChars(word, chars)]);
    }

    private int FindBase(string key)
    {
        if (_baseCount == 0) return -1;
        int max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var keyBytes = buffer[..Encoding.UTF8.GetBytes(key, buffer)];
        int slot = Home(keyBytes);
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
        var (start, length) = KeyRange(record);
        return _blob.AsSpan(start, length);
    }

    /// <summary>Where a record's key bytes are: after their 7-bit encoded length.</summary>
    private (int Start, int Length) KeyRange(int record)
    {
        int length = 0, shift = 0, at = record;
        byte b;
        do
        {
            b = _blob[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return (at, length);
    }

    private int[] IdsAt(int record)
    {
        var (start, length) = KeyRange(record);
        var postings = _blob.AsSpan(start + length);
        var ids = new int[BinaryPrimitives.ReadInt32LittleEndian(postings)];
        for (int i = 0; i < ids.Length; i++) ids[i] = BinaryPrimitives.ReadInt32LittleEndian(postings[(4 + 4 * i)..]);
        return ids;
    }

    private int Home(ReadOnlySpan<byte> key)
    {
        // FNV-1a: stable, and enough spread for the linear probe.
        uint h = 2166136261;
        foreach (byte b in key) h = (h ^ b) * 16777619;
        h ^= h >> 15;
        return (int)(h & (uint)(_slots.Length - 1));
    }
}
