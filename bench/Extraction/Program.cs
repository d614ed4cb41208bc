using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sitrep.Core;
using Sitrep.Extraction;
using Sitrep.Ingest;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Article-extraction bench: scores on the four dev benchmarks (official scorer), throughput of Sitrep's
// article stage on one core and on all cores, and the same pages through Readability.js and SmartReader.
//   dotnet run -c Release --project bench/Extraction [-- all|score|speed] [--shared DIR] [--no-peers] [--no-cli]
var verb = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var repo = Path.GetFullPath(Path.Combine(RepositoryPaths.DataDirectory, ".."));
var shared = Option("--shared") ?? Path.GetFullPath(Path.Combine(repo, "..", "shared"));
var benchDir = Path.Combine(repo, "bench", "Extraction");
var results = Path.Combine(benchDir, "results");
bool peers = !args.Contains("--no-peers");
bool cli = !args.Contains("--no-cli");

var sets = BenchSet.Load(Path.Combine(shared, "eval", "extraction"));
if (sets.Count == 0)
{
    Console.Error.WriteLine($"No benchmark data under {shared}/eval/extraction (use --shared DIR).");
    return 2;
}
var pages = sets.SelectMany(s => s.Files).Distinct(StringComparer.Ordinal).ToList();
Console.WriteLine($"data: {string.Join(", ", sets.Select(s => $"{s.Name} {s.Files.Count}"))}; {pages.Count} distinct pages");

