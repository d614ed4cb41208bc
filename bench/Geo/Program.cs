using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Sitrep.Core;
using Sitrep.Geo;
using Sitrep.Language;

// Usage: dotnet run -c Release --project bench/Geo [-- --data DIR] [--sets lgl,gwn] [--errors FILE] [--explain TEXT]
// Scores like ../shared/scorers/score_geo.py (same gold selection, span matching and metrics), in process.
var options = Options.Parse(args);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var loadClock = Stopwatch.StartNew();
var gazetteer = Gazetteer.Default;
double loadMs = loadClock.Elapsed.TotalMilliseconds;
Console.WriteLine($"gazetteer: {gazetteer.EntryCount:N0} entries, index load {loadMs:F0} ms");

var language = new LanguageStage();
var geocoding = new GeocodingStage(gazetteer);
// Warm the NER model and lexicons so their load does not count as throughput.
Run(new GoldDocument("warm", "Fighting near Aleppo, Syria, and Mosul in Iraq.", [], []));

if (options.Explain is { } sample)
{
    // Shows what the stages see in one text: tokens, entities and the places found.
    var doc = Run(new GoldDocument("sample", sample, [], []));
    Console.WriteLine("tokens:   " + string.Join(" | ", doc.Tokens.Select(t => t.Text)));
    Console.WriteLine("entities: " + string.Join("; ", doc.Entities.Select(e => $"{e.Text}/{e.Type}")));
    foreach (var p in doc.Places)
        Console.WriteLine($"place:    {p.Text} [{p.Start},{p.End}) -> {p.Place.Name} {p.Place.Country} {p.Place.Admin1} {p.Place.Feature} {p.Place.GeonamesId} ({p.Place.Latitude}, {p.Place.Longitude})");
    return;
}

using var errors = options.ErrorsFile is null ? null : new StreamWriter(options.ErrorsFile);
foreach (var set in options.Sets)
{
    var docs = GoldSets.Load(set, options.DataDirectory);
    var metrics = new Metrics();
    var given = new Metrics();
    var clock = Stopwatch.StartNew();
    var outputs = new List<Document>(docs.Count);
    foreach (var doc in docs) outputs.Add(Run(doc));
    double seconds = clock.Elapsed.TotalSeconds;
    for (int d = 0; d < docs.Count; d++)
    {
        metrics.Add(docs[d], outputs[d].Places, errors);
        // Gold toponyms given: resolution only, the peers' usual setting.
        var spans = docs[d].Gold.Select(g => new TextSpan(g.Start, g.End));
        given.Add(docs[d], geocoding.ResolveSpans(outputs[d], spans), null);
    }
    Report(set, docs.Count, seconds, metrics, given);
}

Document Run(GoldDocument gold)
{
    var doc = new Document(gold.Id, new SourceDocument { ArticleText = gold.Text }) { Article = new ArticleInfo { Text = gold.Text } };
    language.Process(doc);
    geocoding.Process(doc);
    return doc;
}

static void Report(string set, int docs, double seconds, Metrics m, Metrics given)
{
    Console.WriteLine();
    Console.WriteLine($"{set}: {docs} docs, {m.Gold} gold toponyms ({m.GoldWithCoordinates} with coordinates), {m.Predicted} predicted; {docs / seconds:F1} docs/s (language + geocoding, one thread)");
    Console.WriteLine($"  detection    P {m.Precision:F3}  R {m.Recall:F3}  F1 {m.F1:F3}  (TP {m.TruePositives})");
    Console.WriteLine($"  resolution   {m.Errors.Count} matched with coordinates: acc@161 {m.Acc161:F3}  mean {m.MeanKm:F0} km  median {m.MedianKm:F0} km  AUC {m.Auc:F3}");
    Console.WriteLine($"  end-to-end   acc@161 {m.EndToEnd:F3}");
    Console.WriteLine($"  gold given   acc@161 {given.Acc161:F3} over {given.Errors.Count} resolved of {given.GoldWithCoordinates} (unresolved count as wrong: {given.EndToEnd:F3})  mean {given.MeanKm:F0} km  AUC {given.Auc:F3}");
    var peers = Peers.For(set);
    if (peers.Length > 0)
    {
        Console.WriteLine("  peers (published, gold toponyms given; end to end where stated):");
        foreach (var line in peers) Console.WriteLine("    " + line);
    }
}

