namespace Sitrep.Language.Ner;

/// <summary>A document of tokenised sentences with BIO labels (PER, ORG, LOC, MISC).</summary>
public sealed record LabelledDocument(IReadOnlyList<IReadOnlyList<string>> Sentences, IReadOnlyList<IReadOnlyList<string>> Labels);

/// <summary>
/// Trains <see cref="NerModel"/> with an averaged perceptron (greedy decoding, updates on the
/// model's own previous decisions). Deterministic: documents are shuffled with a fixed seed.
/// </summary>
public static class NerTrainer
{
    /// <summary>Reads a CoNLL-2003 file (token ... tag; IOB1) into documents with BIO labels.</summary>
    public static List<LabelledDocument> ReadConll(string path)
    {
        var docs = new List<LabelledDocument>();
        var sents = new List<IReadOnlyList<string>>();
        var labels = new List<IReadOnlyList<string>>();
        var words = new List<string>();
        var tags = new List<string>();
        void EndSentence()
        {
            if (words.Count == 0) return;
            sents.Add(words.ToArray());
            labels.Add(ToBio(tags));
            words.Clear();
            tags.Clear();
        }
        void EndDocument()
        {
            EndSentence();
            if (sents.Count > 0) docs.Add(new LabelledDocument(sents.ToList(), labels.ToList()));
            sents.Clear();
            labels.Clear();
        }
        foreach (var line in File.ReadLines(path))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length == 0) EndSentence();
            else if (cols[0] == "-DOCSTART-") EndDocument();
            else { words.Add(cols[0]); tags.Add(cols[^1]); }
        }
        EndDocument();
        return docs;
    }

    /// <summary>IOB1 (I-X continues X; B-X only between two adjacent X) to BIO.</summary>
    public static string[] ToBio(IReadOnlyList<string> iob1)
    {
        var bio = new string[iob1.Count];
        string prev = "O";
        for (int i = 0; i < iob1.Count; i++)
        {
            string tag = iob1[i];
            if (tag == "O") bio[i] = "O";
            else
            {
                string type = tag[2..];
                bool begins = tag.StartsWith("B-", StringComparison.Ordinal) || prev == "O" || prev[2..] != type;
                bio[i] = (begins ? "B-" : "I-") + type;
            }
            prev = tag;
        }
        return bio;
    }

    /// <summary>
    /// Trains the tagger; with <paramref name="folds"/> > 1, a second stage as well that reads the first stage's labels
    /// over the whole document. Its training labels come from first-stage models that did not see the document
    /// (jackknife over the folds), so they are as fallible as at run time.
    /// </summary>
    public static NerModel Train(IReadOnlyList<LabelledDocument> train, NerGazetteer gazetteer, WordClusters? clusters = null, int epochs = 12, int seed = 1,
        IReadOnlyList<LabelledDocument>? dev = null, Action<string>? log = null, int folds = 0, int runs = 1)
    {
        clusters ??= WordClusters.Empty;
        var prepared = train.Select(d => new Example(NerFeatures.Prepare(d.Sentences, gazetteer, clusters), LabelIds(d))).ToList();
        var first = TrainStage(prepared, null, gazetteer, clusters, null, epochs, seed, runs, dev, log);
        if (folds <= 1) return first;

        var prior = new int[prepared.Count][][];
        for (int fold = 0; fold < folds; fold++)
        {
            var rest = Enumerable.Range(0, prepared.Count).Where(d => d % folds != fold).ToList();
            var partial = TrainStage(rest.Select(d => prepared[d]).ToList(), null, gazetteer, clusters, null, epochs, seed, runs, null, null);
            for (int d = fold; d < prepared.Count; d += folds) prior[d] = partial.Labels(prepared[d].Doc);
            log?.Invoke($"first stage, fold {fold + 1} of {folds}");
        }
        return TrainStage(prepared, prior, gazetteer, clusters, first, epochs, seed, runs, dev, log);
    }

    private sealed record Example(NerFeatures.Doc Doc, int[][] Gold);

    /// <summary>The average of <paramref name="runs"/> perceptrons trained on differently shuffled documents, which varies less than any one of them.</summary>
    private static NerModel TrainStage(List<Example> prepared, int[][][]? prior, NerGazetteer gazetteer, WordClusters clusters, NerModel? firstStage,
        int epochs, int seed, int runs, IReadOnlyList<LabelledDocument>? dev, Action<string>? log)
    {
        if (runs <= 1) return TrainRun(prepared, prior, gazetteer, clusters, firstStage, epochs, seed, dev, log);
        var models = Enumerable.Range(0, runs).Select(r => TrainRun(prepared, prior, gazetteer, clusters, firstStage, epochs, seed + r, null, null)).ToList();
        const int L = NerFeatures.LabelCount;
        var rows = new Dictionary<uint, int>();
        var weights = new List<float>();
        var sum = new float[L];
        foreach (uint key in models.SelectMany(m => m.Rows.Keys).Distinct().Order())
        {
            Array.Clear(sum);
            foreach (var m in models)
                if (m.Rows.TryGetValue(key, out int row))
                    for (int l = 0; l < L; l++) sum[l] += m.Weights[row * L + l] / runs;
            if (sum.Max(Math.Abs) < 1e-3f) continue;
            rows[key] = rows.Count;
            weights.AddRange(sum);
        }
        var averaged = new NerModel(gazetteer, clusters, rows, weights.ToArray(), firstStage: firstStage);
        if (dev is not null) log?.Invoke($"{(firstStage is null ? "" : "second stage, ")}average of {runs} runs: dev entity F1 {Evaluate(averaged, dev).F1:F4}");
        return averaged;
    }

    private static NerModel TrainRun(List<Example> prepared, int[][][]? prior, NerGazetteer gazetteer, WordClusters clusters, NerModel? firstStage,
        int epochs, int seed, IReadOnlyList<LabelledDocument>? dev, Action<string>? log)
    {
        var state = new AveragedWeights();
        var model = new NerModel(gazetteer, clusters, state.Rows, state.Weights, final: false);
        var random = new Random(seed);
        var order = Enumerable.Range(0, prepared.Count).ToArray();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            int errors = 0, tokens = 0;
            foreach (int d in order)
            {
                var (doc, gold) = prepared[d];
                int si = -1;
                NerFeatures.Sent? current = null;
                model.Decode(doc, prior?[d], (s, i, guess, features, scores) =>
                {
                    if (!ReferenceEquals(s, current)) { current = s; si++; }
                    int truth = gold[si][i];
                    state.Tick();
                    tokens++;
                    if (guess != truth)
                    {
                        errors++;
                        state.Update(features, truth, guess);
                        model.Weights = state.Weights;
                    }
                    return guess;
                });
            }
            string line = $"{(firstStage is null ? "" : "second stage, ")}epoch {epoch}: {errors} token errors / {tokens} ({100.0 * errors / tokens:F2}%)";
            if (dev is not null)
            {
                var averaged = state.ToModel(gazetteer, clusters, firstStage);
                line += $"; dev entity F1 {Evaluate(averaged, dev).F1:F4}";
            }
            log?.Invoke(line);
        }
        return state.ToModel(gazetteer, clusters, firstStage);
    }

    public readonly record struct Score(int Gold, int Predicted, int Correct)
    {
        public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;
        public double Recall => Gold == 0 ? 0 : (double)Correct / Gold;
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    /// <summary>Exact-span, exact-type entity scores (conlleval style) over documents.</summary>
    public static Score Evaluate(NerModel model, IReadOnlyList<LabelledDocument> docs)
    {
        int gold = 0, predicted = 0, correct = 0;
        foreach (var d in docs)
        {
            var tagged = model.Tag(d.Sentences);
            for (int s = 0; s < d.Sentences.Count; s++)
            {
                var g = Spans(d.Labels[s]);
                var p = Spans(tagged[s]);
                gold += g.Count;
                predicted += p.Count;
                correct += p.Count(g.Contains);
            }
        }
        return new Score(gold, predicted, correct);
    }

    /// <summary>Entity spans (start token, end token exclusive, type) of a BIO sequence.</summary>
    public static List<(int Start, int End, string Type)> Spans(IReadOnlyList<string> bio)
    {
        var spans = new List<(int, int, string)>();
        int start = -1;
        string type = "";
        for (int i = 0; i <= bio.Count; i++)
        {
            string tag = i < bio.Count ? bio[i] : "O";
            bool inside = tag.StartsWith("I-", StringComparison.Ordinal) && start >= 0 && tag[2..] == type;
            if (inside) continue;
            if (start >= 0) spans.Add((start, i, type));
            start = -1;
            if (tag != "O") { start = i; type = tag[2..]; }
        }
        return spans;
    }

    private static int[][] LabelIds(LabelledDocument d) =>
        d.Labels.Select(NerFeatures.FromBio).ToArray();

    /// <summary>Perceptron weights with lazily accumulated sums for averaging.</summary>
    private sealed class AveragedWeights
    {
        private const int L = NerFeatures.LabelCount;
        public readonly Dictionary<uint, int> Rows = [];
        public float[] Weights = new float[L * 1024];
        private double[] _totals = new double[L * 1024];
        private int[] _stamps = new int[L * 1024];
        private int _now;

        public void Tick() => _now++;

        public void Update(List<uint> features, int truth, int guess)
        {
            foreach (uint f in features)
            {
                if (!Rows.TryGetValue(f, out int row))
                {
                    row = Rows.Count;
                    Rows[f] = row;
                    if ((row + 1) * L > Weights.Length) Grow();
                }
                Bump(row * L + truth, 1);
                Bump(row * L + guess, -1);
            }
        }

        private void Bump(int at, float delta)
        {
            _totals[at] += (double)(_now - _stamps[at]) * Weights[at];
            _stamps[at] = _now;
            Weights[at] += delta;
        }

        private void Grow()
        {
            int size = Weights.Length * 2;
            Array.Resize(ref Weights, size);
            Array.Resize(ref _totals, size);
            Array.Resize(ref _stamps, size);
        }

        /// <summary>The averaged model, without features whose weights all rounded to nothing.</summary>
        public NerModel ToModel(NerGazetteer gazetteer, WordClusters clusters, NerModel? firstStage)
        {
            var rows = new Dictionary<uint, int>();
            var weights = new List<float>();
            var avg = new float[L];
            foreach (var (f, row) in Rows.OrderBy(r => r.Value))
            {
                float maxAbs = 0;
                for (int l = 0; l < L; l++)
                {
                    int at = row * L + l;
                    double total = _totals[at] + (double)(_now - _stamps[at]) * Weights[at];
                    avg[l] = (float)(total / Math.Max(1, _now));
                    maxAbs = Math.Max(maxAbs, Math.Abs(avg[l]));
                }
                if (maxAbs < 1e-3f) continue;
                rows[f] = rows.Count;
                weights.AddRange(avg);
            }
            return new NerModel(gazetteer, clusters, rows, weights.ToArray(), firstStage: firstStage);
        }
    }
}
