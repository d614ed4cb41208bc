using System.Diagnostics;
using Sitrep.Cli;
using Sitrep.Core;
using Sitrep.Ingest;
using Sitrep.Storage;

/// <summary>One thread, in process: time and memory allocated reading the WARC, in each pipeline stage, and in the store.</summary>
internal static class StageProfile
{
    public static void Run(string corpus, string db)
    {
        var pipeline = SitrepPipeline.CreateDefaultBuilder().Build();
        var times = new Dictionary<string, TimeSpan>();
        var allocated = new Dictionary<string, long>();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        void Add(string name, TimeSpan t)
        {
            times[name] = times.GetValueOrDefault(name) + t;
            long now = GC.GetAllocatedBytesForCurrentThread();
            allocated[name] = allocated.GetValueOrDefault(name) + now - allocatedBefore;
            allocatedBefore = now;
        }
        using var store = EventStores.Open(db);
        var reader = new InputReader(new IngestOptions());
        var batch = new List<Document>();
        int docs = 0, events = 0;
        var parseOnly = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var read = Stopwatch.StartNew();
        foreach (var doc in reader.Read([corpus]))
        {
            Add("read WARC + decode", read.Elapsed);
            if (doc.Source.Html is { } html)
            {
                // Not part of the run: how much of the article stage a bare HTML parse is.
                var p = Stopwatch.StartNew();
                new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Dispose();
                parseOnly += p.Elapsed;
                allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            }
            foreach (var stage in pipeline.Stages)
            {
                if (doc.Failed) break;
                if (!Pipeline.Covers(stage, doc)) continue;
                var t = Stopwatch.StartNew();
                try { stage.Process(doc); }
                catch (DocumentRejectedException ex) { doc.Error = new DocumentError(ex.Code, ex.Message, stage.Name); }
                catch (Exception ex) when (ex is not OutOfMemoryException) { doc.Warnings.Add(new DocumentError("stage_failed", ex.Message, stage.Name)); }
                Add(stage.Name, t.Elapsed);
            }
            var w = Stopwatch.StartNew();
            using (var json = new System.Text.Json.Utf8JsonWriter(Stream.Null, RecordWriter.CompactOptions)) RecordWriter.Write(json, doc, false);
            Add("output (JSON record)", w.Elapsed);
            docs++;
            events += doc.Events.Count;
            batch.Add(doc);
            if (batch.Count == 200)
            {
                var t = Stopwatch.StartNew();
                store.SaveBatch(batch);
                Add("store (SQLite)", t.Elapsed);
                batch.Clear();
            }
            read.Restart();
        }
        var last = Stopwatch.StartNew();
        store.SaveBatch(batch);
        Add("store (SQLite)", last.Elapsed);
        double total = times.Values.Sum(t => t.TotalMilliseconds);
        Console.WriteLine($"profile: {docs} documents, {events} events, {clock.Elapsed.TotalSeconds:F1} s on one thread ({docs / clock.Elapsed.TotalSeconds:F0} docs/s)");
        Console.WriteLine("stage | ms/doc | share | KB allocated/doc");
        foreach (var (name, t) in times.OrderByDescending(kv => kv.Value))
            Console.WriteLine($"{name} | {t.TotalMilliseconds / docs:F2} | {t.TotalMilliseconds / total:P0} | {allocated[name] / 1024.0 / docs:F0}");
        Console.WriteLine($"(a bare AngleSharp parse of the same pages, timed apart: {parseOnly.TotalMilliseconds / docs:F2} ms/doc)");
    }
}
