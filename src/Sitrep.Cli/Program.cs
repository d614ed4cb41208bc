using System.CommandLine;
using System.Globalization;
using Sitrep.Cli;
using Sitrep.Core;
using Sitrep.Ingest;
using Sitrep.Storage;

// A corpus run's data loads start before the command line is even built.
if (SitrepCommandLine.IsParallelExtract(args)) SitrepCommandLine.StartLoadingData();
var exitCode = SitrepCommandLine.Run(args);
// A diagnostic for the corpus benchmark (bench/Corpus): garbage-collector totals of the run.
if (Environment.GetEnvironmentVariable("SITREP_GC_STATS") is not null)
    Console.Error.WriteLine($"gc: pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1048576} MB, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576} MB");
return exitCode;

namespace Sitrep.Cli
{
    internal static class ExitCodes
    {
        public const int Ok = 0;
        public const int SomeFailed = 1;
        public const int Usage = 2;
    }

    internal static class SitrepCommandLine
    {
        private const string InputHelp =
            "Files (.html/.htm, .txt page text, .jsonl with {\"id\",\"text\"|\"html\",\"url\",\"published\"} per line, " +
            ".warc WARC files (response records; id = WARC-Record-ID), .rss/.atom feeds, .opml feed lists, sitemap .xml, .urls URL lists; any of them .gz), " +
            "directories (read recursively), http(s) URLs (with --fetch), or - for standard input.";

