namespace Sitrep.Language.Ner;

/// <summary>
/// Word classes learned from unlabelled text: each word has a path in a binary tree of classes, so that
/// prefixes of the path are coarser classes (as Brown clusters are used by Ratinov and Roth 2009). The
/// tagger uses them to generalise from names it saw in training to names used the same way.
/// Keys are case-sensitive words with digits as '0'.
/// </summary>
public sealed class WordClusters
{
    /// <summary>Path bits from the root (first bit highest) and the path length.</summary>
    public readonly record struct Path(uint Bits, int Depth)
    {
        public uint Prefix(int length) => length >= Depth ? Bits : Bits >> (Depth - length);
        public override string ToString() => Depth == 0 ? "" : Convert.ToString(Bits, 2).PadLeft(Depth, '0');
    }

    public static readonly WordClusters Empty = new(new Dictionary<string, Path>(StringComparer.Ordinal));

    // Several clusterings ("layers", from different starting splits) share one word index: word k's path in layer l is _paths[k * Layers + l].
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Path[] _paths;

    public WordClusters(Dictionary<string, Path> paths) : this([paths]) { }

    /// <summary>One layer per dictionary; a word missing from a layer has no path there.</summary>
    public WordClusters(IReadOnlyList<IReadOnlyDictionary<string, Path>> layers)
    {
        Layers = layers.Count;
        var words = layers.SelectMany(l => l.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        _paths = new Path[words.Length * Layers];
        foreach (var word in words)
        {
            int id = _ids.Count;
            _ids[word] = id;
            for (int l = 0; l < Layers; l++) _paths[id * Layers + l] = layers[l].GetValueOrDefault(word);
        }
        _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>From a saved model: words in id order and their paths, layer by layer.</summary>
    internal WordClusters(string[] words, Path[] paths, int layers)
    {
        Layers = layers;
        _ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int k = 0; k < words.Length; k++) _ids[words[k]] = k;
        _paths = paths;
        _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _ids.Count;
    public int Layers { get; }
    /// <summary>Words with their ids, in id order.</summary>
    public IEnumerable<KeyValuePair<string, int>> Words => _ids;

    public Path PathOf(int id, int layer) => id < 0 ? default : _paths[id * Layers + layer];

    /// <summary>The word's path in a layer (digits read as '0'); Depth 0 when the word is unknown.</summary>
    public Path Find(string word, int layer = 0) => PathOf(IdOf(word), layer);

    /// <summary>The word's id (digits read as '0'), or -1.</summary>
    public int IdOf(string word)
    {
        if (word.Length > 64 || !word.AsSpan().ContainsAnyInRange('1', '9')) return _bySpan.TryGetValue(word, out int id) ? id : -1;
        Span<char> key = stackalloc char[word.Length];
        for (int k = 0; k < word.Length; k++) key[k] = word[k] is >= '0' and <= '9' ? '0' : word[k];
        return _bySpan.TryGetValue(key, out int found) ? found : -1;
    }

    public static string Key(string word)
    {
        if (!word.AsSpan().ContainsAnyInRange('1', '9')) return word;
        return string.Create(word.Length, word, (span, w) => { for (int k = 0; k < w.Length; k++) span[k] = w[k] is >= '0' and <= '9' ? '0' : w[k]; });
    }
}

/// <summary>
/// Learns <see cref="WordClusters"/> by divisive exchange clustering: every class is split in two, level by
/// level, and words move between the two halves while that raises the likelihood of a class-based
/// bigram model in both directions, P(w | class(w)) P(class(w) | neighbour) (the predictive exchange
/// objective of Uszkoreit and Brants 2008). Each move weighs only two classes, so a level costs one pass over
/// the bigram counts, and the levels give the tree of paths directly. Deterministic.
/// </summary>
public static class WordClusterTrainer
{
    /// <summary>One clustering; <paramref name="variant"/> 0 starts each split from alternating frequency ranks, others from a hash of them.</summary>
    public static Dictionary<string, WordClusters.Path> Train(IEnumerable<IReadOnlyList<string>> sentences, int minCount = 3, int depth = 12, int iterations = 4, int variant = 0, Action<string>? log = null)
    {
        // Vocabulary: frequent words by count (ties in ordinal order); rarer words share one id, sentence edges another.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var corpus = new List<string[]>();
        long tokens = 0;
        foreach (var s in sentences)
        {
            var keys = new string[s.Count];
            for (int i = 0; i < s.Count; i++)
            {
                keys[i] = WordClusters.Key(s[i]);
                counts[keys[i]] = counts.GetValueOrDefault(keys[i]) + 1;
            }
            corpus.Add(keys);
            tokens += keys.Length;
        }
        var words = counts.Where(kv => kv.Value >= minCount).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < words.Count; k++) ids[words[k]] = k;
        int rare = words.Count, edge = words.Count + 1, vocabulary = words.Count + 2;
        log?.Invoke($"clusters: {corpus.Count} sentences, {tokens} tokens, {counts.Count} distinct, {words.Count} with count >= {minCount}");

        // Bigram counts, as per-word lists of predecessors and successors.
        var bigrams = new Dictionary<long, int>();
        var frequency = new long[vocabulary];
        foreach (var s in corpus)
        {
            int prev = edge;
            frequency[edge]++;
            for (int i = 0; i <= s.Length; i++)
            {
                int w = i == s.Length ? edge : ids.TryGetValue(s[i], out int id) ? id : rare;
                if (i < s.Length) frequency[w]++;
                long key = (long)prev * vocabulary + w;
                bigrams[key] = bigrams.GetValueOrDefault(key) + 1;
                prev = w;
            }
        }
        var (predStart, pred) = Adjacency(bigrams, vocabulary, byFirst: false);
        var (succStart, succ) = Adjacency(bigrams, vocabulary, byFirst: true);

        var cls = new int[vocabulary];
        var left0 = new long[vocabulary]; var left1 = new long[vocabulary];    // N(v, half): v followed by a word of the half
        var right0 = new long[vocabulary]; var right1 = new long[vocabulary];  // N(half, v): a word of the half followed by v
        for (int level = 0; level < depth; level++)
        {
            var members = new List<int>[1 << level];
            for (int c = 0; c < members.Length; c++) members[c] = [];
            for (int w = 0; w < vocabulary; w++) members[cls[w]].Add(w);
            int moves = 0;
            foreach (var group in members)
            {
                if (group.Count == 0) continue;
                // Start from alternating halves by frequency rank (the words are in frequency order).
                var half = new bool[group.Count];
                for (int k = 0; k < group.Count; k++) half[k] = variant == 0 ? (k & 1) == 1 : ((uint)(k + 1) * 2654435761u ^ (uint)variant * 0x9E3779B9u) >> 31 == 1;
                long size0 = 0, size1 = 0;
                for (int k = 0; k < group.Count; k++)
                {
                    int w = group[k];
                    if (half[k]) size1 += frequency[w]; else size0 += frequency[w];
                    var (l, r) = half[k] ? (left1, right1) : (left0, right0);
                    for (int e = predStart[w]; e < predStart[w + 1]; e++) l[pred[e].Other] += pred[e].Count;
                    for (int e = succStart[w]; e < succStart[w + 1]; e++) r[succ[e].Other] += succ[e].Count;
                }
                for (int it = 0; it < iterations && group.Count > 1; it++)
                {
                    int moved = 0;
                    for (int k = 0; k < group.Count; k++)
                    {
                        int w = group[k];
                        bool from1 = half[k];
                        var (lf, lt) = from1 ? (left1, left0) : (left0, left1);
                        var (rf, rt) = from1 ? (right1, right0) : (right0, right1);
                        long sf = from1 ? size1 : size0, st = from1 ? size0 : size1, n = frequency[w];
                        if (sf == n) continue;  // never empty a half
                        double gain = 0;
                        for (int e = predStart[w]; e < predStart[w + 1]; e++)
                        {
                            var (v, c) = pred[e];
                            gain += XLogX(lf[v] - c) - XLogX(lf[v]) + XLogX(lt[v] + c) - XLogX(lt[v]);
                        }
                        for (int e = succStart[w]; e < succStart[w + 1]; e++)
                        {
                            var (v, c) = succ[e];
                            gain += XLogX(rf[v] - c) - XLogX(rf[v]) + XLogX(rt[v] + c) - XLogX(rt[v]);
                        }
                        gain -= 2 * (XLogX(sf - n) - XLogX(sf) + XLogX(st + n) - XLogX(st));
                        if (gain <= 1e-9) continue;
                        for (int e = predStart[w]; e < predStart[w + 1]; e++) { lf[pred[e].Other] -= pred[e].Count; lt[pred[e].Other] += pred[e].Count; }
                        for (int e = succStart[w]; e < succStart[w + 1]; e++) { rf[succ[e].Other] -= succ[e].Count; rt[succ[e].Other] += succ[e].Count; }
                        if (from1) { size1 -= n; size0 += n; } else { size0 -= n; size1 += n; }
                        half[k] = !from1;
                        moved++;
                    }
                    moves += moved;
                    if (moved == 0) break;
                }
                for (int k = 0; k < group.Count; k++)
                {
                    int w = group[k];
                    for (int e = predStart[w]; e < predStart[w + 1]; e++) left0[pred[e].Other] = left1[pred[e].Other] = 0;
                    for (int e = succStart[w]; e < succStart[w + 1]; e++) right0[succ[e].Other] = right1[succ[e].Other] = 0;
                    cls[w] = cls[w] << 1 | (half[k] ? 1 : 0);
                }
            }
            log?.Invoke($"clusters: level {level + 1}, {moves} moves");
        }
        var paths = new Dictionary<string, WordClusters.Path>(words.Count, StringComparer.Ordinal);
        for (int w = 0; w < words.Count; w++) paths[words[w]] = new WordClusters.Path((uint)cls[w], depth);
        return paths;
    }

    private static double XLogX(long x) => x <= 0 ? 0 : x * Math.Log(x);

    /// <summary>CSR lists of (other word, count) per word: successors when byFirst, else predecessors.</summary>
    private static (int[] Start, (int Other, int Count)[] Edges) Adjacency(Dictionary<long, int> bigrams, int vocabulary, bool byFirst)
    {
        var start = new int[vocabulary + 1];
        foreach (var key in bigrams.Keys) start[(byFirst ? key / vocabulary : key % vocabulary) + 1]++;
        for (int k = 0; k < vocabulary; k++) start[k + 1] += start[k];
        var fill = start[..^1].ToArray();
        var edges = new (int, int)[bigrams.Count];
        foreach (var (key, count) in bigrams.OrderBy(kv => kv.Key))
        {
            int first = (int)(key / vocabulary), second = (int)(key % vocabulary);
            int owner = byFirst ? first : second, other = byFirst ? second : first;
            edges[fill[owner]++] = (other, count);
        }
        return (start, edges);
    }
}
