namespace Sitrep.Core.Tests;

public class Fnv1aTests
{
    [Fact]
    public void Matches_the_published_FNV_1a_value_and_hashes_piece_by_piece_as_a_whole()
    {
        // FNV-1a 64 of "a" (one code unit 0x61), from the algorithm's reference test vectors.
        Assert.Equal(0xaf63dc4c8601ec8cUL, Fnv1a.Of("a"));
        Assert.Equal(Fnv1a.Of("b=<s>_attack"), Fnv1a.Add(Fnv1a.Add(Fnv1a.Add(Fnv1a.Of("b="), "<s>"), '_'), "attack"));
        Assert.NotEqual(Fnv1a.Of("ab"), Fnv1a.Of("ba"));
    }
}
