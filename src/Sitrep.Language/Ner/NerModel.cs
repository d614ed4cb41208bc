using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Sitrep.Core;

namespace Sitrep.Language.Ner;

/// <summary>
/// Greedy left-to-right named-entity tagger with an averaged-perceptron model over BILOU labels
/// (PER, ORG, LOC, MISC), hand-written because no maintained .NET NER library runs offline at this
/// speed. Features: word, lower case, shape, affixes, neighbours, capitalisation pattern, gazetteers
/// and the labels the document already gave the same word. Trained by <see cref="NerTrainer"/>.
/// </summary>
public sealed class NerModel
{
    public const string FileName = "ner.model.gz";
    private const string Magic = "SITREP-NER-4";

    private static readonly Lazy<NerModel?> _default = new(() =>
    {
        string path = RepositoryPaths.Data("models", FileName);
        return File.Exists(path) ? Load(path) : null;
    });

    /// <summary>The committed model (data/models/ner.model.gz), or null when the file is absent.</summary>
    public static NerModel? Default => _default.Value;

    // Training fills the rows map; a loaded model keeps its sorted keys (key k owns row k) and makes the map
    // only if asked (saving, counting): tagging reads the feature table.
    private Dictionary<uint, int>? _rows;
    private readonly uint[]? _keys;
    internal Dictionary<uint, int> Rows => _rows ??= RowsOf(_keys!);
    // A loaded model's weights live in its feature table only, and come out of it if asked (saving).
    private float[]? _weights;
    internal float[] Weights { get => _weights ??= _table!.Export(_keys!); set => _weights = value; }

    public NerGazetteer Gazetteer { get; }
    public WordClusters Clusters { get; }
    /// <summary>The model whose labels over the whole document this one reads (context aggregation), or null.</summary>
    internal NerModel? FirstStage { get; }
    public int FeatureCount => Rows.Count;

    // Built for finished models only: while training, rows are still being added.
    private readonly FeatureTable? _table;

    internal NerModel(NerGazetteer gazetteer, WordClusters clusters, Dictionary<uint, int> rows, float[] weights, bool final = true, NerModel? firstStage = null)
    {
        Gazetteer = gazetteer;
        Clusters = clusters;
        FirstStage = firstStage;
        _rows = rows;
        _weights = weights;
        if (final) _table = new FeatureTable(rows, weights);
    }

    private NerModel(NerGazetteer gazetteer, WordClusters clusters, uint[] keys, FeatureTable table, NerModel? firstStage)
    {
        Gazetteer = gazetteer;
        Clusters = clusters;
        FirstStage = firstStage;
        _keys = keys;
        _table = table;
    }

    private static Dictionary<uint, int> RowsOf(uint[] keys)
    {
        var rows = new Dictionary<uint, int>(keys.Length);
        for (int k = 0; k < keys.Length; k++) rows[keys[k]] = k;
        return rows;
    }

    /// <summary>BIO labels ("B-PER", "I-ORG", "O"; the model's BILOU labels read as BIO) for each token of each sentence of one document.</summary>
    public string[][] Tag(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var doc = SumsWordFeatures
            ? NerFeatures.Prepare(sentences, Gazetteer, Clusters, FormOf, wordFeatures: false)
            : NerFeatures.Prepare(sentences, Gazetteer, Clusters);
        return Labels(doc).Select(s => s.Select(NerFeatures.ToBio).ToArray()).ToArray();
    }

    // A final single-stage model sums each word form's own features once (their integer sums are exact, so the
    // labels are the same) and keeps the forms across documents: most tokens are common words. A two-stage model
    // would need sums per stage, and a model in training changes its weights, so those look every feature up.
    private bool SumsWordFeatures => _table is not null && FirstStage is null;
    private readonly ConcurrentDictionary<string, NerFeatures.WordForm> _forms = new(StringComparer.Ordinal);
    private int _formCount;
    private const int MaxCachedForms = 50_000, MaxCachedFormLength = 40;
    private int[]? _boundarySums;

    private NerFeatures.WordForm FormOf(string word)
    {
        if (_forms.TryGetValue(word, out var form)) return form;
        var created = new NerFeatures.WordForm(word, Clusters);
        created.Sums = WordSums((offset, list) => NerFeatures.WordFeatures(Clusters, created, offset, list));
        form = created;
        if (word.Length <= MaxCachedFormLength && Volatile.Read(ref _formCount) < MaxCachedForms && _forms.TryAdd(word, form))
            Interlocked.Increment(ref _formCount);
        return form;
    }

    private int[] BoundarySums => _boundarySums ??= WordSums(NerFeatures.BoundaryFeatures);

