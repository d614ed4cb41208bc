using System.Text;
using Sitrep.Core;
using Sitrep.Geo;

namespace Sitrep.Geo.Tests;

public sealed class NameColumnTests
{
    [Fact]
    public void Encoded_names_decode_on_demand_and_set_names_stay_as_given()
    {
        var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("Aleppo");
            w.Write("Kafr Nubl");
            w.Write("München");
        }
        var bytes = stream.ToArray();
        var buffer = new BinaryBuffer(bytes);
        var offsets = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            offsets.Add(buffer.Position);
            buffer.SkipString();
        }

        var names = new NameColumn();
        names.Resize(4);
        for (int i = 0; i < 3; i++) names.SetEncoded(i, bytes, offsets[i]);
        names[3] = "al-Foua";

        Assert.Equal(["Aleppo", "Kafr Nubl", "München", "al-Foua"], Enumerable.Range(0, 4).Select(i => names[i]));
        Assert.Same(names[2], names[2]);
        Assert.Throws<InvalidOperationException>(() => names.SetEncoded(0, [0], 0));
    }
}