if (verb is "all" or "score")
{
    var predDir = Path.Combine(results, "sitrep");
    Predict.Sitrep(sets, predDir);
    Console.WriteLine("\n== Sitrep, official scorer (../shared/scorers/score_extraction.py --pred-dir) ==");
    Scorer.Run(shared, predDir);
}
if (verb is "all" or "speed")
{
    var corpus = Corpus.Load(pages);
    Console.WriteLine($"\n== Throughput on {corpus.Count} pages, {corpus.MegaBytes:F1} MB of HTML (decoding + extraction, file reading and gunzip excluded) ==");
    var one = Speed.Sitrep(corpus, singleCore: true);
    var all = Speed.Sitrep(corpus, singleCore: false);
    Console.WriteLine(one.Line());
    Console.WriteLine(all.Line());
    Console.WriteLine($"peak working set of this process so far: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
    Measurement? cliRun = cli ? Speed.SitrepCli(repo, pages, corpus) : null;
    if (cliRun is not null) Console.WriteLine(cliRun.Line());

    if (peers)
    {
        var peerRuns = new List<Measurement>();
        if (Speed.SmartReader(corpus, Path.Combine(results, "smartreader")) is { } smart) peerRuns.Add(smart);
        foreach (var dom in new[] { "jsdom", "linkedom" })
            if (Peers.Readability(benchDir, pages, dom, Path.Combine(results, "readability-" + dom)) is { } r) peerRuns.Add(r);
        foreach (var p in peerRuns) Console.WriteLine(p.Line());
        Console.WriteLine("\n== Ratios (Sitrep in-process, single core, over each peer on the same core) ==");
        foreach (var p in peerRuns)
        {
            Console.WriteLine($"sitrep / {p.Name,-22} {one.DocsPerSecond / p.DocsPerSecond,6:F1}x docs/s");
            if (cliRun is not null) Console.WriteLine($"./sitrep article (process, 1 core) / {p.Name,-22} {cliRun.DocsPerSecond / p.DocsPerSecond,6:F1}x docs/s");
        }
        if (verb == "all")
        {
            foreach (var name in new[] { "smartreader", "readability-jsdom", "readability-linkedom" })
            {
                var dir = Path.Combine(results, name);
                if (!Directory.Exists(dir)) continue;
                Console.WriteLine($"\n== {name}, official scorer ==");
                Scorer.Run(shared, dir);
            }
        }
    }
}
return 0;

/// <summary>The dev half of one benchmark: the HTML files its gold refers to (as the official scorer loads them).</summary>
internal sealed record BenchSet(string Name, List<string> Files)
{
    public static List<BenchSet> Load(string root)
    {
        var result = new List<BenchSet>();
        foreach (var name in new[] { "zyte", "naeb", "trafilatura", "htmldate" })
        {
            var dir = Path.Combine(root, name);
            if (!Directory.Exists(dir)) continue;
            var files = new List<string>();
            if (name is "zyte" or "naeb")
            {
                using var gold = JsonDocument.Parse(PythonJson(Path.Combine(dir, name == "zyte" ? "ground-truth.json" : "articles.json")));
                foreach (var item in gold.RootElement.EnumerateObject()) files.Add(item.Name + ".html.gz");
            }
            else
            {
                using var gold = JsonDocument.Parse(PythonJson(Path.Combine(dir, "evaldata.json")));
                foreach (var item in gold.RootElement.EnumerateObject()) files.Add(item.Value.GetProperty("file").GetString()!);
            }
            result.Add(new BenchSet(name, files.Select(f => Path.Combine(dir, "html", f)).Where(File.Exists).ToList()));
        }
        return result;
    }

    /// <summary>The gold files were written by Python, which spells a missing value NaN.</summary>
    private static string PythonJson(string path) => File.ReadAllText(path).Replace(": NaN", ": null", StringComparison.Ordinal);
}

/// <summary>Writes Sitrep's article records for each set, read exactly as `./sitrep article` reads files.</summary>
internal static class Predict
{
    public static void Sitrep(List<BenchSet> sets, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var pipeline = new PipelineBuilder().Use(new ArticleStage()).Build();
        var reader = new InputReader(new IngestOptions());
        foreach (var set in sets)
        {
            var docs = reader.Read(set.Files).ToList();
            Parallel.ForEach(docs, d => pipeline.Process(d));
            using var w = new StreamWriter(Path.Combine(outDir, set.Name + ".jsonl"), false, new UTF8Encoding(false));
            foreach (var d in docs) w.WriteLine(RecordWriter.ToJson(d, articleOnly: true));
        }
    }
}

internal static class Scorer
{
    public static void Run(string shared, string predDir)
    {
        var script = Path.Combine(shared, "scorers", "score_extraction.py");
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--pred-dir");
        psi.ArgumentList.Add(predDir);
        try
        {
            using var p = Process.Start(psi)!;
            Console.Write(p.StandardOutput.ReadToEnd());
            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.WriteLine($"(cannot run python3 for the official scorer: {ex.Message})");
        }
    }
}

/// <summary>All pages, gunzipped into memory once, so timing covers only decoding and extraction.</summary>
internal sealed class Corpus
{
    public required List<string> Paths { get; init; }
    public required List<byte[]> Bytes { get; init; }
    public int Count => Bytes.Count;
    public double MegaBytes => Bytes.Sum(b => (long)b.Length) / 1e6;

    public static Corpus Load(List<string> paths)
    {
        var bytes = new List<byte[]>(paths.Count);
        foreach (var path in paths)
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            bytes.Add(ms.ToArray());
        }
        return new Corpus { Paths = paths, Bytes = bytes };
    }
}

internal sealed record Measurement(string Name, int Docs, double MegaBytes, double Seconds, int Failed, long PeakBytes)
{
    public double DocsPerSecond => Docs / Seconds;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-40} {Docs,5} docs {Seconds,7:F2} s  {DocsPerSecond,7:F1} docs/s  {MegaBytes / Seconds,6:F2} MB/s  peak {PeakBytes / 1048576.0,5:F0} MB  ({Failed} failed)");
}

internal static class Speed
{
    private static readonly Pipeline _pipeline = new PipelineBuilder().Use(new ArticleStage()).Build();

    private static bool ExtractOne(byte[] bytes)
    {
        Document doc;
        try
        {
            doc = new Document("bench", new SourceDocument { Html = TextDecoding.Decode(bytes, sniffHtmlMeta: true), ByteLength = bytes.Length });
        }
        catch (DocumentRejectedException)
        {
            return false;
        }
        return !_pipeline.Process(doc).Failed;
    }

