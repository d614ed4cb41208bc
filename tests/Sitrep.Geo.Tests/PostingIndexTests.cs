using System.Text;
using Sitrep.Core;
using Sitrep.Geo;

namespace Sitrep.Geo.Tests;

public sealed class PostingIndexTests
{
    private static BinaryBuffer Written(params (string Key, int[] Ids)[] keys)
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(-1);   // the section need not start the buffer
            PostingIndex.WriteBase(w, keys);
            w.Write(12345); // what follows the section must be where the reader stops
        }
        var buffer = new BinaryBuffer(stream.ToArray());
        Assert.Equal(-1, buffer.ReadInt32());
        return buffer;
    }

    [Fact]
    public void Base_keys_are_found_in_place_and_the_reader_stops_after_them()
    {
        var buffer = Written(("aleppo", [7, 9]), ("al foua", [3]), ("münchen", [11]));
        var index = new PostingIndex();
        index.ReadBase(buffer);

        Assert.Equal(12345, buffer.ReadInt32());
        Assert.True(index.TryGetValue("aleppo", out var ids));
        Assert.Equal([7, 9], ids);
        Assert.True(index.TryGetValue("münchen", out ids));
        Assert.Equal([11], ids);
        Assert.False(index.TryGetValue("alepp", out ids));
        Assert.Empty(ids);
        Assert.Equal(["al"], index.FirstWordsOfPhrases());
    }

    [Fact]
    public void Added_entries_extend_a_base_key_once_and_new_keys_join()
    {
        var index = new PostingIndex();
        index.ReadBase(Written(("aleppo", [7])));
        index.Add("aleppo", 8);
        index.Add("aleppo", 8);
        index.Add("aleppo", 7);
        index.Add("kefraya", 4);

        Assert.True(index.TryGetValue("aleppo", out var ids));
        Assert.Equal([7, 8], ids);
        Assert.True(index.TryGetValue("kefraya", out ids));
        Assert.Equal([4], ids);
        Assert.Equal([("aleppo", [7, 8]), ("kefraya", new[] { 4 })],
            index.Entries().OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Ids)).ToArray());
    }

    [Fact]
    public void A_truncated_index_is_an_error_not_a_partial_gazetteer()
    {
        var bytes = Written(("aleppo", [7, 9])).Bytes;
        var index = new PostingIndex();
        Assert.ThrowsAny<IOException>(() => index.ReadBase(new BinaryBuffer(bytes[4..16])));
    }

    [Fact]
    public void A_table_entry_outside_the_records_is_an_error()
    {
        var bytes = Written(("aleppo", [7, 9])).Bytes;
        int recordBytes = BitConverter.ToInt32(bytes, 8);
        int firstSlot = 4 + 8 + recordBytes + 4;
        BitConverter.GetBytes(recordBytes + 5).CopyTo(bytes, firstSlot);
        var buffer = new BinaryBuffer(bytes);
        buffer.ReadInt32();
        Assert.Throws<InvalidDataException>(() => new PostingIndex().ReadBase(buffer));
    }

    [Fact]
    public void Many_keys_round_trip_through_the_stored_table()
    {
        var keys = Enumerable.Range(0, 5000).Select(i => ($"place {i}", new[] { i, i + 1 })).ToArray();
        var index = new PostingIndex();
        index.ReadBase(Written(keys));
        foreach (var (key, ids) in keys)
        {
            Assert.True(index.TryGetValue(key, out var found));
            Assert.Equal(ids, found);
        }
        Assert.False(index.TryGetValue("place 5000", out _));
        Assert.Equal(["place"], index.FirstWordsOfPhrases());
        Assert.Equal(5000, index.Entries().Count());
    }
}
