using System.Diagnostics;
using System.Xml.Linq;
using Sitrep.Core;
using Sitrep.Language;
using Sitrep.Language.Ner;

// Trains Sitrep's NER model and measures the language layer on the shared evaluation data.
//   dotnet run -c Release --project bench/Language -- train [--shared ../shared] [--epochs N]
//   dotnet run -c Release --project bench/Language -- [eval] [--shared ../shared]
var verb = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "eval";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var shared = Option("--shared") ?? Path.GetFullPath(Path.Combine(RepositoryPaths.DataDirectory, "..", "..", "shared"));
var conll = Path.Combine(shared, "eval", "nlp", "CoNLL-2003");

switch (verb)
{
    case "clusters":
        BuildClusters(shared, int.Parse(Option("--layers") ?? "2"));
        return 0;
    case "train":
        TrainNer(conll, int.Parse(Option("--epochs") ?? "12"), int.Parse(Option("--folds") ?? "0"), int.Parse(Option("--seed") ?? "1"), int.Parse(Option("--runs") ?? "3"), int.Parse(Option("--layers") ?? "2"), args.Contains("--cached-clusters") ? null : shared);
        return 0;
    case "eval":
        Evaluate(shared, Option("--seconds") is { } sec ? double.Parse(sec, System.Globalization.CultureInfo.InvariantCulture) : 5);
        return 0;
    default:
        Console.Error.WriteLine("usage: train|eval [--shared DIR]");
        return 2;
}

static string ClustersPath() => Path.Combine(RepositoryPaths.CacheDirectory, "ner", "clusters.tsv");

// Word clusters from unlabelled text, kept in .cache as "word TAB path TAB path ..." lines (one path per layer) for `train` and for inspection.
static void BuildClusters(string shared, int layers = 2)
{
    var watch = Stopwatch.StartNew();
    var sentences = ClusterCorpus.Sentences(shared, Console.WriteLine);
    var trained = Enumerable.Range(0, layers).Select(v => (IReadOnlyDictionary<string, WordClusters.Path>)WordClusterTrainer.Train(sentences, variant: v, log: v == 0 ? Console.WriteLine : null)).ToList();
    var clusters = new WordClusters(trained);
    string path = ClustersPath();
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllLines(path, clusters.Words.Select(w => w.Key + string.Concat(Enumerable.Range(0, layers).Select(l => "\t" + clusters.PathOf(w.Value, l)))));
    Console.WriteLine($"wrote {path}: {clusters.Count} words, {layers} layers; {watch.Elapsed.TotalSeconds:F0} s");
}

static WordClusters ReadClusters(string path)
{
    var layers = new List<Dictionary<string, WordClusters.Path>>();
    foreach (var line in File.ReadLines(path))
    {
        var cols = line.Split('\t');
        while (layers.Count < cols.Length - 1) layers.Add(new Dictionary<string, WordClusters.Path>(StringComparer.Ordinal));
        for (int l = 1; l < cols.Length; l++)
            if (cols[l].Length > 0) layers[l - 1][cols[0]] = new WordClusters.Path(Convert.ToUInt32(cols[l], 2), cols[l].Length);
    }
    return new WordClusters(layers);
}