internal sealed record GoldToponym(int Start, int End, string Phrase, double? Latitude, double? Longitude);

internal sealed record GoldDocument(string Id, string Text, List<GoldToponym> Gold, List<(int Start, int End)> Ignored);

internal sealed record Options(string DataDirectory, string[] Sets, string? ErrorsFile, string? Explain)
{
    public static Options Parse(string[] args)
    {
        string? data = null, errors = null, explain = null;
        string[] sets = ["lgl", "gwn"];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length: data = args[++i]; break;
                case "--sets" when i + 1 < args.Length: sets = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--errors" when i + 1 < args.Length: errors = args[++i]; break;
                case "--explain" when i + 1 < args.Length: explain = args[++i]; break;
                default:
                    Console.Error.WriteLine("usage: Sitrep.Bench.Geo [--data DIR] [--sets lgl,gwn] [--errors FILE] [--explain TEXT]");
                    Environment.Exit(2);
                    break;
            }
        }
        return new Options(data ?? Path.GetFullPath(Path.Combine(RepositoryPaths.DataDirectory, "..", "..", "shared", "eval", "geo")), sets, errors, explain);
    }
}

/// <summary>The dev sets, read the way score_geo.py reads them.</summary>
internal static class GoldSets
{
    public static List<GoldDocument> Load(string set, string dataDirectory) => set switch
    {
        "lgl" => LoadLgl(Path.Combine(dataDirectory, "LGL", "lgl.xml")),
        "gwn" => LoadGwn(Path.Combine(dataDirectory, "GeoWebNews", "GWN.xml")),
        _ => throw new ArgumentException($"unknown set {set} (lgl, gwn)"),
    };

    private static List<GoldDocument> LoadLgl(string path)
    {
        var result = new List<GoldDocument>();
        int n = 0;
        foreach (var article in XDocument.Load(path).Root!.Elements("article"))
        {
            var text = (string?)article.Element("text") ?? "";
            var gold = new List<GoldToponym>();
            foreach (var t in article.Descendants("toponym"))
            {
                var tag = t.Element("gaztag");
                var toponym = new GoldToponym((int)t.Element("start")!, (int)t.Element("end")!, (string?)t.Element("phrase") ?? "",
                    Number(tag?.Element("lat")), Number(tag?.Element("lon")));
                if (Realign(text, toponym) is { } aligned) gold.Add(aligned);
            }
            result.Add(new GoldDocument("lgl-" + ((string?)article.Attribute("docid") ?? n.ToString()), ToUtf16(text, gold, out var g2), g2, []));
            n++;
        }
        return result;
    }

    private static readonly HashSet<string> GwnIgnored = ["Demonym"];

    private static List<GoldDocument> LoadGwn(string path)
    {
        var result = new List<GoldDocument>();
        int n = 0;
        foreach (var article in XDocument.Load(path).Root!.Elements("article"))
        {
            var text = (string?)article.Element("text") ?? "";
            var gold = new List<GoldToponym>();
            var ignored = new List<GoldToponym>();
            foreach (var t in article.Descendants("toponym"))
            {
                var lat = Number(t.Element("latitude"));
                var toponym = new GoldToponym((int)t.Element("start")!, (int)t.Element("end")!, (string?)t.Element("extractedName") ?? "", lat, Number(t.Element("longitude")));
                if (Realign(text, toponym) is not { } aligned) continue;
                if (lat is not null) gold.Add(aligned);
                else if (GwnIgnored.Contains((string?)t.Element("type") ?? "")) ignored.Add(aligned);
            }
            var utf16 = ToUtf16(text, gold, out var g2);
            ToUtf16(text, ignored, out var i2);
            result.Add(new GoldDocument("gwn-" + n, utf16, g2, i2.Select(i => (i.Start, i.End)).ToList()));
            n++;
        }
        return result;
    }