        public static int Run(string[] args)
        {
            var root = new RootCommand(
                "Sitrep turns news into event data: who did what to whom, where, when and how many were killed, hurt or moved, " +
                "each record linked to the sentence that states it.\n\n" +
                "Examples:\n" +
                "  sitrep extract article.html --published 2016-12-23\n" +
                "  sitrep extract news/ --format jsonl --out events.jsonl --db sitrep.db\n" +
                "  sitrep article page.html\n" +
                "  sitrep events --db sitrep.db --format csv --out events.csv\n" +
                "  sitrep extract crawl.warc.gz --db sitrep.db --quiet\n" +
                "  sitrep serve --db sitrep.db --port 8080");
            root.Subcommands.Add(ExtractCommand());
            root.Subcommands.Add(ArticleCommand());
            root.Subcommands.Add(EventsCommand());
            root.Subcommands.Add(GazetteerCommand.Create());
            root.Subcommands.Add(ServeCommand.Create());

            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors) Console.Error.WriteLine($"sitrep: {error.Message}");
                Console.Error.WriteLine("Try 'sitrep --help' or 'sitrep <command> --help'.");
                return ExitCodes.Usage;
            }
            return parsed.Invoke();
        }

        private static Argument<string[]> InputsArgument() => new("INPUT")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = InputHelp,
        };

        private static Option<string> FormatOption(params string[] formats)
        {
            var option = new Option<string>("--format")
            {
            Description = formats.Contains("csv")
                ? "csv: ACLED's column layout plus plover, plover_mode, cameo and evidence; jsonl: one event per line."
                : "json: one object for one document, an array for several; jsonl: one record per line, in input order.",
            DefaultValueFactory = _ => formats[0],
            };
            option.AcceptOnlyFromAmong(formats);
            return option;
        }

        private static Option<string?> OutOption() => new("--out", "-o")
        {
            Description = "Write records to FILE instead of standard output.",
            HelpName = "FILE",
        };

        private static Option<bool> QuietOption() => new("--quiet", "-q")
        {
            Description = "No progress display on standard error.",
        };

        private static Command ExtractCommand()
        {
            var inputs = InputsArgument();
            var published = new Option<string?>("--published")
            {
                Description = "Publication date (YYYY-MM-DD) for inputs that carry none; relative dates such as \"on Thursday\" resolve against it.",
                HelpName = "YYYY-MM-DD",
            };
            var format = FormatOption("json", "jsonl");
            var output = OutOption();
            var db = new Option<string?>("--db")
            {
                Description = $"Also store articles and events in this SQLite file (created if missing) or PostgreSQL database (postgres://user@host/db). Given without a value: ${StoreLocation.EnvironmentVariable} or ./{StoreLocation.DefaultFile}. " +
                              "Documents already in the store are skipped, so an interrupted run resumes where it stopped and a rerun adds nothing.",
                HelpName = "FILE|URI",
                Arity = ArgumentArity.ZeroOrOne,
            };
            var threads = new Option<int>("--threads")
            {
                Description = "Documents processed in parallel (default: all cores).",
                DefaultValueFactory = _ => Environment.ProcessorCount,
            };
            var fetch = new Option<bool>("--fetch")
            {
                Description = "Fetch from the web: http(s) URLs given as inputs, URL lists (.urls, or .txt of URLs), sitemaps, OPML feed lists, and the pages of feed items " +
                              "that carry only a summary. Polite: robots.txt, one request per host per second (or its Crawl-delay), conditional GET, retries with backoff.",
            };
            var allowPrivate = new Option<bool>("--allow-private")
            {
                Description = "Let --fetch reach private, loopback and link-local addresses (refused by default).",
            };
            var fetchCache = new Option<string?>("--fetch-cache")
            {
                Description = "Keep fetched pages and their validators in DIR, so a later run asks with If-None-Match / If-Modified-Since.",
                HelpName = "DIR",
            };
            var quiet = QuietOption();
            var command = new Command("extract", "Run the whole pipeline: article, language, events, actors, places. Prints one analysis record per document (see docs/record.md). " +
                                                 "Inputs also include WARC files (.warc, .warc.gz), RSS/Atom feeds, OPML lists, sitemaps and URLs (with --fetch).")
            {
                inputs, published, format, output, db, threads, fetch, allowPrivate, fetchCache, quiet,
            };
            command.SetAction(result =>
            {
                if (!TryParsePublished(result.GetValue(published), out var date)) return ExitCodes.Usage;
                string? dbPath = result.GetResult(db) is null ? null : StoreLocation.Resolve(result.GetValue(db));
                FetchOptions? fetchOptions = result.GetValue(fetch)
                    ? new FetchOptions { AllowPrivateAddresses = result.GetValue(allowPrivate), CacheDirectory = result.GetValue(fetchCache) }
                    : null;
                var pipeline = SitrepPipeline.CreateDefaultBuilder().Build();
                return Process(result.GetValue(inputs)!, date, pipeline, result.GetValue(format) == "jsonl", result.GetValue(output),
                    articleOnly: false, dbPath, Math.Max(1, result.GetValue(threads)), !result.GetValue(quiet), fetchOptions);
            });
            return command;
        }

        private static Command ArticleCommand()
        {
            var inputs = InputsArgument();
            var format = FormatOption("json", "jsonl");
            var output = OutOption();
            var quiet = QuietOption();
            var command = new Command("article", "Run only article extraction: title, body text without page chrome, date, authors, outlet, language and credits.")
            {
                inputs, format, output, quiet,
            };
            command.SetAction(result =>
            {
                var pipeline = SitrepPipeline.CreateArticleBuilder().Build();
                return Process(result.GetValue(inputs)!, null, pipeline, result.GetValue(format) == "jsonl", result.GetValue(output),
                    articleOnly: true, dbPath: null, Environment.ProcessorCount, !result.GetValue(quiet));
            });
            return command;
        }

        private static Command EventsCommand()
        {
            var db = new Option<string?>("--db")
            {
                Description = $"The store that 'sitrep extract --db' filled: a SQLite file, or PostgreSQL as postgres://user@host/db or \"Host=...;Database=...\" (default: ${StoreLocation.EnvironmentVariable} or ./{StoreLocation.DefaultFile}).",
                HelpName = "FILE|URI",
            };
            var format = new Option<string>("--format")
            {
                Description = "csv: ACLED's columns plus Sitrep's; jsonl: one record per line; geojson: a FeatureCollection of points for QGIS; " +
                              "parquet: typed columns for pandas, R, DuckDB (needs --out); plover: PLOVER JSON records, one per line.",
                DefaultValueFactory = _ => "csv",
            };
            format.AcceptOnlyFromAmong("csv", "jsonl", "geojson", "parquet", "plover");
            var unique = new Option<bool>("--unique")
            {
                Description = "One row per real-world event, with every outlet and URL that reported it (the default).",
            };
            var all = new Option<bool>("--all")
            {
                Description = "One row per report: the same event told by several outlets gives several rows (cluster_id groups them).",
            };
            var output = OutOption();
            var command = new Command("events", "Export stored events: csv (ACLED's columns), jsonl, geojson, parquet or plover. Deduplicated by default (--unique); --all lists every report.")
            {
                db, format, unique, all, output,
            };
            command.SetAction(result =>
            {
                if (result.GetValue(unique) && result.GetValue(all))
                {
                    Console.Error.WriteLine("sitrep: --unique and --all exclude each other.");
                    return ExitCodes.Usage;
                }
                var target = StoreLocation.Resolve(result.GetValue(db));
                bool postgres = EventStores.IsPostgres(target);
                if (!postgres && target != ":memory:" && !File.Exists(target))
                {
                    Console.Error.WriteLine($"sitrep: no store at {target}; fill one with 'sitrep extract INPUT --db {target}'.");
                    return ExitCodes.Usage;
                }
                string fmt = result.GetValue(format)!;
                string? outPath = result.GetValue(output);
                if (fmt == "parquet" && outPath is null or "-")
                {
                    Console.Error.WriteLine("sitrep: --format parquet writes a binary file: give it with --out FILE.");
                    return ExitCodes.Usage;
                }
                var selection = result.GetValue(all) ? EventSelection.All : EventSelection.Unique;
                IEventStore store;
                try
                {
                    store = EventStores.Open(target);
                }
                catch (Exception ex) when (postgres && ex is System.Data.Common.DbException or ArgumentException or System.Net.Sockets.SocketException)
                {
                    Console.Error.WriteLine($"sitrep: cannot open the PostgreSQL store: {ex.Message}");
                    return ExitCodes.Usage;
                }
                using (store)
                using (var stream = OpenOutput(outPath))
                {
                    var events = store.ReadEvents(selection);
                    switch (fmt)
                    {
                        case "csv": EventExporter.WriteCsv(events, stream); break;
                        case "geojson": EventExporter.WriteGeoJson(events, stream); break;
                        case "parquet": EventExporter.WriteParquet(events, stream); break;
                        case "plover": EventExporter.WritePlover(events, stream); break;
                        default: EventExporter.WriteJsonl(events, stream); break;
                    }
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        private static bool TryParsePublished(string? value, out DateOnly? date)
        {
            date = null;
            if (value is null) return true;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
                return true;
            }
            Console.Error.WriteLine($"sitrep: --published must be a date as YYYY-MM-DD, got '{value}'.");
            return false;
        }

        private static Stream OpenOutput(string? path) =>
            path is null or "-" ? Console.OpenStandardOutput() : File.Create(path);

        private static int _loadingStarted;

        /// <summary>
        /// Loads the later stages' data on the spare cores, in two halves of about equal load time (gazetteer and
        /// event models; NER model, word lists and actors), while the command line is parsed, the store opens and
        /// the first pages go through the article stage. Once per process.
        /// </summary>
        public static void StartLoadingData()
        {
            if (Interlocked.Exchange(ref _loadingStarted, 1) == 1) return;
            ThreadPool.QueueUserWorkItem(_ =>
            {
                _ = Sitrep.Geo.Gazetteer.Default;
                _ = Sitrep.Coding.Learning.EventModels.Plover;
                _ = Sitrep.Coding.Learning.EventModels.Acled;
            });
            ThreadPool.QueueUserWorkItem(_ =>
            {
                _ = Sitrep.Language.Ner.NerModel.Default;
                _ = Sitrep.Language.LanguageLexicon.Default;
                _ = Sitrep.Coding.ActorDictionary.Default;
                _ = Sitrep.Coding.EventLexicon.Default;
            });
        }

        /// <summary>An extract run on several threads: worth loading data before the command line is parsed.</summary>
        public static bool IsParallelExtract(string[] args) =>
            args.Length > 1 && args[0] == "extract" && Environment.ProcessorCount > 1
            && !args.Any(a => a is "--help" or "-h" or "-?" or "--threads=1")
            && !args.Where((a, i) => a == "--threads" && i + 1 < args.Length && args[i + 1] == "1").Any();

        /// <summary>Starts the data loading, then runs one sample document through the pipeline to compile its code paths.</summary>
        private static void WarmUpLaterStages(Pipeline pipeline)
        {
            StartLoadingData();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                var sample = new Document("warm-up", new SourceDocument
                {
                    ArticleText = "Soldiers clashed with rebels near Kidal in northern Mali on Monday, killing 3 fighters, the army said on Tuesday.",
                    Published = new DateOnly(2020, 1, 7),
                });
                pipeline.Process(sample);
            });
        }

        /// <summary>Documents in flight at once per thread, and their raw bytes at most: memory stays flat whatever the corpus size.</summary>
        private const int WindowPerThread = 32;
        private const long InFlightByteBudget = 64L * 1024 * 1024;

        private static int Process(string[] inputs, DateOnly? published, Pipeline pipeline, bool jsonl, string? outPath,
            bool articleOnly, string? dbPath, int threads, bool showProgress, FetchOptions? fetch = null)
        {
            // Data loading starts first: it runs beside opening the store and reading the first pages.
            if (threads > 1 && !articleOnly) WarmUpLaterStages(pipeline);
            IEventStore? store;
            try
            {
                store = dbPath is null ? null : EventStores.Open(dbPath);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or ArgumentException or System.Net.Sockets.SocketException or IOException)
            {
                Console.Error.WriteLine($"sitrep: cannot open the store {dbPath}: {ex.Message}");
                return ExitCodes.Usage;
            }
            using var openedStore = store;
            using var fetcher = fetch is null ? null : new PoliteFetcher(fetch);
            var reader = new InputReader(new IngestOptions
            {
                Published = published,
                IsProcessed = store is null ? null : store.IsProcessed,
                Fetcher = fetcher,
            });
            var progress = new Progress(showProgress, reader.Progress);
            using var writer = store is null ? null : new StoreWriter(store);
            progress.Store = writer;
            using (var output = new RecordOutput(OpenOutput(outPath), jsonl, articleOnly))
            {
                var processed = OrderedParallel.Run(reader.Read(inputs), pipeline.Process, threads, threads * WindowPerThread,
                    doc => doc.Source.ByteLength, InFlightByteBudget);
                try
                {
                    foreach (var doc in processed)
                    {
                        output.Write(doc);
                        progress.Add(doc.Events.Count(e => !e.Negated), doc.Failed);
                        if (writer is null) continue;
                        doc.ReleaseWorkingLayers();
                        writer.Add(doc);
                    }
                    writer?.Complete();
                }
                catch (StoreFailedException ex)
                {
                    // What was committed stays; a rerun resumes after it.
                    output.Complete();
                    Console.Error.WriteLine($"sitrep: stopped: the store failed: {ex.InnerException?.Message ?? ex.Message}");
                    return ExitCodes.SomeFailed;
                }
                output.Complete();
            }
            progress.Finish();
            return progress.Failed > 0 || writer is { Failures: > 0 } ? ExitCodes.SomeFailed : ExitCodes.Ok;
        }
    }
}