// Clusters are rebuilt first unless --cached-clusters asks to reuse .cache/ner/clusters.tsv (development).
static void TrainNer(string conll, int epochs, int folds, int seed, int runs, int layers, string? sharedForClusters)
{
    var watch = Stopwatch.StartNew();
    if (sharedForClusters is not null || !File.Exists(ClustersPath())) BuildClusters(sharedForClusters ?? Path.GetFullPath(Path.Combine(conll, "..", "..", "..")), layers);
    var clusters = ReadClusters(ClustersPath());
    var train = NerTrainer.ReadConll(Path.Combine(conll, "eng.train"));
    var dev = NerTrainer.ReadConll(Path.Combine(conll, "eng.testa"));
    string cities = Path.Combine(RepositoryPaths.CacheDirectory, "geonames", "cities500.txt");
    var gazetteer = NerGazetteer.Build(RepositoryPaths.DataDirectory, File.Exists(cities) ? cities : null);
    Console.WriteLine($"clusters: {clusters.Count} words, {clusters.Layers} layers");
    Console.WriteLine($"train: {train.Count} docs; dev: {dev.Count} docs; gazetteer: {gazetteer.Count} phrases{(File.Exists(cities) ? " (with GeoNames cities)" : "")}");
    var model = NerTrainer.Train(train, gazetteer, clusters, epochs, seed: seed, dev: dev, log: Console.WriteLine, folds: folds, runs: runs);
    string path = RepositoryPaths.Data("models", NerModel.FileName);
    model.Save(path);
    NerModel.Load(path);  // warm
    var loadWatch = Stopwatch.StartNew();
    var reloaded = NerModel.Load(path);
    Console.WriteLine($"model load: {loadWatch.Elapsed.TotalMilliseconds:F0} ms");
    var score = NerTrainer.Evaluate(reloaded, dev);
    Console.WriteLine($"saved {path}: {model.FeatureCount} features, {new FileInfo(path).Length / 1024} KB; testa entity F1 {score.F1:F4} (P {score.Precision:F4} R {score.Recall:F4}); {watch.Elapsed.TotalSeconds:F0} s");
}

static Document Run(string id, string text, DateOnly? published = null)
{
    var doc = new Document(id, new SourceDocument { ArticleText = text, Published = published });
    doc.Article = new ArticleInfo { Text = text, Published = published };
    new LanguageStage().Process(doc);
    return doc;
}