    /// <summary>Label sums of the features <paramref name="features"/> gives for each offset -Window..+Window, one row of labels per offset.</summary>
    private int[] WordSums(Action<int, List<uint>> features)
    {
        const int labels = NerFeatures.LabelCount;
        var sums = new int[(2 * NerFeatures.Window + 1) * labels];
        var list = new List<uint>(32);
        for (int offset = -NerFeatures.Window; offset <= NerFeatures.Window; offset++)
        {
            list.Clear();
            features(offset, list);
            var row = sums.AsSpan((offset + NerFeatures.Window) * labels, labels);
            foreach (uint f in list) _table!.AddWeights(f, row);
        }
        return sums;
    }

    internal int[][] Labels(NerFeatures.Doc doc) => Decode(doc, FirstStage?.Labels(doc), null);

    /// <summary>Greedy decoding; <paramref name="prior"/> holds the first stage's labels when this is the second stage.</summary>
    internal int[][] Decode(NerFeatures.Doc doc, int[][]? prior, Func<NerFeatures.Sent, int, int, List<uint>, float[], int>? onToken)
    {
        var history = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var priorTypes = prior is null ? null : PriorTypes(doc, prior);
        var dynamic = new List<uint>(8);
        var all = new List<uint>(64);
        var scores = new float[NerFeatures.LabelCount];
        var output = new int[doc.Sentences.Count][];
        for (int si = 0; si < doc.Sentences.Count; si++)
        {
            var s = doc.Sentences[si];
            var labels = output[si] = new int[s.Words.Length];
            int prev = 0, prev2 = 0;
            for (int i = 0; i < s.Words.Length; i++)
            {
                string key = s.Lower[i];
                bool tracked = s.CapCode[i] == 'X';
                int historyType = 5;
                if (tracked && history.TryGetValue(key, out var counts))
                {
                    int best = -1;
                    for (int t = 0; t < counts.Length; t++) if (counts[t] > 0 && (best < 0 || counts[t] > counts[best])) best = t;
                    if (best >= 0) historyType = best;
                }
                dynamic.Clear();
                NerFeatures.DynamicFeatures(Clusters, s, i, prev, prev2, historyType, dynamic);
                if (prior is not null) NerFeatures.AggregateFeatures(s, i, prior[si], OtherType(priorTypes!, key, tracked, prior[si][i]), dynamic);
                Score(doc, s, i, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dynamic), scores);
                int label = Best(scores, prev);
                if (onToken is not null)
                {
                    if (!doc.WordFeaturesIncluded) throw new InvalidOperationException("training reads every feature: prepare the document with word features");
                    all.Clear();
                    all.AddRange(s.Static(i));
                    all.AddRange(dynamic);
                    label = onToken(s, i, label, all, scores);
                }
                labels[i] = label;
                if (tracked)
                {
                    if (!history.TryGetValue(key, out counts)) history[key] = counts = new int[5];
                    counts[NerFeatures.TypeOf(label)]++;
                }
                prev2 = prev;
                prev = label;
            }
        }
        return output;
    }

    /// <summary>Counts of the first stage's types (O, PER, ORG, LOC, MISC) per capitalised word over the whole document.</summary>
    private static Dictionary<string, int[]> PriorTypes(NerFeatures.Doc doc, int[][] prior)
    {
        var types = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (int si = 0; si < doc.Sentences.Count; si++)
        {
            var s = doc.Sentences[si];
            for (int i = 0; i < s.Words.Length; i++)
            {
                if (s.CapCode[i] != 'X') continue;
                if (!types.TryGetValue(s.Lower[i], out var counts)) types[s.Lower[i]] = counts = new int[5];
                counts[NerFeatures.TypeOf(prior[si][i])]++;
            }
        }
        return types;
    }

    /// <summary>The type the first stage gave most often to the word elsewhere in the document (before or after), 5 when none.</summary>
    private static int OtherType(Dictionary<string, int[]> types, string key, bool tracked, int ownLabel)
    {
        if (!tracked || !types.TryGetValue(key, out var counts)) return 5;
        int own = NerFeatures.TypeOf(ownLabel), best = 5, bestCount = 0;
        for (int t = 0; t < counts.Length; t++)
        {
            int c = counts[t] - (t == own ? 1 : 0);
            if (c > bestCount) { best = t; bestCount = c; }
        }
        return best;
    }

    /// <summary>The label scores of one token's features: integer sums over the table when the model is final, float sums while training.</summary>
    private void Score(NerFeatures.Doc doc, NerFeatures.Sent s, int i, ReadOnlySpan<uint> dynamicFeatures, float[] scores)
    {
        if (_table is { } table)
        {
            const int labels = NerFeatures.LabelCount;
            Span<int> sums = stackalloc int[labels];
            foreach (uint f in s.Static(i)) table.AddWeights(f, sums);
            foreach (uint f in dynamicFeatures) table.AddWeights(f, sums);
            if (!doc.WordFeaturesIncluded)
                for (int offset = -NerFeatures.Window; offset <= NerFeatures.Window; offset++)
                {
                    int k = i + offset;
                    var formSums = k >= 0 && k < s.Forms.Length ? s.Forms[k].Sums! : BoundarySums;
                    FeatureTable.Add(formSums.AsSpan((offset + NerFeatures.Window) * labels, labels), sums);
                }
            for (int l = 0; l < labels; l++) scores[l] = sums[l] * table.Scale;
            return;
        }
        Array.Clear(scores);
        AddTrainingWeights(s.Static(i), scores);
        AddTrainingWeights(dynamicFeatures, scores);
    }

    private void AddTrainingWeights(ReadOnlySpan<uint> features, float[] scores)
    {
        var weights = Weights;
        foreach (uint f in features)
        {
            if (!Rows.TryGetValue(f, out int row)) continue;
            int at = row * NerFeatures.LabelCount;
            for (int l = 0; l < NerFeatures.LabelCount; l++) scores[l] += weights[at + l];
        }
    }

    internal static int Best(float[] scores, int prev)
    {
        int best = -1;
        for (int l = 0; l < scores.Length; l++)
            if (NerFeatures.Allowed(prev, l) && (best < 0 || scores[l] > scores[best])) best = l;
        return best;
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
        using var w = new BinaryWriter(gz, Encoding.UTF8);
        w.Write(Magic);
        w.Write(NerFeatures.LabelCount);
        w.Write(FirstStage is null ? 1 : 2);
        var phrases = Gazetteer.Phrases.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        w.Write(phrases.Count);
        foreach (var (phrase, cats) in phrases) { w.Write(phrase); w.Write((ushort)cats); }
        w.Write(Clusters.Count);
        w.Write(Clusters.Layers);
        foreach (var (word, id) in Clusters.Words)
        {
            w.Write(word);
            for (int l = 0; l < Clusters.Layers; l++) { var wordPath = Clusters.PathOf(id, l); w.Write((byte)wordPath.Depth); w.Write((int)wordPath.Bits); }
        }

        if (FirstStage is not null) FirstStage.WriteWeights(w);
        WriteWeights(w);
    }

    // Keys sorted and delta-coded; weights quantised to 16 bits against the largest one.
    private void WriteWeights(BinaryWriter w)
    {
        var keys = Rows.Keys.Order().ToArray();
        float scale = FeatureTable.ScaleOf(Weights.AsSpan(0, Rows.Count * NerFeatures.LabelCount));
        w.Write(keys.Length);
        w.Write(scale);
        uint last = 0;
        foreach (uint k in keys) { w.Write7BitEncodedInt((int)(k - last)); last = k; }
        foreach (uint k in keys)
        {
            int at = Rows[k] * NerFeatures.LabelCount;
            for (int l = 0; l < NerFeatures.LabelCount; l++) w.Write(FeatureTable.Quantise(Weights[at + l], scale));
        }
    }

    public static NerModel Load(string path)
    {
        var r = BinaryBuffer.FromGzipFile(path);
        if (r.ReadString() != Magic) throw new InvalidDataException($"{path} is not a Sitrep NER model");
        if (r.ReadInt32() != NerFeatures.LabelCount) throw new InvalidDataException($"{path} has another label set");
        int stages = r.ReadInt32();
        int phraseCount = r.ReadInt32();
        var phrases = new Dictionary<string, NerGazetteer.Category>(phraseCount, StringComparer.Ordinal);
        for (int k = 0; k < phraseCount; k++) { string p = r.ReadString(); phrases[p] = (NerGazetteer.Category)r.ReadUInt16(); }
        int clusterCount = r.ReadInt32();
        int layers = r.ReadInt32();
        var words = new string[clusterCount];
        var paths = new WordClusters.Path[clusterCount * layers];
        for (int k = 0; k < clusterCount; k++)
        {
            words[k] = r.ReadString();
            for (int l = 0; l < layers; l++) { int depth = r.ReadByte(); paths[k * layers + l] = new WordClusters.Path((uint)r.ReadInt32(), depth); }
        }
        var gazetteer = new NerGazetteer(phrases);
        var clusters = new WordClusters(words, paths, layers);
        NerModel? model = null;
        for (int stage = 0; stage < stages; stage++)
        {
            var (keys, table) = ReadWeights(r);
            model = new NerModel(gazetteer, clusters, keys, table, model);
        }
        return model ?? throw new InvalidDataException($"{path} has no weights");
    }

    private static (uint[] Keys, FeatureTable Table) ReadWeights(BinaryBuffer r)
    {
        int count = r.ReadInt32();
        float scale = r.ReadSingle();
        var keys = new uint[count];
        uint last = 0;
        for (int k = 0; k < count; k++) { last += (uint)r.Read7BitEncodedInt(); keys[k] = last; }
        return (keys, FeatureTable.Read(keys, r, scale));
    }
}