    /// <summary>The gold offsets count code points; .NET strings count UTF-16 units.</summary>
    private static string ToUtf16(string text, List<GoldToponym> gold, out List<GoldToponym> converted)
    {
        var map = new int[text.Length + 1];
        int cp = 0;
        for (int u = 0; u < text.Length; u++)
        {
            map[cp] = u;
            if (char.IsHighSurrogate(text[u]) && u + 1 < text.Length) u++;
            cp++;
        }
        map[cp] = text.Length;
        converted = gold.Where(g => g.End <= cp).Select(g => g with { Start = map[g.Start], End = map[g.End] }).ToList();
        return text;
    }

    private static GoldToponym? Realign(string text, GoldToponym t)
    {
        if (t.Start < 0 || t.End <= t.Start || t.End > text.Length) return null;
        if (t.Phrase.Length == 0 || text.AsSpan(t.Start, t.End - t.Start).SequenceEqual(t.Phrase)) return t;
        for (int d = 0; d <= 15; d++)
            foreach (int s in new[] { t.Start - d, t.Start + d })
                if (s >= 0 && s + t.Phrase.Length <= text.Length && string.CompareOrdinal(text, s, t.Phrase, 0, t.Phrase.Length) == 0)
                    return t with { Start = s, End = s + t.Phrase.Length };
        return null;
    }

