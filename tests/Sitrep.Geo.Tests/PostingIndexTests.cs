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
            w.Write(keys.Length);
            foreach (var (key, ids) in keys)
            {
                w.Write(key);
                w.Write(ids.Length);
                foreach (int id in ids) w.Write(id);
            }
            w.Write(12345); // what follows the section must be where the reader stops
        }
        return new BinaryBuffer(stream.ToArray());
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
        Assert.ThrowsAny<IOException>(() => index.ReadBase(new BinaryBuffer(bytes[..12])));
    }
}