static void Evaluate(string shared, double seconds)
{
    var nlp = Path.Combine(shared, "eval", "nlp");
    Console.WriteLine("Sitrep language layer (bench/Language); anchors from issue 4\n");

    var ud = UdDocuments(Path.Combine(nlp, "UD_English-EWT", "en_ewt-ud-dev.conllu"));
    int tp = 0, gold = 0, pred = 0, stp = 0, sgold = 0, spred = 0;
    foreach (var (text, tokens, sentences) in ud)
    {
        var doc = Run("ud", text);
        var got = doc.Tokens.Select(t => (t.Start, t.End)).ToHashSet();
        tp += tokens.Count(got.Contains); gold += tokens.Count; pred += got.Count;
        var sgot = doc.Sentences.Select(s => (s.Start, s.End)).ToHashSet();
        stp += sentences.Count(sgot.Contains); sgold += sentences.Count; spred += sgot.Count;
    }
    Console.WriteLine($"UD English EWT dev ({ud.Count} docs): token F1 {F1(tp, pred, gold):F3} (P {Ratio(tp, pred):F3} R {Ratio(tp, gold):F3}); sentence F1 {F1(stp, spred, sgold):F3} (P {Ratio(stp, spred):F3} R {Ratio(stp, sgold):F3})");
    Console.WriteLine("  (the issue names no anchor for tokens and sentences; gold tokens are UD words where they spell the surface form)\n");

    var conll = ConllDocuments(Path.Combine(nlp, "CoNLL-2003", "eng.testa"));
    var map = new Dictionary<string, string> { ["PER"] = "PER", ["ORG"] = "ORG", ["LOC"] = "LOC", ["GPE"] = "LOC", ["NORP"] = "MISC", ["MISC"] = "MISC" };
    var byType = new Dictionary<string, (int Tp, int Pred, int Gold)>();
    using var nerDump = Environment.GetEnvironmentVariable("SITREP_BENCH_NER_DUMP") is { Length: > 0 } nerDumpPath ? new StreamWriter(nerDumpPath) : null;
    foreach (var (text, spans) in conll)
    {
        var doc = Run("conll", text);
        var found = doc.Entities.Where(e => map.ContainsKey(e.Type)).Select(e => (e.Start, e.End, map[e.Type])).ToList();
        if (nerDump is not null)
        {
            foreach (var g in spans.Except(found)) nerDump.WriteLine($"MISSED\t{g.Item3}\t{text[g.Item1..g.Item2]}\t{Context(text, g.Item1, g.Item2)}");
            foreach (var p in found.Except(spans)) nerDump.WriteLine($"SPURIOUS\t{p.Item3}\t{text[p.Item1..p.Item2]}\t{Context(text, p.Item1, p.Item2)}");
        }
        foreach (var t in new[] { "PER", "ORG", "LOC", "MISC" })
        {
            var g = spans.Where(s => s.Item3 == t).ToHashSet();
            var p = found.Where(s => s.Item3 == t).ToList();
            var c = byType.GetValueOrDefault(t);
            byType[t] = (c.Tp + p.Count(g.Contains), c.Pred + p.Count, c.Gold + g.Count);
        }
    }
    var all = byType.Values.Aggregate((a, b) => (a.Tp + b.Tp, a.Pred + b.Pred, a.Gold + b.Gold));
    Console.WriteLine($"CoNLL-2003 testa (dev, {conll.Count} docs, through LanguageStage): entity F1 {F1(all.Tp, all.Pred, all.Gold):F3} (P {Ratio(all.Tp, all.Pred):F3} R {Ratio(all.Tp, all.Gold):F3}); " +
        string.Join(" ", byType.Select(kv => $"{kv.Key} {F1(kv.Value.Tp, kv.Value.Pred, kv.Value.Gold):F3}")));
    Console.WriteLine("  anchors (test set): Stanford CRF 0.869, Ratinov & Roth 2009 0.908, Flair 0.931; acceptance >= 0.88 on test (scored from outside)\n");

    using var dump = Environment.GetEnvironmentVariable("SITREP_BENCH_DUMP") is { Length: > 0 } dumpPath ? new StreamWriter(dumpPath) : null;
    foreach (var (name, dir) in new[] { ("timebank", "TBAQ-cleaned/TimeBank"), ("aquaint", "TBAQ-cleaned/AQUAINT") })
    {
        var docs = TimeDocuments(Path.Combine(shared, "eval", "time", dir));
        int nGold = 0, nPred = 0, strict = 0, relaxed = 0, valueOk = 0;
        foreach (var (text, published, goldTimes) in docs)
        {
            var doc = Run("time", text, published);
            var predTimes = doc.Times.Select(t => (t.Start, t.End, t.Value ?? "")).ToList();
            nGold += goldTimes.Count; nPred += predTimes.Count;
            strict += goldTimes.Select(g => (g.Item1, g.Item2)).Intersect(predTimes.Select(p => (p.Start, p.End))).Count();
            var matched = MatchSpans(goldTimes.Select(g => (g.Item1, g.Item2)).ToList(), predTimes.Select(p => (p.Start, p.End)).ToList());
            foreach (var (gi, pi) in matched)
            {
                relaxed++;
                bool right = goldTimes[gi].Item3 == predTimes[pi].Item3.Trim();
                if (right) valueOk++;
                dump?.WriteLine($"{(right ? "OK" : "VALUE")}\t{published:yyyy-MM-dd}\t{text[goldTimes[gi].Item1..goldTimes[gi].Item2]}\t{goldTimes[gi].Item3}\t{text[predTimes[pi].Start..predTimes[pi].End]}\t{predTimes[pi].Item3}\t{Context(text, goldTimes[gi].Item1, goldTimes[gi].Item2)}");
            }
            if (dump is not null)
            {
                foreach (var g in goldTimes.Where((_, k) => !matched.Any(m => m.Item1 == k))) dump.WriteLine($"MISSED\t{published:yyyy-MM-dd}\t{text[g.Item1..g.Item2]}\t{g.Item3}\t{Context(text, g.Item1, g.Item2)}");
                foreach (var p in predTimes.Where((_, k) => !matched.Any(m => m.Item2 == k))) dump.WriteLine($"SPURIOUS\t{published:yyyy-MM-dd}\t{text[p.Start..p.End]}\t{p.Item3}\t{Context(text, p.Start, p.End)}");
            }
        }
        double relaxedF1 = F1(relaxed, nPred, nGold);
        Console.WriteLine($"{name} ({docs.Count} docs, {nGold} TIMEX3): relaxed span F1 {relaxedF1:F3}, strict span F1 {F1(strict, nPred, nGold):F3}, value F1 {relaxedF1 * Ratio(valueOk, relaxed):F3}");
    }
    Console.WriteLine("  anchors (TempEval-3 platinum): HeidelTime 1.8 relaxed 0.903 strict 0.813 value 0.776; Microsoft.Recognizers.Text value ~0.63; acceptance value >= 0.78, relaxed >= 0.90\n");

    // Throughput: the whole language stage, one thread, over the CoNLL and UD texts.
    var texts = conll.Select(c => c.Text).Concat(ud.Select(u => u.Text)).ToList();
    foreach (var t in texts.Take(20)) Run("warm", t);
    long tokenCount = 0, sentenceCount = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
        foreach (var t in texts)
        {
            var doc = Run("speed", t);
            tokenCount += doc.Tokens.Count;
            sentenceCount += doc.Sentences.Count;
        }
    double elapsed = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"throughput (one thread, LanguageStage): {tokenCount / elapsed:F0} tokens/s, {sentenceCount / elapsed:F0} sentences/s");
    Console.WriteLine("  acceptance: >= 50,000 tokens/s on one core");
}