    private static double? Number(XElement? e) =>
        e is not null && double.TryParse(e.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}

/// <summary>Detection P/R/F1 with one-to-one overlap matching, errors in km, acc@161, AUC (Gritta et al. 2018).</summary>
internal sealed class Metrics
{
    private const double MaxKm = 20039;
    public int Gold, GoldWithCoordinates, Predicted, TruePositives;
    public readonly List<double> Errors = [];

    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;
    public double Recall => Gold == 0 ? 0 : (double)TruePositives / Gold;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public double Acc161 => Errors.Count == 0 ? 0 : Errors.Count(e => e <= 161) / (double)Errors.Count;
    public double EndToEnd => GoldWithCoordinates == 0 ? 0 : Errors.Count(e => e <= 161) / (double)GoldWithCoordinates;
    public double MeanKm => Errors.Count == 0 ? 0 : Errors.Average();
    public double MedianKm
    {
        get
        {
            if (Errors.Count == 0) return 0;
            var sorted = Errors.Order().ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Auc
    {
        get
        {
            var y = Errors.Select(e => Math.Log(1 + Math.Min(e, MaxKm)) / Math.Log(MaxKm)).Order().ToList();
            if (y.Count < 2) return y.Count == 1 ? y[0] : 0;
            double area = 0;
            for (int i = 1; i < y.Count; i++) area += (y[i - 1] + y[i]) / 2;
            return area / (y.Count - 1);
        }
    }

    public void Add(GoldDocument doc, IReadOnlyList<PlaceMention> places, TextWriter? errors)
    {
        var gold = doc.Gold;
        var pairs = Match(gold.Select(g => (g.Start, g.End)).ToList(), places.Select(p => (p.Start, p.End)).ToList());
        var matchedPredictions = pairs.Select(p => p.Predicted).ToHashSet();
        var ignored = Match(doc.Ignored, places.Select(p => (p.Start, p.End)).ToList()).Select(p => p.Predicted).Where(p => !matchedPredictions.Contains(p)).ToHashSet();
        TruePositives += pairs.Count;
        Predicted += places.Count - ignored.Count;
        Gold += gold.Count;
        GoldWithCoordinates += gold.Count(g => g.Latitude is not null);
        var matchedGold = new HashSet<int>();
        foreach (var (gi, pi) in pairs)
        {
            matchedGold.Add(gi);
            var g = gold[gi];
            if (g.Latitude is null) continue;
            var p = places[pi].Place;
            double km = Haversine(g.Latitude.Value, g.Longitude!.Value, p.Latitude, p.Longitude);
            Errors.Add(km);
            if (km > 161) errors?.WriteLine($"WRONG\t{doc.Id}\t{g.Phrase}\t{p.Name}|{p.Country}|{p.Admin1}|{p.Feature}|{p.GeonamesId}\t{km:F0}\t{g.Latitude:F2},{g.Longitude:F2}\t{Context(doc.Text, g.Start, g.End)}");
        }
        if (errors is null) return;
        for (int gi = 0; gi < gold.Count; gi++)
            if (!matchedGold.Contains(gi))
                errors.WriteLine($"MISS\t{doc.Id}\t{gold[gi].Phrase}\t\t\t{gold[gi].Latitude:F2},{gold[gi].Longitude:F2}\t{Context(doc.Text, gold[gi].Start, gold[gi].End)}");
        for (int pi = 0; pi < places.Count; pi++)
            if (!matchedPredictions.Contains(pi) && !ignored.Contains(pi))
                errors.WriteLine($"EXTRA\t{doc.Id}\t{places[pi].Text}\t{places[pi].Place.Name}|{places[pi].Place.Country}|{places[pi].Place.Feature}\t\t\t{Context(doc.Text, places[pi].Start, places[pi].End)}");
    }

    private static string Context(string text, int start, int end)
    {
        int a = Math.Max(0, start - 50), b = Math.Min(text.Length, end + 50);
        return (text[a..start] + "[[" + text[start..end] + "]]" + text[end..b]).Replace('\n', ' ').Replace('\t', ' ');
    }

    /// <summary>One-to-one matching of overlapping spans: exact matches first, then largest overlap.</summary>
    private static List<(int Gold, int Predicted)> Match(List<(int Start, int End)> gold, List<(int Start, int End)> predicted)
    {
        var candidates = new List<(bool Exact, int Overlap, int Gold, int Predicted)>();
        for (int g = 0; g < gold.Count; g++)
            for (int p = 0; p < predicted.Count; p++)
            {
                int overlap = Math.Min(gold[g].End, predicted[p].End) - Math.Max(gold[g].Start, predicted[p].Start);
                if (overlap > 0) candidates.Add((gold[g] == predicted[p], overlap, g, p));
            }
        var usedGold = new HashSet<int>();
        var usedPredicted = new HashSet<int>();
        var result = new List<(int, int)>();
        foreach (var c in candidates.OrderByDescending(c => c.Exact).ThenByDescending(c => c.Overlap).ThenBy(c => c.Gold).ThenBy(c => c.Predicted))
            if (usedGold.Add(c.Gold))
            {
                if (usedPredicted.Add(c.Predicted)) result.Add((c.Gold, c.Predicted));
                else usedGold.Remove(c.Gold);
            }
        return result;
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        double p1 = lat1 * Math.PI / 180, p2 = lat2 * Math.PI / 180;
        double dp = p2 - p1, dl = (lon2 - lon1) * Math.PI / 180;
        double a = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>Published figures from the issue and ../shared/eval/geo/PROVENANCE.md.</summary>
internal static class Peers
{
    public static string[] For(string set) => set switch
    {
        "lgl" =>
        [
            "Mordecai 3 (README)           acc@161 0.827  mean 304 km",
            "CamCoder (Gritta 2018)        acc@161 0.76   AUC 0.22  mean ~700 km",
            "Edinburgh Geoparser           acc@161 0.76   AUC 0.25  mean ~800 km",
            "Yahoo! PlaceSpotter           acc@161 0.72   AUC 0.34",
            "CLAVIN                        acc@161 0.71   AUC 0.26  mean ~1300 km",
            "Population baseline           acc@161 0.70   AUC 0.27",
            "Mordecai 3 end to end (TR-News held-out, 28 docs): acc@161 0.64, 12.7 docs/s",
        ],
        "gwn" =>
        [
            "Mordecai 3 (README)           acc@161 0.941  mean 249 km",
            "Mordecai 3 end to end (TR-News held-out, 28 docs): acc@161 0.64, 12.7 docs/s",
        ],
        _ => [],
    };
}
