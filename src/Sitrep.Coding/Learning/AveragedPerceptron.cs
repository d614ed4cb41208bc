using System.IO.Compression;
using System.Text;
using Sitrep.Core;

namespace Sitrep.Coding.Learning;

/// <summary>
/// A multiclass averaged perceptron over string features: small, fast, deterministic, and easy
/// to inspect (each feature's weight per class). Hand-written: ML.NET would add a large runtime
/// for a model this simple.
/// </summary>
public sealed class AveragedPerceptron
{
    // A feature's weights are row _rows[feature] of one matrix: a float array per feature made a loaded model
    // tens of thousands of objects that every full garbage collection walked.
    private readonly Dictionary<string, int> _rows;
    private readonly float[] _matrix;
    // Rows by the Fnv1a hash of the feature's text: run time hashes features as it reads the sentence
    // instead of building a string per feature.
    private readonly Dictionary<ulong, int> _rowsByHash;

    private AveragedPerceptron(string[] labels, Dictionary<string, int> rows, float[] matrix)
    {
        Labels = labels;
        _rows = rows;
        _matrix = matrix;
        _rowsByHash = new Dictionary<ulong, int>(rows.Count);
        foreach (var (feature, row) in rows) _rowsByHash[Fnv1a.Of(feature)] = row;
    }

    private AveragedPerceptron(string[] labels, Dictionary<string, float[]> weights)
        : this(labels, RowsOf(weights), MatrixOf(weights, labels.Length))
    {
    }

    private static Dictionary<string, int> RowsOf(Dictionary<string, float[]> weights)
    {
        var rows = new Dictionary<string, int>(weights.Count, StringComparer.Ordinal);
        foreach (var feature in weights.Keys) rows[feature] = rows.Count;
        return rows;
    }

    private static float[] MatrixOf(Dictionary<string, float[]> weights, int classes)
    {
        var matrix = new float[weights.Count * classes];
        int row = 0;
        foreach (var w in weights.Values) w.CopyTo(matrix, row++ * classes);
        return matrix;
    }

    public string[] Labels { get; }

    public int FeatureCount => _rows.Count;

    /// <summary>Trains for <paramref name="epochs"/> passes in a shuffled order fixed by <paramref name="seed"/>.</summary>
    public static AveragedPerceptron Train(IReadOnlyList<(string[] Features, string Label)> examples, int epochs = 10, int seed = 13)
    {
        var labels = examples.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var totals = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var stamps = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int step = 0;
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                step++;
                var (features, label) = examples[index];
                int gold = labelIndex[label];
                int guess = ArgMax(Scores(weights, features, labels.Length));
                if (guess == gold) continue;
                foreach (var f in features)
                {
                    if (!weights.TryGetValue(f, out var w))
                    {
                        weights[f] = w = new float[labels.Length];
                        totals[f] = new double[labels.Length];
                        stamps[f] = new int[labels.Length];
                    }
                    Update(f, gold, +1);
                    Update(f, guess, -1);
                }

                void Update(string feature, int cls, float delta)
                {
                    var w = weights[feature];
                    var t = totals[feature];
                    var s = stamps[feature];
                    t[cls] += (step - s[cls]) * (double)w[cls];
                    s[cls] = step;
                    w[cls] += delta;
                }
            }
        }
        // Average: each weight's value integrated over all steps, divided by the steps.
        var averaged = new Dictionary<string, float[]>(weights.Count, StringComparer.Ordinal);
        foreach (var (f, w) in weights)
        {
            var t = totals[f];
            var s = stamps[f];
            var a = new float[labels.Length];
            bool any = false;
            for (int c = 0; c < labels.Length; c++)
            {
                a[c] = (float)((t[c] + (step - s[c]) * (double)w[c]) / step);
                if (Math.Abs(a[c]) > 1e-4f) any = true;
            }
            if (any) averaged[f] = a;
        }
        return new AveragedPerceptron(labels, averaged);
    }

    /// <summary>Class probabilities (a softmax over the scores).</summary>
    public float[] Probabilities(IEnumerable<string> features)
    {
        return Softmax(Scores(features));
    }

    private static float[] Softmax(float[] scores)
    {
        float max = scores.Max();
        double sum = 0;
        for (int c = 0; c < scores.Length; c++) sum += Math.Exp(scores[c] - max);
        var p = new float[scores.Length];
        for (int c = 0; c < scores.Length; c++) p[c] = (float)(Math.Exp(scores[c] - max) / sum);
        return p;
    }

    public (string Label, float Probability) Predict(IEnumerable<string> features) => Top(Probabilities(features));

    public (string Label, float Probability) Predict(ReadOnlySpan<ulong> features) => Top(Probabilities(features));

    private (string Label, float Probability) Top(float[] probabilities)
    {
        int best = ArgMax(probabilities);
        return (Labels[best], probabilities[best]);
    }

    /// <summary>Class probabilities from features given as <see cref="Fnv1a"/> hashes; the same as from their text.</summary>
    public float[] Probabilities(ReadOnlySpan<ulong> features)
    {
        var scores = new float[Labels.Length];
        foreach (var f in features)
            if (_rowsByHash.TryGetValue(f, out int row)) AddRow(row, scores);
        return Softmax(scores);
    }

    /// <summary>The weight a single feature gives a class: which word made the decision.</summary>
    public float Weight(string feature, string label)
    {
        int c = Array.IndexOf(Labels, label);
        return c >= 0 && _rows.TryGetValue(feature, out int row) ? _matrix[row * Labels.Length + c] : 0f;
    }

    private float[] Scores(IEnumerable<string> features)
    {
        var scores = new float[Labels.Length];
        foreach (var f in features)
            if (_rows.TryGetValue(f, out int row)) AddRow(row, scores);
        return scores;
    }

    private void AddRow(int row, float[] scores)
    {
        var w = _matrix.AsSpan(row * scores.Length, scores.Length);
        for (int c = 0; c < scores.Length; c++) scores[c] += w[c];
    }

    private static float[] Scores(Dictionary<string, float[]> weights, IEnumerable<string> features, int classes)
    {
        var scores = new float[classes];
        foreach (var f in features)
        {
            if (!weights.TryGetValue(f, out var w)) continue;
            for (int c = 0; c < classes; c++) scores[c] += w[c];
        }
        return scores;
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8);
        writer.Write("sitrep-perceptron-1");
        writer.Write(Labels.Length);
        foreach (var l in Labels) writer.Write(l);
        writer.Write(_rows.Count);
        foreach (var (f, row) in _rows.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            writer.Write(f);
            foreach (var v in _matrix.AsSpan(row * Labels.Length, Labels.Length)) writer.Write((Half)v);
        }
    }

    public static AveragedPerceptron Load(string path)
    {
        var reader = BinaryBuffer.FromGzipFile(path);
        if (reader.ReadString() != "sitrep-perceptron-1") throw new InvalidDataException($"{path} is not a Sitrep perceptron model.");
        var labels = new string[reader.ReadInt32()];
        for (int i = 0; i < labels.Length; i++) labels[i] = reader.ReadString();
        int count = reader.ReadInt32();
        if (count < 0 || count > 50_000_000) throw new InvalidDataException($"{path} is corrupt.");
        var rows = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var matrix = new float[count * labels.Length];
        for (int i = 0; i < count; i++)
        {
            var f = reader.ReadString();
            int at = rows.Count * labels.Length;
            for (int c = 0; c < labels.Length; c++) matrix[at + c] = (float)reader.ReadHalf();
            rows.TryAdd(f, rows.Count);
        }
        return new AveragedPerceptron(labels, rows, matrix);
    }
}