    public static Measurement Sitrep(Corpus corpus, bool singleCore)
    {
        var self = Process.GetCurrentProcess();
        var all = self.ProcessorAffinity;
        if (singleCore) self.ProcessorAffinity = 1;
        try
        {
            // Warm-up: JIT, data files, regexes.
            foreach (var b in corpus.Bytes.Take(30)) ExtractOne(b);
            GC.Collect();
            int failed = 0;
            var sw = Stopwatch.StartNew();
            if (singleCore)
            {
                foreach (var b in corpus.Bytes) if (!ExtractOne(b)) failed++;
            }
            else
            {
                Parallel.ForEach(corpus.Bytes, b => { if (!ExtractOne(b)) Interlocked.Increment(ref failed); });
            }
            sw.Stop();
            self.Refresh();
            var name = singleCore ? "sitrep article stage, 1 core" : $"sitrep article stage, {Environment.ProcessorCount} cores";
            return new Measurement(name, corpus.Count, corpus.MegaBytes, sw.Elapsed.TotalSeconds, failed, self.PeakWorkingSet64);
        }
        finally
        {
            self.ProcessorAffinity = all;
        }
    }

    /// <summary>`./sitrep article` as a process pinned to core 0 (startup, gunzip and JSON output included).</summary>
    public static Measurement? SitrepCli(string repo, List<string> pages, Corpus corpus)
    {
        var launcher = Path.Combine(repo, "sitrep");
        if (!File.Exists(launcher)) return null;
        var list = Path.Combine(Path.GetTempPath(), $"sitrep-bench-{Environment.ProcessId}.out");
        try
        {
            // Build (if needed) outside the timing.
            RunProcess("bash", [launcher, "--version"], repo, out _);
            var argv = new List<string> { "-c", "0", "/usr/bin/time", "-f", "%M", launcher, "article", "--format", "jsonl", "--out", list };
            argv.AddRange(pages);
            var sw = Stopwatch.StartNew();
            int rc = RunProcess("taskset", argv, repo, out var stderr);
            sw.Stop();
            if (rc is not (0 or 1))
            {
                Console.WriteLine($"(./sitrep article could not run: exit {rc}: {stderr.Trim().Split('\n').LastOrDefault()})");
                return null;
            }
            var lastLine = stderr.Trim().Split('\n').LastOrDefault() ?? "0";
            long peakKb = long.TryParse(lastLine.Trim(), CultureInfo.InvariantCulture, out var kb) ? kb : 0;
            int failed = File.ReadLines(list).Count(l => l.Contains("\"error\"", StringComparison.Ordinal));
            return new Measurement("./sitrep article (process), 1 core", pages.Count, corpus.MegaBytes, sw.Elapsed.TotalSeconds, failed, peakKb * 1024);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.WriteLine($"(cannot time ./sitrep article: {ex.Message})");
            return null;
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>SmartReader (C# Readability port) in this process, on core 0, on the same decoded pages.</summary>
    public static Measurement? SmartReader(Corpus corpus, string predDir)
    {
        var self = Process.GetCurrentProcess();
        var all = self.ProcessorAffinity;
        self.ProcessorAffinity = 1;
        try
        {
            var html = new string?[corpus.Count];
            for (int i = 0; i < corpus.Count; i++)
            {
                try { html[i] = TextDecoding.Decode(corpus.Bytes[i], sniffHtmlMeta: true); }
                catch (DocumentRejectedException) { html[i] = null; }
            }
            foreach (var h in html.Take(10)) if (h is not null) Parse(h);
            GC.Collect();
            var articles = new global::SmartReader.Article?[corpus.Count];
            int failed = 0;
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < corpus.Count; i++)
            {
                articles[i] = html[i] is { } h ? Parse(h) : null;
                if (articles[i] is null) failed++;
            }
            sw.Stop();
            self.Refresh();
            WritePredictions(predDir, corpus.Paths, articles.Select(a => a is null ? null : ((string? Title, string? Text, string? Published)?)(a.Title, a.TextContent, a.PublicationDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null)).ToList());
            return new Measurement("SmartReader 0.11.1, 1 core", corpus.Count, corpus.MegaBytes, sw.Elapsed.TotalSeconds, failed, self.PeakWorkingSet64);
        }
        finally
        {
            self.ProcessorAffinity = all;
        }

        static global::SmartReader.Article? Parse(string h)
        {
            try
            {
                var a = new global::SmartReader.Reader("https://example.org/", h).GetArticle();
                return a.IsReadable ? a : null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }
    }

    /// <summary>One record per page, the same for every set (the scorer picks its ids).</summary>
    public static void WritePredictions(string dir, List<string> paths, List<(string? Title, string? Text, string? Published)?> rows)
    {
        Directory.CreateDirectory(dir);
        var sb = new StringBuilder();
        for (int i = 0; i < paths.Count; i++)
        {
            var r = rows[i];
            sb.Append(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = paths[i],
                ["article"] = new Dictionary<string, string?> { ["title"] = r?.Title, ["text"] = r?.Text ?? "", ["published"] = r?.Published },
            })).Append('\n');
        }
        foreach (var set in new[] { "zyte", "naeb", "trafilatura", "htmldate" })
            File.WriteAllText(Path.Combine(dir, set + ".jsonl"), sb.ToString());
    }

    public static int RunProcess(string file, IEnumerable<string> argv, string cwd, out string stderr)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in argv) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var outText = p.StandardOutput.ReadToEndAsync();
        p.WaitForExit();
        stderr = err.Result + outText.Result;
        return p.ExitCode;
    }
}

