using System.Runtime.CompilerServices;

namespace Sitrep.Language.Ner;

/// <summary>
/// Feature extraction for the NER tagger. Features are 32-bit hashes of (template, values) so that
/// run time allocates nothing per feature; the hash is a fixed FNV-1a, stable across processes.
/// </summary>
internal static class NerFeatures
{
    // BILOU labels (Begin, Inside, Last, Unit per type): Ratinov and Roth 2009 found them better than BIO.
    public const int LabelCount = 17;
    public static readonly string[] Labels =
        ["O", "B-PER", "I-PER", "L-PER", "U-PER", "B-ORG", "I-ORG", "L-ORG", "U-ORG", "B-LOC", "I-LOC", "L-LOC", "U-LOC", "B-MISC", "I-MISC", "L-MISC", "U-MISC"];
    public static readonly string[] Types = ["PER", "ORG", "LOC", "MISC"];
    private const int Begin = 0, Inside = 1, Last = 2, Unit = 3;

    /// <summary>0 for O, else 1 + type index.</summary>
    public static int TypeOf(int label) => label == 0 ? 0 : (label + 3) / 4;
    private static int Part(int label) => (label - 1) % 4;
    private static int Label(int type, int part) => 1 + 4 * (type - 1) + part;
    /// <summary>Begin or Inside: the name goes on at the next token.</summary>
    public static bool Continues(int label) => label != 0 && Part(label) is Begin or Inside;
    // Inside and Last only continue a name of their type; a name that began may still stop anywhere (read as ending
    // there), so that one early Begin cannot drag the name on through the rest of the sentence under greedy decoding.
    public static bool Allowed(int prev, int label) =>
        label == 0 || Part(label) is Begin or Unit || Continues(prev) && TypeOf(label) == TypeOf(prev);

    public static string ToBio(int label) => label == 0 ? "O" : (Part(label) is Begin or Unit ? "B-" : "I-") + Types[TypeOf(label) - 1];

    /// <summary>BILOU label ids of a BIO sequence (unknown tags read as O).</summary>
    public static int[] FromBio(IReadOnlyList<string> bio)
    {
        var ids = new int[bio.Count];
        for (int i = 0; i < bio.Count; i++)
        {
            int type = bio[i].Length > 2 ? Array.IndexOf(Types, bio[i][2..]) + 1 : 0;
            if (type == 0) continue;
            bool begins = bio[i][0] != 'I' || i == 0 || !bio[i - 1].EndsWith(Types[type - 1], StringComparison.Ordinal) || bio[i - 1] == "O";
            bool ends = i + 1 == bio.Count || bio[i + 1] != "I-" + Types[type - 1];
            ids[i] = Label(type, begins ? ends ? Unit : Begin : ends ? Last : Inside);
        }
        return ids;
    }

    /// <summary>What the features need of one word form, computed once per form: the model keeps them across documents.</summary>
    public sealed class WordForm
    {
        public readonly string Text, Lower, LowerRaw;
        public readonly uint WordHash, LowerHash, ShapeHash, ShortShapeHash;
        public readonly int ClusterId;
        public readonly char CapCode;
        public readonly bool HasLetter, HasLower;
        /// <summary>Set by a final model: per offset -2..+2 from the token scored, the label sums of this word's own features there.</summary>
        public int[]? Sums;

        public WordForm(string w, WordClusters clusters)
        {
            Text = w;
            LowerRaw = w.ToLowerInvariant();
            Lower = NormaliseDigits(LowerRaw);
            WordHash = Hash(w);
            LowerHash = Hash(Lower);
            ShapeHash = NerFeatures.ShapeHash(w, false);
            ShortShapeHash = NerFeatures.ShapeHash(w, true);
            ClusterId = clusters.IdOf(w);
            char c0 = w.Length > 0 ? w[0] : ' ';
            CapCode = char.IsUpper(c0) ? 'X' : char.IsLower(c0) ? 'x' : char.IsDigit(c0) ? 'd' : '-';
            HasLetter = w.Any(char.IsLetter);
            HasLower = w.Any(char.IsLower);
        }
    }

    /// <summary>Per-token values of one document, computed once.</summary>
    public sealed class Doc
    {
        public readonly List<Sent> Sentences = [];
        public HashSet<string> LowerSeen = new(StringComparer.Ordinal);
        public HashSet<string> CapitalMidSentence = new(StringComparer.Ordinal);
        public WordClusters Clusters = WordClusters.Empty;
        /// <summary>False when the static features leave out the words' own features (their forms carry the sums).</summary>
        public bool WordFeaturesIncluded = true;
        // Where each capitalised word occurs (sentence, token), for context aggregation across the document.
        public Dictionary<string, List<(int Sentence, int Token)>> Occurrences = new(StringComparer.Ordinal);
    }