static string Context(string text, int a, int b) => text[Math.Max(0, a - 40)..Math.Min(text.Length, b + 40)].ReplaceLineEndings(" ");

static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
static double F1(int tp, int pred, int gold) { double p = Ratio(tp, pred), r = Ratio(tp, gold); return p + r == 0 ? 0 : 2 * p * r / (p + r); }

/// <summary>One-to-one matching of overlapping spans, exact first then largest overlap (as the external scorer).</summary>
static List<(int, int)> MatchSpans(List<(int, int)> gold, List<(int, int)> pred)
{
    var pairs = new List<(int Exact, int Overlap, int G, int P)>();
    for (int g = 0; g < gold.Count; g++)
        for (int p = 0; p < pred.Count; p++)
        {
            int ov = Math.Min(gold[g].Item2, pred[p].Item2) - Math.Max(gold[g].Item1, pred[p].Item1);
            if (ov > 0) pairs.Add((gold[g] == pred[p] ? 0 : 1, -ov, g, p));
        }
    var usedG = new HashSet<int>(); var usedP = new HashSet<int>(); var result = new List<(int, int)>();
    foreach (var x in pairs.OrderBy(x => x.Exact).ThenBy(x => x.Overlap).ThenBy(x => x.G).ThenBy(x => x.P))
        if (!usedG.Contains(x.G) && !usedP.Contains(x.P)) { usedG.Add(x.G); usedP.Add(x.P); result.Add((x.G, x.P)); }
    return result;
}