/// <summary>Readability.js under node, pinned to core 0; installs its npm packages into bench/Extraction/node_modules.</summary>
internal static class Peers
{
    public static Measurement? Readability(string benchDir, List<string> pages, string dom, string predDir)
    {
        try
        {
            if (!Directory.Exists(Path.Combine(benchDir, "node_modules", "@mozilla", "readability")) ||
                !Directory.Exists(Path.Combine(benchDir, "node_modules", dom)))
            {
                Console.WriteLine("installing the npm peers (npm install in bench/Extraction)...");
                if (Speed.RunProcess("npm", ["install", "--no-audit", "--no-fund"], benchDir, out var npmErr) != 0)
                {
                    Console.WriteLine($"(npm install failed: {npmErr.Trim().Split('\n').LastOrDefault()})");
                    return null;
                }
            }
            var list = Path.Combine(Path.GetTempPath(), $"sitrep-bench-pages-{Environment.ProcessId}.txt");
            File.WriteAllLines(list, pages);
            Directory.CreateDirectory(predDir);
            var pred = Path.Combine(predDir, "all.jsonl");
            var psi = new ProcessStartInfo("taskset") { WorkingDirectory = benchDir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-c", "0", "node", "--max-old-space-size=8192", "readability.mjs", "--list", list, "--dom", dom, "--out", pred }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            File.Delete(list);
            var line = output.Trim().Split('\n').LastOrDefault(l => l.StartsWith('{'));
            if (p.ExitCode != 0 || line is null)
            {
                Console.WriteLine($"(readability.js+{dom} failed: {err.Result.Trim().Split('\n').LastOrDefault()})");
                return null;
            }
            foreach (var set in new[] { "zyte", "naeb", "trafilatura", "htmldate" })
                File.Copy(pred, Path.Combine(predDir, set + ".jsonl"), overwrite: true);
            using var summary = JsonDocument.Parse(line);
            var s = summary.RootElement;
            return new Measurement($"readability.js 0.6.0 + {dom}, 1 core", s.GetProperty("docs").GetInt32(), s.GetProperty("bytes").GetDouble() / 1e6,
                s.GetProperty("seconds").GetDouble(), s.GetProperty("failed").GetInt32(), s.GetProperty("peakRssBytes").GetInt64());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.WriteLine($"(cannot run node/npm/taskset: {ex.Message})");
            return null;
        }
    }
}