    public sealed class Sent
    {
        public WordForm[] Forms = [];
        public string[] Words = [];
        public string[] Lower = [];
        public uint[] LowerHash = [], ShapeHash = [];
        public char[] CapCode = [];
        public NerGazetteer.Category[] GazBegin = [], GazInside = [];
        public int[] ClusterId = [];
        public bool Headline;
        // The static features of token i: StaticFeatures[StaticStart[i]..StaticStart[i + 1]], one array per sentence.
        // Without word features, these are only the features of context; the words' own come from their forms' sums.
        public uint[] StaticFeatures = [];
        public int[] StaticStart = [];

        public ReadOnlySpan<uint> Static(int token) => StaticFeatures.AsSpan(StaticStart[token], StaticStart[token + 1] - StaticStart[token]);
    }

    /// <summary>
    /// Computes a document's per-token values and static features. <paramref name="formOf"/> supplies (cached) word
    /// forms; with <paramref name="wordFeatures"/> false the static features leave out those of the words themselves
    /// (<see cref="WordFeatures"/>), for a scorer that adds their sums from the forms.
    /// </summary>
    public static Doc Prepare(IReadOnlyList<IReadOnlyList<string>> sentences, NerGazetteer gazetteer, WordClusters clusters,
        Func<string, WordForm>? formOf = null, bool wordFeatures = true)
    {
        var doc = new Doc { Clusters = clusters, WordFeaturesIncluded = wordFeatures };
        foreach (var words in sentences)
        {
            int n = words.Count;
            var s = new Sent
            {
                Forms = new WordForm[n], Words = new string[n], Lower = new string[n], LowerHash = new uint[n], ShapeHash = new uint[n],
                CapCode = new char[n], GazBegin = new NerGazetteer.Category[n], GazInside = new NerGazetteer.Category[n],
                ClusterId = new int[n],
            };
            int letters = 0, upperWords = 0;
            var caps = new bool[n];
            var gazLower = new string[n];
            for (int i = 0; i < n; i++)
            {
                var form = s.Forms[i] = formOf?.Invoke(words[i]) ?? new WordForm(words[i], clusters);
                s.Words[i] = form.Text;
                gazLower[i] = form.LowerRaw;
                s.Lower[i] = form.Lower;
                s.LowerHash[i] = form.LowerHash;
                s.ShapeHash[i] = form.ShapeHash;
                s.ClusterId[i] = form.ClusterId;
                s.CapCode[i] = form.CapCode;
                caps[i] = form.CapCode == 'X';
                if (form.HasLetter)
                {
                    letters++;
                    if (!form.HasLower) upperWords++;
                }
                if (form.CapCode == 'x') doc.LowerSeen.Add(form.LowerRaw);
                else if (caps[i] && i > 0 && form.HasLower) doc.CapitalMidSentence.Add(form.LowerRaw);
            }
            s.Headline = letters >= 2 && upperWords == letters;
            gazetteer.Match(gazLower, caps, s.GazBegin, s.GazInside);
            doc.Sentences.Add(s);
        }
        for (int si = 0; si < doc.Sentences.Count; si++)
        {
            var s = doc.Sentences[si];
            for (int i = 0; i < s.Words.Length; i++)
            {
                if (s.CapCode[i] != 'X') continue;
                if (!doc.Occurrences.TryGetValue(s.Lower[i], out var places)) doc.Occurrences[s.Lower[i]] = places = [];
                places.Add((si, i));
            }
        }
        var buffer = new List<uint>(64 * 40);
        foreach (var s in doc.Sentences)
        {
            buffer.Clear();
            s.StaticStart = new int[s.Words.Length + 1];
            for (int i = 0; i < s.Words.Length; i++)
            {
                s.StaticStart[i] = buffer.Count;
                ContextFeatures(doc, s, i, buffer);
                if (wordFeatures)
                    for (int offset = -Window; offset <= Window; offset++)
                        if (i + offset >= 0 && i + offset < s.Words.Length) WordFeatures(clusters, s.Forms[i + offset], offset, buffer);
                        else BoundaryFeatures(offset, buffer);
            }
            s.StaticStart[s.Words.Length] = buffer.Count;
            s.StaticFeatures = buffer.ToArray();
        }
        return doc;
    }

    /// <summary>How far either side of a token the words' own features reach.</summary>
    public const int Window = 2;

    private const int MaxAggregated = 6;

