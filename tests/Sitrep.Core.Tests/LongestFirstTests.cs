using Sitrep.Core;

namespace Sitrep.Core.Tests;

public sealed class LongestFirstTests
{
    [Fact]
    public void Longer_entries_come_first_and_equals_keep_their_file_order()
    {
        string[] cues = ["reporting by", "with additional reporting by", "by", "editing by", "writing by"];
        var order = LongestFirst.Order(cues.Select(c => c.Length).ToArray());
        Assert.Equal(["with additional reporting by", "reporting by", "editing by", "writing by", "by"], order.Select(i => cues[i]));
        Assert.Equal(order.Select(i => cues[i]), LongestFirst.Sort(cues, c => c.Length));
        Assert.Empty(LongestFirst.Order([]));
    }
}
