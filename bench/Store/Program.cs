using System.Diagnostics;
using System.Globalization;
using Sitrep.Core;
using Sitrep.Dedup;
using Sitrep.Storage;

// Usage: dotnet run -c Release --project bench/Store -- [--docs N] [--postgres CONNSTRING]
// PostgreSQL defaults to $SITREP_TEST_POSTGRES; without it only SQLite is measured.
int docs = 5000;
string? postgres = Environment.GetEnvironmentVariable("SITREP_TEST_POSTGRES");
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--docs") docs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--postgres") postgres = args[++i];
}

var corpus = SyntheticCorpus.Create(docs, seed: 7);
int events = corpus.Sum(d => d.Events.Count);
Console.WriteLine($"{docs} documents ({corpus.Count(d => d.Id.Contains("copy", StringComparison.Ordinal))} syndicated copies), {events} events, batches of 200");

// MinHash alone: the per-article cost of near-duplicate detection.
var sw = Stopwatch.StartNew();
foreach (var d in corpus) MinHash.Signature(d.Text);
Console.WriteLine($"MinHash signatures: {docs / sw.Elapsed.TotalSeconds:N0} articles/s");

Measure("SQLite", () => new SqliteEventStore(Path.Combine(Path.GetTempPath(), $"sitrep-bench-{Guid.NewGuid():N}.db")), cleanup: s =>
{
    var file = ((SqliteEventStore)s).ConnectionString.Split('=', 2)[1].Split(';')[0];
    s.Dispose();
    foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
});
if (postgres is not null)
{
    Measure("PostgreSQL", () =>
    {
        string schema = "bench_" + Guid.NewGuid().ToString("N");
        Run(postgres, $"CREATE SCHEMA {schema}");
        return new PostgresEventStore(new Npgsql.NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ConnectionString);
    }, cleanup: s =>
    {
        var schema = new Npgsql.NpgsqlConnectionStringBuilder(((PostgresEventStore)s).ConnectionString).SearchPath;
        s.Dispose();
        Run(postgres, $"DROP SCHEMA {schema} CASCADE");
    });
}
else Console.WriteLine("PostgreSQL: skipped (set SITREP_TEST_POSTGRES or pass --postgres)");

void Measure(string name, Func<RelationalEventStore> open, Action<RelationalEventStore> cleanup)
{
    foreach (bool dedup in new[] { false, true })
    {
        var store = open();
        store.Deduplicate = dedup;
        var watch = Stopwatch.StartNew();
        foreach (var batch in corpus.Chunk(200)) store.SaveBatch(batch);
        double seconds = watch.Elapsed.TotalSeconds;
        int unique = store.ReadEvents(EventSelection.Unique).Count();
        Console.WriteLine($"{name,-10} dedup {(dedup ? "on " : "off")}: {docs / seconds,8:N0} documents/s  {events / seconds,8:N0} events/s  ({unique} unique events)");
        cleanup(store);
    }
}

static void Run(string connectionString, string sql)
{
    using var connection = new Npgsql.NpgsqlConnection(connectionString);
    connection.Open();
    using var command = new Npgsql.NpgsqlCommand(sql, connection);
    command.ExecuteNonQuery();
}

/// <summary>Invented articles of random words with three located, dated events each; every fifth is a syndicated copy of an earlier one.</summary>
internal static class SyntheticCorpus
{
    private static readonly string[] Words =
        ("army police rebels militia protesters government minister village town province district market convoy camp border " +
         "attacked shelled arrested marched fled killed wounded displaced said reported according officials witnesses residents " +
         "on monday tuesday wednesday thursday friday morning night after before during near outside inside north south east west " +
         "the a an of in at to from with by and or but as while least more than dozens hundreds thousands people civilians fighters").Split(' ');

    private static readonly (string Name, string Country, string Admin1, double Lat, double Lon)[] Places =
    [
        ("Goma", "COD", "North Kivu", -1.68, 29.22), ("Mopti", "MLI", "Mopti", 14.49, -4.20), ("Kharkiv", "UKR", "Kharkiv", 49.99, 36.23),
        ("Maiduguri", "NGA", "Borno", 11.85, 13.16), ("Mandalay", "MMR", "Mandalay", 21.97, 96.08), ("Kandahar", "AFG", "Kandahar", 31.61, 65.71),
        ("Cucuta", "COL", "Norte de Santander", 7.89, -72.51), ("Aden", "YEM", "Aden", 12.78, 45.04),
    ];

    private static readonly string[] Types = ["ASSAULT", "PROTEST", "COERCE", "ASSAULT", "AID"];

    public static List<Document> Create(int count, int seed)
    {
        var random = new Random(seed);
        var list = new List<Document>(count);
        for (int i = 0; i < count; i++)
        {
            if (i >= 10 && i % 5 == 0)
            {
                var source = list[random.Next(list.Count)];
                list.Add(Build($"copy-{i}", $"Outlet {i} | World\n{source.Text}\nCopyright Outlet {i}.", random, source));
                continue;
            }
            var words = Enumerable.Range(0, 300).Select(_ => Words[random.Next(Words.Length)]);
            list.Add(Build($"doc-{i}", string.Join(' ', words) + ".", random, null));
        }
        return list;
    }

    private static Document Build(string id, string text, Random random, Document? copyOf)
    {
        var doc = new Document(id, new SourceDocument { ArticleText = text, Url = $"https://news.example/{id}" })
        {
            Article = new ArticleInfo { Text = text, Title = id, Outlet = "Outlet " + id, Published = new DateOnly(2024, 1, 1) },
        };
        for (int e = 0; e < 3; e++)
        {
            var template = copyOf?.Events[e];
            var place = Places[random.Next(Places.Length)];
            int start = Math.Min(text.Length - 1, e * 200);
            var span = new TextSpan(start, Math.Min(text.Length, start + 150));
            doc.Events.Add(new EventRecord
            {
                Id = $"{id}#e{e + 1}",
                Plover = template?.Plover ?? Types[random.Next(Types.Length)],
                Date = template?.Date ?? new DateOnly(2024, 1, 1).AddDays(random.Next(365)),
                DatePrecision = DatePrecision.Day,
                Trigger = new TextSpan(span.Start, span.Start + 1),
                Evidence = span,
                Location = template?.Location ?? new PlaceMention(0, 1, place.Name,
                    new Place(place.Name, place.Country, place.Admin1, place.Lat + random.NextDouble() * 0.2, place.Lon + random.NextDouble() * 0.2, null, "city")),
                Confidence = 0.7,
            });
        }
        return doc;
    }
}