    /// <summary>Context aggregation (Ratinov and Roth 2009): the words around the other occurrences of a capitalised word in the document.</summary>
    private static void AggregatedContext(Doc doc, Sent s, int i, List<uint> f)
    {
        if (s.CapCode[i] != 'X' || !doc.Occurrences.TryGetValue(s.Lower[i], out var places) || places.Count < 2) return;
        int used = 0;
        foreach (var (si, k) in places)
        {
            var other = doc.Sentences[si];
            if (ReferenceEquals(other, s) && k == i) continue;
            if (k > 0) f.Add(Mix(70, other.LowerHash[k - 1]));
            if (k + 1 < other.Words.Length) f.Add(Mix(71, other.LowerHash[k + 1]));
            if (++used == MaxAggregated) break;
        }
    }

    // Stand-ins for the words before the sentence and after it.
    private const uint LowerBefore = 0x1111u, LowerAfter = 0x2222u, ShapeBefore = 0x3333u, ShapeAfter = 0x4444u;

    /// <summary>
    /// The features of one word as seen from a token <paramref name="offset"/> places away (-2..+2): they depend on
    /// that word alone, so a scorer can sum their weights once per word form.
    /// </summary>
    public static void WordFeatures(WordClusters clusters, WordForm form, int offset, List<uint> f)
    {
        switch (offset)
        {
            case 0:
                string w = form.Text, lw = form.Lower;
                f.Add(Mix(2, form.WordHash));
                f.Add(Mix(3, form.LowerHash));
                f.Add(Mix(10, form.ShapeHash));
                f.Add(Mix(14, form.ShortShapeHash));
                for (int k = 1; k <= 4 && k <= w.Length; k++)
                {
                    f.Add(Mix(14 + (uint)k, Hash(w.AsSpan(0, k))));
                    f.Add(Mix(18 + (uint)k, Hash(lw.AsSpan(lw.Length - k))));
                }
                int hyphen = w.IndexOf('-');
                if (hyphen > 0 && hyphen < w.Length - 1)
                {
                    f.Add(Mix(33, Hash(lw.AsSpan(0, hyphen))));
                    f.Add(Mix(34, Hash(lw.AsSpan(hyphen + 1))));
                }
                break;
            case -1: f.Add(Mix(4, form.LowerHash)); f.Add(Mix(11, form.ShapeHash)); break;
            case 1: f.Add(Mix(5, form.LowerHash)); f.Add(Mix(12, form.ShapeHash)); break;
            case -2: f.Add(Mix(6, form.LowerHash)); break;
            case 2: f.Add(Mix(7, form.LowerHash)); break;
        }
        for (int layer = 0; layer < clusters.Layers; layer++)
            AddCluster(f, 100 + (uint)layer * 40 + (uint)(offset + Window) * 8, clusters.PathOf(form.ClusterId, layer));
    }

    /// <summary>What <see cref="WordFeatures"/> gives for a position before the sentence's start or past its end.</summary>
    public static void BoundaryFeatures(int offset, List<uint> f)
    {
        switch (offset)
        {
            case -1: f.Add(Mix(4, LowerBefore)); f.Add(Mix(11, ShapeBefore)); break;
            case 1: f.Add(Mix(5, LowerAfter)); f.Add(Mix(12, ShapeAfter)); break;
            case -2: f.Add(Mix(6, LowerBefore)); break;
            case 2: f.Add(Mix(7, LowerAfter)); break;
        }
    }

    /// <summary>Features of the token in its sentence and document: pairs of neighbours, capitalisation patterns, gazetteers.</summary>
    private static void ContextFeatures(Doc doc, Sent s, int i, List<uint> f)
    {
        AggregatedContext(doc, s, i, f);
        int n = s.Words.Length;
        uint L(int k) => k < 0 ? LowerBefore : k >= n ? LowerAfter : s.LowerHash[k];
        uint Sh(int k) => k < 0 ? ShapeBefore : k >= n ? ShapeAfter : s.ShapeHash[k];

        f.Add(Mix(1, 0));
        f.Add(Mix(8, L(i - 1), L(i)));
        f.Add(Mix(9, L(i), L(i + 1)));
        f.Add(Mix(13, Sh(i - 1), Mix(0, Sh(i), Sh(i + 1))));
        char C(int k) => k < 0 ? '^' : k >= n ? '$' : s.CapCode[k];
        f.Add(Mix(23, (uint)C(i - 1) << 16 | (uint)C(i) << 8 | C(i + 1)));
        f.Add(Mix(24, (uint)C(i - 2) << 24 | (uint)C(i - 1) << 16 | (uint)C(i) << 8 | C(i + 1)));
        if (i == 0) f.Add(Mix(25, Sh(i)));
        if (s.Headline) f.Add(Mix(26, L(i)));
        AddGaz(f, 27, s.GazBegin[i]);
        AddGaz(f, 28, s.GazInside[i]);
        if (i > 0) AddGaz(f, 29, s.GazBegin[i - 1] | s.GazInside[i - 1]);
        if (i + 1 < n) AddGaz(f, 30, s.GazBegin[i + 1] | s.GazInside[i + 1]);
        string lower = s.Forms[i].LowerRaw;
        if (s.CapCode[i] == 'X')
        {
            f.Add(Mix(31, doc.LowerSeen.Contains(lower) ? 1u : 0u, i == 0 || s.Headline ? 1u : 0u));
            f.Add(Mix(32, doc.CapitalMidSentence.Contains(lower) ? 1u : 0u, i == 0 || s.Headline ? 1u : 0u));
        }
        f.Add(Mix(35, L(i - 1), Sh(i)));
        f.Add(Mix(36, Sh(i), L(i + 1)));
    }

