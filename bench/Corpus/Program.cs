using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

// Usage: dotnet run -c Release --project bench/Corpus -- [--records N] [--threads LIST] [--keep]
//        dotnet run -c Release --project bench/Corpus -- --profile corpus.warc.gz   (time per stage, one thread)
// Writes a WARC.gz (one gzip member per record, as Common Crawl does) of N response records cycling
// through the unique dev pages under distinct URLs, into a temp folder, then times
// `./sitrep extract corpus.warc.gz --db store.db --threads T` for each T, with peak RSS from /usr/bin/time.
int records = 5000;
var threadCounts = new List<int> { 1, Environment.ProcessorCount };
bool keep = false;
string? profile = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--records": records = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threadCounts = args[++i].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList(); break;
        case "--keep": keep = true; break;
        case "--profile": profile = args[++i]; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

if (profile is not null)
{
    var profileDb = Path.Combine(Path.GetTempPath(), $"sitrep-profile-{Environment.ProcessId}.db");
    StageProfile.Run(profile, profileDb);
    foreach (var f in Directory.EnumerateFiles(Path.GetTempPath(), $"sitrep-profile-{Environment.ProcessId}.db*")) File.Delete(f);
    return 0;
}

var repo = FindUp(AppContext.BaseDirectory, d => File.Exists(Path.Combine(d, "sitrep")) && Directory.Exists(Path.Combine(d, "src")))
           ?? throw new DirectoryNotFoundException("repository root (with ./sitrep) not found");
var shared = FindUp(repo, d => Directory.Exists(Path.Combine(d, "shared", "eval", "extraction"))) is { } s
    ? Path.Combine(s, "shared", "eval", "extraction")
    : throw new DirectoryNotFoundException("shared/eval/extraction not found beside the repository");

var pages = LoadPages(shared);
var tmp = Directory.CreateTempSubdirectory("sitrep-corpus-").FullName;
var corpus = Path.Combine(tmp, "corpus.warc.gz");
var built = Stopwatch.StartNew();
long bytes = WriteWarc(corpus, pages, records);
Console.WriteLine($"corpus: {records} records from {pages.Count} unique dev pages, {bytes / 1e6:F1} MB uncompressed, " +
                  $"{new FileInfo(corpus).Length / 1e6:F1} MB gzipped ({built.Elapsed.TotalSeconds:F1} s)");

// Build once outside the measurement.
Run(repo, ["--version"], out _, out _);
Console.WriteLine("threads | docs/s | events/s | events | seconds | peak RSS MB");
foreach (int threads in threadCounts)
{
    var db = Path.Combine(tmp, $"store-{threads}.db");
    var rssFile = Path.Combine(tmp, "rss");
    var clock = Stopwatch.StartNew();
    int code = Run(repo, ["extract", corpus, "--db", db, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--format", "jsonl", "--out", "/dev/null"],
        out var stderr, out _, rssFile);
    double seconds = clock.Elapsed.TotalSeconds;
    var summary = stderr.Split('\n').LastOrDefault(l => l.StartsWith("sitrep: ", StringComparison.Ordinal) && l.Contains("documents", StringComparison.Ordinal)) ?? "";
    int events = Regex.Match(summary, @"(\d+) events") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    double rss = File.Exists(rssFile) && long.TryParse(File.ReadAllText(rssFile).Trim().Split('\n')[^1], out long kb) ? kb / 1024.0 : double.NaN;
    Console.WriteLine($"{threads,7} | {records / seconds,6:F0} | {events / seconds,8:F0} | {events,6} | {seconds,7:F1} | {rss,11:F0}" + (code is 0 or 1 ? "" : $"  (exit {code})"));
}
if (keep) Console.WriteLine($"kept {tmp}");
else Directory.Delete(tmp, recursive: true);
return 0;

static string? FindUp(string start, Func<string, bool> test)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        if (test(dir.FullName)) return dir.FullName;
    return null;
}

static List<byte[]> LoadPages(string root)
{
    var seen = new HashSet<string>();
    var pages = new List<byte[]>();
    foreach (var set in new[] { "zyte", "naeb", "trafilatura", "htmldate" })
    {
        var dir = Path.Combine(root, set, "html");
        if (!Directory.Exists(dir)) continue;
        foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var raw = File.ReadAllBytes(file);
            if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var copy = new MemoryStream();
                gz.CopyTo(copy);
                raw = copy.ToArray();
            }
            if (seen.Add(Convert.ToHexString(SHA1.HashData(raw)))) pages.Add(raw);
        }
    }
    return pages;
}

static long WriteWarc(string path, List<byte[]> pages, int records)
{
    long total = 0;
    using var output = File.Create(path);
    for (int i = 0; i < records; i++)
    {
        var body = pages[i % pages.Count];
        var http = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
        var head = Encoding.ASCII.GetBytes(
            $"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n" +
            $"WARC-Target-URI: https://outlet{i % 97}.example.org/{i / pages.Count}/{i % pages.Count}.html\r\n" +
            $"Content-Type: application/http; msgtype=response\r\nContent-Length: {http.Length + body.Length}\r\n\r\n");
        using (var member = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            member.Write(head);
            member.Write(http);
            member.Write(body);
            member.Write("\r\n\r\n"u8);
        }
        total += head.Length + http.Length + body.Length + 4;
    }
    return total;
}

static int Run(string repo, string[] args, out string stderr, out string stdout, string? rssFile = null)
{
    var start = new ProcessStartInfo(rssFile is null ? Path.Combine(repo, "sitrep") : "/usr/bin/time")
    {
        WorkingDirectory = repo,
        RedirectStandardError = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    if (rssFile is not null)
    {
        foreach (var a in new[] { "-f", "%M", "-o", rssFile, Path.Combine(repo, "sitrep") }) start.ArgumentList.Add(a);
    }
    foreach (var a in args) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var err = process.StandardError.ReadToEndAsync();
    stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    stderr = err.Result;
    return process.ExitCode;
}
