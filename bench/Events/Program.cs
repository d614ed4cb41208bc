using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sitrep.Coding.Learning;
using Sitrep.Core;

// Trains and evaluates Sitrep's event-type models from the shared evaluation data.
//   dotnet run -c Release --project bench/Events -- train [--shared ../shared]
//   dotnet run -c Release --project bench/Events -- eval  [--shared ../shared]
var verb = args.FirstOrDefault() ?? "eval";
var shared = args.SkipWhile(a => a != "--shared").Skip(1).FirstOrDefault()
    ?? Path.GetFullPath(Path.Combine(RepositoryPaths.DataDirectory, "..", "..", "shared"));
var events = Path.Combine(shared, "eval", "events");

switch (verb)
{
    case "train":
        Train(events);
        return 0;
    case "eval":
        Evaluate(events);
        return 0;
    case "speed":
        MeasureCodingSpeed(GoldPlover(events).Select(g => g.Text).Concat(File.ReadLines(Path.Combine(events, "case2021-task2", "case2021_task2.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(c => c.Length == 3).Select(c => c[1])).ToList());
        return 0;
    case "cv":
        CrossValidatePipeline(events);
        return 0;
    default:
        Console.Error.WriteLine("usage: train|eval [--shared DIR]");
        return 2;
}

static void Train(string events)
{
    var plover = PloverExamples(events);
    Console.WriteLine($"plover: {plover.Count} training sentences");
    var ploverModel = AveragedPerceptron.Train(plover, epochs: 12);
    Directory.CreateDirectory(RepositoryPaths.Data("models"));
    ploverModel.Save(EventModels.PathOf(EventModels.PloverFile));
    Console.WriteLine($"plover: {ploverModel.FeatureCount} features, {ploverModel.Labels.Length} classes -> data/models/{EventModels.PloverFile}");

    var acled = AcledExamples(events);
    var acledModel = AveragedPerceptron.Train(acled, epochs: 15);
    acledModel.Save(EventModels.PathOf(EventModels.AcledFile));
    Console.WriteLine($"acled: {acled.Count} snippets, {acledModel.FeatureCount} features -> data/models/{EventModels.AcledFile}");
}

static void Evaluate(string events)
{
    // PLOVER: trained without the gold set, so scoring on it is fair.
    var gsr = GoldPlover(events);
    var model = AveragedPerceptron.Train(PloverExamples(events), epochs: 12);
    var predictions = gsr.Select(g => model.Predict(SentenceFeatures.FromText(g.Text)).Label).ToList();
    Report("plover-gsr (model alone, trained on NGEC + PETRARCH records)", gsr.Select(g => g.Label).ToList(), predictions);

    // ACLED: the CASE dev half is also the training data, so report 5-fold cross-validation.
    var acled = AcledExamples(events);
    var gold = new List<string>();
    var predicted = new List<string>();
    for (int fold = 0; fold < 5; fold++)
    {
        var train = acled.Where((_, i) => i % 5 != fold).ToList();
        var test = acled.Where((_, i) => i % 5 == fold).ToList();
        var m = AveragedPerceptron.Train(train, epochs: 15);
        foreach (var (features, label) in test)
        {
            gold.Add(label);
            predicted.Add(m.Predict(features).Label);
        }
    }
    Report("case2021 (model alone, 5-fold cross-validation on the dev half)", gold, predicted);

    MeasureCodingSpeed(gsr.Select(g => g.Text).Concat(File.ReadLines(Path.Combine(events, "case2021-task2", "case2021_task2.tsv")).Skip(1)
        .Select(l => l.Split('\t')).Where(c => c.Length == 3).Select(c => c[1])).ToList());
}

// The coding stages alone (events, actors, consolidation) on one thread, over documents the
// language stage has already annotated: the figure issue 5 asks for.
static void MeasureCodingSpeed(List<string> texts)
{
    var language = new Sitrep.Language.LanguageStage();
    var coding = new PipelineBuilder()
        .Use(new Sitrep.Coding.EventStage())
        .Use(new Sitrep.Coding.ActorStage())
        .Use(new Sitrep.Coding.EventConsolidationStage())
        .Build();
    Document Annotated(string text)
    {
        var doc = new Document("speed", new SourceDocument { ArticleText = text }) { Article = new ArticleInfo { Text = text } };
        language.Process(doc);
        return doc;
    }
    // Warm up until the JIT has settled (tiered compilation and PGO recompile hot methods over the first seconds),
    // so the figure is the steady state of a long run, not of start-up; the first, cold pass is printed too.
    var cold = texts.Select(Annotated).ToList();
    var coldClock = Stopwatch.StartNew();
    foreach (var d in cold) coding.Process(d);
    coldClock.Stop();
    Console.WriteLine(FormattableString.Invariant($"first (cold) pass: {cold.Sum(d => d.Sentences.Count) / coldClock.Elapsed.TotalSeconds:F0} sentences/s"));
    var warmUp = Stopwatch.StartNew();
    int warmRounds = 0;
    while (warmUp.Elapsed.TotalSeconds < 10 || warmRounds < 3)
    {
        foreach (var d in texts.Select(Annotated).ToList()) coding.Process(d);
        warmRounds++;
    }
    Console.WriteLine(FormattableString.Invariant($"warm-up: {warmRounds} passes in {warmUp.Elapsed.TotalSeconds:F1} s"));
    int sentences = 0;
    var clock = new Stopwatch();
    int rounds = int.TryParse(Environment.GetEnvironmentVariable("SITREP_BENCH_ROUNDS"), out var r) ? r : 10;
    for (int round = 0; round < rounds; round++)
    {
        var docs = texts.Select(Annotated).ToList();
        clock.Start();
        foreach (var d in docs) coding.Process(d);
        clock.Stop();
        sentences += docs.Sum(d => d.Sentences.Count);
    }
    Console.WriteLine(FormattableString.Invariant($"coding stages (events + actors + consolidate), one thread: {sentences / clock.Elapsed.TotalSeconds:F0} sentences/s over {sentences} sentences"));
    foreach (var stage in coding.Stages)
    {
        var docs = texts.Select(Annotated).ToList();
        foreach (var earlier in coding.Stages.TakeWhile(x => x != stage)) foreach (var d in docs) earlier.Process(d);
        var watch = Stopwatch.StartNew();
        foreach (var d in docs) stage.Process(d);
        Console.WriteLine(FormattableString.Invariant($"  {stage.Name}: {docs.Sum(d => d.Sentences.Count) / watch.Elapsed.TotalSeconds:F0} sentences/s"));
    }
}

// The whole coder (rules + models) on CASE 2021 by 5-fold cross-validation: the ACLED model of each
// fold never sees the snippets it is scored on. Prints weighted F1 for several override thresholds.
static void CrossValidatePipeline(string events)
{
    var labels = TsvReader.Read(RepositoryPaths.Data("coding", "case2021_labels.tsv")).ToDictionary(r => r["code"], r => r["sub_event_type"]);
    var rows = File.ReadLines(Path.Combine(events, "case2021-task2", "case2021_task2.tsv")).Skip(1)
        .Select(line => line.Split('\t')).Where(c => c.Length == 3 && labels.ContainsKey(c[2]))
        .Select(c => (Text: c[1], Label: labels[c[2]])).ToList();
    foreach (var threshold in new[] { 1.01f, 0.9f, 0.7f, 0.5f, 0.0f })
    {
        var gold = new List<string>();
        var predicted = new List<string>();
        for (int fold = 0; fold < 5; fold++)
        {
            var train = rows.Where((_, i) => i % 5 != fold).Select(r => ((string[])[.. SentenceFeatures.FromText(r.Text)], r.Label)).ToList();
            var model = AveragedPerceptron.Train(train, epochs: 15);
            var pipeline = new PipelineBuilder()
                .Use(new Sitrep.Language.LanguageStage())
                .Use(new Sitrep.Coding.EventStage(Sitrep.Coding.EventLexicon.Default, EventModels.Plover, model, Sitrep.Coding.AcledRules.Default, threshold))
                .Use(new Sitrep.Coding.ActorStage())
                .Use(new Sitrep.Coding.EventConsolidationStage())
                .Build();
            foreach (var (text, label) in rows.Where((_, i) => i % 5 == fold))
            {
                var doc = pipeline.Process(new Document("cv", new SourceDocument { ArticleText = text }) { Article = new ArticleInfo { Text = text } });
                var top = doc.Events.Where(e => !e.Negated && e.Acled is not null).OrderByDescending(e => e.Confidence).FirstOrDefault();
                gold.Add(label);
                predicted.Add(top?.Acled?.SubEventType ?? "none");
            }
        }
        Report(FormattableString.Invariant($"case2021 pipeline, override >= {threshold:F2} (5-fold CV)"), gold, predicted);
    }
}

static void Report(string name, List<string> gold, List<string> predicted)
{
    var classes = gold.Distinct().ToList();
    double weighted = 0, macro = 0;
    foreach (var c in classes)
    {
        int tp = gold.Zip(predicted).Count(x => x.First == c && x.Second == c);
        int g = gold.Count(x => x == c), p = predicted.Count(x => x == c);
        double prec = p == 0 ? 0 : (double)tp / p, rec = (double)tp / g;
        double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
        weighted += f1 * g;
        macro += f1;
    }
    double acc = (double)gold.Zip(predicted).Count(x => x.First == x.Second) / gold.Count;
    Console.WriteLine(FormattableString.Invariant($"{name}: n={gold.Count} acc={acc:F3} macroF1={macro / classes.Count:F3} weightedF1={weighted / gold.Count:F3}"));
}

static List<(string[] Features, string Label)> PloverExamples(string events)
{
    var examples = new List<(string[], string)>();
    // NGEC's synthetic stories: the story's lead sentence states its labelled event.
    using (var zip = ZipFile.OpenRead(Directory.GetFiles(Path.Combine(events, "ngec", "setup", "train_classifiers"), "*.zip")[0]))
    using (var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(zip.Entries.First(e => e.Name.EndsWith(".csv", StringComparison.Ordinal)).Open()))
    {
        parser.SetDelimiters(",");
        parser.HasFieldsEnclosedInQuotes = true;
        var header = parser.ReadFields()!;
        int textColumn = Array.IndexOf(header, "text"), labelColumn = Array.IndexOf(header, "label");
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields();
            if (fields is null || fields.Length <= Math.Max(textColumn, labelColumn)) continue;
            var label = Normalize(fields[labelColumn]);
            var text = fields[textColumn];
            if (label is null || string.IsNullOrWhiteSpace(text)) continue;
            examples.Add(([.. SentenceFeatures.FromText(text, firstSentenceOnly: true)], label));
        }
    }
    // PETRARCH and UD-PETRARCH validation records: CAMEO-coded sentences, mapped to PLOVER.
    var cameo = CameoToPlover(Path.Combine(events, "plover", "CAMEO2PLOVER-2021.txt"));
    foreach (var file in new[] { "petrarch1/PETR.Validate.records.140226.txt", "universalpetrarch/en_validate/PETR_Validate_records_2_02.xml", "petrarch2/text/PETR.UnitTest.records.xml" })
    {
        var xml = File.ReadAllText(Path.Combine(events, file));
        foreach (Match block in Regex.Matches(xml, @"<Sentence\b.*?</Sentence>", RegexOptions.Singleline))
        {
            var code = Regex.Match(block.Value, "eventcode=\"(\\d+)\"");
            var text = Regex.Match(block.Value, @"<Text>(.*?)</Text>", RegexOptions.Singleline);
            if (!code.Success || !text.Success) continue;
            var label = Lookup(cameo, code.Groups[1].Value);
            if (label is null) continue;
            examples.Add(([.. SentenceFeatures.FromText(text.Groups[1].Value.Trim())], label));
        }
    }
    return examples;
}

static List<(string Text, string Label)> GoldPlover(string events)
{
    using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(events, "plover-gsr", "PLOVER_GSR_CAMEO.json")));
    return json.RootElement.EnumerateArray()
        .Where(r => r.TryGetProperty("text", out var t) && t.GetString() is { Length: > 0 } && r.GetProperty("event").GetString() != "DOCUMENT")
        .Select(r => (r.GetProperty("text").GetString()!, Normalize(r.GetProperty("event").GetString()!)!))
        .ToList();
}

static List<(string[] Features, string Label)> AcledExamples(string events)
{
    var labels = TsvReader.Read(RepositoryPaths.Data("coding", "case2021_labels.tsv")).ToDictionary(r => r["code"], r => r["sub_event_type"]);
    return File.ReadLines(Path.Combine(events, "case2021-task2", "case2021_task2.tsv")).Skip(1)
        .Select(line => line.Split('\t'))
        .Where(cells => cells.Length == 3 && labels.ContainsKey(cells[2]))
        .Select(cells => ((string[])[.. SentenceFeatures.FromText(cells[1])], labels[cells[2]]))
        .ToList();
}

// PLOVER 0.5 labels as the current manual names them.
static string? Normalize(string label) => label.Trim().ToUpperInvariant() switch
{
    "DEMAND" => "REQUEST",
    "DISAPPROVE" or "INVESTIGATE" => "ACCUSE",
    "FIGHT" => "ASSAULT",
    "" => null,
    var other => other,
};

static Dictionary<string, string> CameoToPlover(string path)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (var line in File.ReadLines(path))
    {
        var m = Regex.Match(line, @"^(\d{2,4}):\s*([A-Z]+)");
        if (m.Success) map[m.Groups[1].Value] = Normalize(m.Groups[2].Value)!;
    }
    return map;
}

static string? Lookup(Dictionary<string, string> map, string code)
{
    for (int n = code.Length; n >= 2; n--)
        if (map.TryGetValue(code[..n], out var label)) return label;
    return null;
}
