using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Sitrep.EndToEnd.Tests;

/// <summary>
/// Corpus runs through the real command line: a WARC.gz of invented wire stories into a SQLite
/// store, killed part-way with SIGKILL and resumed, against an uninterrupted run.
/// </summary>
public sealed class CorpusTests : IDisposable
{
    private const int Stories = 800;
    private readonly string _dir = Directory.CreateTempSubdirectory("sitrep-corpus-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Killed_then_resumed_run_gives_the_same_store_and_a_rerun_adds_nothing()
    {
        var corpus = Path.Combine(_dir, "corpus.warc.gz");
        WriteCorpus(corpus, Stories);
        var whole = Path.Combine(_dir, "whole.db");
        var resumed = Path.Combine(_dir, "resumed.db");

        var first = CliRunner.Run(null, "extract", corpus, "--db", whole, "--format", "jsonl");
        Assert.True(first.ExitCode is 0 or 1, first.Stderr);
        Assert.Equal(Stories, Lines(first.Stdout));
        var expected = Export(whole);
        Assert.NotEmpty(expected);

        // Kill -9 once a good part of the records are out (the first batches are committed by then).
        var killed = RunAndKill(["extract", corpus, "--db", resumed, "--format", "jsonl"], afterLines: Stories / 2);
        Assert.True(killed < Stories, "the run was killed before it finished");
        var rest = CliRunner.Run(null, "extract", corpus, "--db", resumed, "--format", "jsonl");
        Assert.True(rest.ExitCode is 0 or 1, rest.Stderr);
        Assert.Contains("skipped (processed before)", rest.Stderr);
        Assert.InRange(Lines(rest.Stdout), 1, Stories - 1);
        Assert.Equal(expected, Export(resumed));
        Assert.Equal(Export(whole, "--all"), Export(resumed, "--all"));

        var again = CliRunner.Run(null, "extract", corpus, "--db", whole, "--format", "jsonl");
        Assert.Equal(0, Lines(again.Stdout));
        Assert.Contains($"{Stories} skipped", again.Stderr);
        Assert.Equal(expected, Export(whole));
    }

    [Fact]
    public void Warc_records_come_out_in_input_order_with_their_urls()
    {
        var corpus = Path.Combine(_dir, "small.warc.gz");
        WriteCorpus(corpus, 40);
        var result = CliRunner.Run(null, "extract", corpus, "--format", "jsonl", "--threads", "3");
        Assert.Equal(0, result.ExitCode);
        var ids = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(RecordId), ids);
    }

    [Fact]
    public void Fetch_reads_a_local_page_only_with_allow_private()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var page = Encoding.UTF8.GetBytes("<html><head><title>Clashes in Gao</title></head><body><article><p>Rebels attacked an army post near Gao on Monday, killing four soldiers, the army said.</p></article></body></html>");
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception ex) when (ex is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                bool found = context.Request.Url!.AbsolutePath == "/story";
                context.Response.StatusCode = found ? 200 : 404;
                context.Response.ContentType = "text/html; charset=utf-8";
                if (found) await context.Response.OutputStream.WriteAsync(page);
                context.Response.Close();
            }
        });
        var url = $"http://127.0.0.1:{port}/story";

        var refused = CliRunner.Run(null, "extract", url, "--fetch", "--format", "jsonl");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("private_address", JsonNode.Parse(refused.Stdout)!["error"]!["code"]!.GetValue<string>());

        var fetched = CliRunner.Run(null, "extract", url, "--fetch", "--allow-private", "--format", "jsonl");
        Assert.Equal(0, fetched.ExitCode);
        var record = JsonNode.Parse(fetched.Stdout)!;
        Assert.Equal(url, record["id"]!.GetValue<string>());
        Assert.Contains("Gao", record["article"]!["text"]!.GetValue<string>());
        listener.Stop();
    }

    private static int Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Events as the store exports them, without the ids a run assigns, sorted.</summary>
    private static List<string> Export(string db, params string[] extra)
    {
        var result = CliRunner.Run(null, ["events", "--db", db, "--format", "jsonl", .. extra]);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                var o = JsonNode.Parse(line)!.AsObject();
                o.Remove("id");
                o.Remove("event_id_cnty");
                return o.ToJsonString();
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static int RunAndKill(string[] args, int afterLines)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sitrep.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        int lines = 0;
        while (lines < afterLines && process.StandardOutput.ReadLine() is not null) lines++;
        process.Kill(entireProcessTree: true);  // SIGKILL: no cleanup of any kind
        process.WaitForExit();
        return lines;
    }

    private static string RecordId(int i) => $"urn:uuid:00000000-0000-0000-0000-{i:D12}";

    private static readonly (string Town, string Country)[] Places =
    [
        ("Mogadishu", "Somalia"), ("Gao", "Mali"), ("Maiduguri", "Nigeria"), ("Goma", "Congo"),
        ("Kandahar", "Afghanistan"), ("Aden", "Yemen"), ("Marawi", "the Philippines"), ("Kharkiv", "Ukraine"),
    ];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>Invented wire stories, each distinct, one gzip member per WARC record as Common Crawl writes them.</summary>
    private static void WriteCorpus(string path, int count)
    {
        using var output = File.Create(path);
        for (int i = 0; i < count; i++)
        {
            var (town, country) = Places[i % Places.Length];
            var day = Days[i / Places.Length % Days.Length];
            int killed = 2 + i % 17, hurt = 3 + i % 11, held = 4 + i % 9;
            var html =
                $"<!DOCTYPE html><html><head><title>Attack near {town} kills {killed}</title>" +
                $"<meta property=\"article:published_time\" content=\"2023-{1 + i % 12:D2}-{1 + i % 27:D2}T08:00:00Z\"></head><body><article>" +
                $"<h1>Attack near {town} kills {killed}</h1>" +
                $"<p>Gunmen attacked a checkpoint near {town} in {country} on {day}, killing {killed} soldiers and wounding {hurt} others, the army said in report number {i}.</p>" +
                $"<p>Police later arrested {held} suspects in connection with the attack, a spokesman said.</p>" +
                $"<p>Residents said the fighting lasted {2 + i % 5} hours and that shops in the district of block {i % 50} stayed closed.</p>" +
                "</article></body></html>";
            var body = Encoding.UTF8.GetBytes(html);
            var http = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
            var head = Encoding.ASCII.GetBytes(
                $"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <{RecordId(i)}>\r\nWARC-Date: 2023-06-01T00:00:00Z\r\n" +
                $"WARC-Target-URI: https://outlet{i % 5}.example.org/story/{i}\r\nContent-Type: application/http; msgtype=response\r\n" +
                $"Content-Length: {(http.Length + body.Length).ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
            using var member = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            member.Write(head);
            member.Write(http);
            member.Write(body);
            member.Write("\r\n\r\n"u8);
        }
    }
}