/// <summary>Documents of UD EWT: text rebuilt from "# text" (sentences joined by spaces, paragraphs by newlines), gold token and sentence spans.</summary>
static List<(string Text, List<(int, int)> Tokens, List<(int, int)> Sentences)> UdDocuments(string path)
{
    var docs = new List<(string, List<(int, int)>, List<(int, int)>)>();
    var text = new System.Text.StringBuilder();
    var tokens = new List<(int, int)>();
    var sentences = new List<(int, int)>();
    string? sentenceText = null;
    var forms = new List<string>();
    void Flush()
    {
        if (text.Length > 0) docs.Add((text.ToString(), tokens.ToList(), sentences.ToList()));
        text.Clear(); tokens.Clear(); sentences.Clear();
    }
    int mwtEnd = 0;
    string? mwtForm = null;
    var mwtParts = new List<string>();
    foreach (var line in File.ReadLines(path))
    {
        if (line.StartsWith("# newdoc", StringComparison.Ordinal)) Flush();
        else if (line.StartsWith("# newpar", StringComparison.Ordinal) && text.Length > 0) text.Append('\n');
        else if (line.StartsWith("# text = ", StringComparison.Ordinal)) sentenceText = line[9..];
        else if (line.Length == 0 && sentenceText is not null)
        {
            if (text.Length > 0 && text[^1] != '\n') text.Append(' ');
            int start = text.Length, cursor = 0;
            text.Append(sentenceText);
            foreach (var form in forms)
            {
                int at = sentenceText.IndexOf(form, cursor, StringComparison.Ordinal);
                if (at < 0) continue;
                tokens.Add((start + at, start + at + form.Length));
                cursor = at + form.Length;
            }
            sentences.Add((start, start + sentenceText.TrimEnd().Length));
            sentenceText = null; forms.Clear();
        }
        else if (line.Length > 0 && line[0] != '#')
        {
            var cols = line.Split('\t');
            if (cols[0].Contains('.')) continue;
            int dash = cols[0].IndexOf('-');
            if (dash > 0) { mwtEnd = int.Parse(cols[0][(dash + 1)..]); mwtForm = cols[1]; mwtParts.Clear(); continue; }
            if (mwtForm is not null)
            {
                mwtParts.Add(cols[1]);
                if (int.Parse(cols[0]) == mwtEnd)
                {
                    // Words of a contraction count as tokens when they spell it ("do"+"n't"); otherwise the surface form does.
                    if (string.Concat(mwtParts) == mwtForm) forms.AddRange(mwtParts); else forms.Add(mwtForm);
                    mwtForm = null;
                }
                continue;
            }
            forms.Add(cols[1]);
        }
    }
    Flush();
    return docs;
}

/// <summary>CoNLL documents as the external scorer builds them: tokens joined by spaces, sentences by newlines.</summary>
static List<(string Text, List<(int, int, string)> Spans)> ConllDocuments(string path)
{
    var result = new List<(string, List<(int, int, string)>)>();
    foreach (var d in NerTrainer.ReadConll(path))
    {
        var text = new System.Text.StringBuilder();
        var spans = new List<(int, int, string)>();
        for (int s = 0; s < d.Sentences.Count; s++)
        {
            if (s > 0) text.Append('\n');
            var starts = new List<int>();
            for (int i = 0; i < d.Sentences[s].Count; i++)
            {
                if (i > 0) text.Append(' ');
                starts.Add(text.Length);
                text.Append(d.Sentences[s][i]);
            }
            foreach (var (a, b, type) in NerTrainer.Spans(d.Labels[s]))
                spans.Add((starts[a], starts[b - 1] + d.Sentences[s][b - 1].Length, type));
        }
        result.Add((text.ToString(), spans));
    }
    return result;
}

/// <summary>TimeML documents: TEXT content without tags, DCT, and gold TIMEX3 (start, end, value).</summary>
static List<(string Text, DateOnly? Published, List<(int, int, string)> Gold)> TimeDocuments(string dir)
{
    var docs = new List<(string, DateOnly?, List<(int, int, string)>)>();
    foreach (var path in Directory.GetFiles(dir, "*.tml").Order(StringComparer.Ordinal))
    {
        var root = XDocument.Load(path, LoadOptions.PreserveWhitespace).Root!;
        var text = new System.Text.StringBuilder();
        var gold = new List<(int, int, string)>();
        void Walk(XElement el)
        {
            int start = text.Length;
            foreach (var node in el.Nodes())
                if (node is XText t) text.Append(t.Value);
                else if (node is XElement child) Walk(child);
            if (el.Name.LocalName == "TIMEX3" && (string?)el.Attribute("functionInDocument") != "CREATION_TIME")
                gold.Add((start, text.Length, ((string?)el.Attribute("value") ?? "").Trim()));
        }
        Walk(root.Element("TEXT")!);
        string? dct = (string?)root.Element("DCT")?.Element("TIMEX3")?.Attribute("value");
        DateOnly? published = dct is { Length: >= 10 } && DateOnly.TryParse(dct[..10], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        docs.Add((text.ToString(), published, gold));
    }
    return docs;
}