    // Path prefixes as in Ratinov and Roth 2009: short ones are broad classes, the whole path a narrow one.
    private static readonly int[] ClusterPrefixes = [4, 6, 10, 12];

    private static void AddCluster(List<uint> f, uint template, WordClusters.Path path)
    {
        if (path.Depth == 0) return;
        for (int p = 0; p < ClusterPrefixes.Length; p++) f.Add(Mix(template + (uint)p, path.Prefix(ClusterPrefixes[p])));
    }

    private static void AddGaz(List<uint> f, uint template, NerGazetteer.Category cats)
    {
        if (cats == 0) return;
        foreach (var c in NerGazetteer.All)
            if ((cats & c) != 0) f.Add(Mix(template, (uint)c));
    }

    /// <summary>Features that depend on earlier decisions: previous labels and the document's label history.</summary>
    public static void DynamicFeatures(WordClusters clusters, Sent s, int i, int prev, int prev2, int historyType, List<uint> f)
    {
        f.Add(Mix(40, (uint)prev));
        f.Add(Mix(41, (uint)prev, (uint)prev2));
        f.Add(Mix(42, (uint)prev, s.LowerHash[i]));
        f.Add(Mix(43, (uint)prev, s.ShapeHash[i]));
        f.Add(Mix(44, (uint)historyType));
        f.Add(Mix(45, (uint)historyType, s.ShapeHash[i]));
        for (int layer = 0; layer < clusters.Layers; layer++)
            if (clusters.PathOf(s.ClusterId[i], layer) is { Depth: > 0 } path) f.Add(Mix(46 + (uint)layer * 100, (uint)prev, path.Prefix(6)));
    }

    /// <summary>Second-stage features: the first stage's labels here and around, and its type for the word elsewhere in the document.</summary>
    public static void AggregateFeatures(Sent s, int i, int[] prior, int otherType, List<uint> f)
    {
        int n = prior.Length;
        uint P(int k) => k < 0 ? 100u : k >= n ? 101u : (uint)prior[k];
        f.Add(Mix(60, (uint)otherType));
        f.Add(Mix(61, (uint)otherType, s.ShapeHash[i]));
        f.Add(Mix(62, P(i)));
        f.Add(Mix(63, P(i - 1), P(i + 1)));
        f.Add(Mix(64, (uint)otherType, P(i)));
    }

    public static string NormaliseDigits(string s)
    {
        if (!s.Any(char.IsDigit)) return s;
        var chars = s.ToCharArray();
        for (int k = 0; k < chars.Length; k++) if (char.IsDigit(chars[k])) chars[k] = '0';
        return new string(chars);
    }

    /// <summary>The hash of the word's shape: "Xxxx", "X.X.", "dd-dd"; short collapses repeats ("Xx", "X.X.", "d-d").</summary>
    public static uint ShapeHash(string w, bool collapse)
    {
        Span<char> shape = stackalloc char[MaxShape];
        return Hash(shape[..WriteShape(w, collapse, shape)]);
    }

    private const int MaxShape = 12;

    private static int WriteShape(string w, bool collapse, Span<char> shape)
    {
        int length = 0;
        char last = '\0';
        int run = 0;
        foreach (char ch in w)
        {
            char c = char.IsUpper(ch) ? 'X' : char.IsLower(ch) ? 'x' : char.IsDigit(ch) ? 'd' : ch;
            if (c == last) { run++; if (collapse || run >= 4) continue; }
            else run = 0;
            shape[length++] = c;
            last = c;
            if (length >= MaxShape) break;
        }
        return length;
    }

    public static uint Hash(string s) => Hash(s.AsSpan());

    public static uint Hash(ReadOnlySpan<char> s)
    {
        ulong h = Sitrep.Core.Fnv1a.Of(s);
        return (uint)(h ^ (h >> 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mix(uint template, uint a, uint b = 0)
    {
        ulong h = template * 0x9E3779B97F4A7C15UL ^ a;
        h ^= h >> 33; h *= 0xFF51AFD7ED558CCDUL;
        h ^= b; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53UL; h ^= h >> 33;
        return (uint)h;
    }
}
