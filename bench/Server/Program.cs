using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sitrep.Server;
using Sitrep.Storage;

// dotnet run -c Release --project bench/Server -- [--events N] [--db FILE] [--queries N]
// Builds (or reuses) a synthetic store and times the API over HTTP on 127.0.0.1.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a, p => p.i + 1 < args.Length ? args[p.i + 1] : "");
int events = int.Parse(options.GetValueOrDefault("--events", "1000000"), CultureInfo.InvariantCulture);
int queries = int.Parse(options.GetValueOrDefault("--queries", "200"), CultureInfo.InvariantCulture);
string db = options.GetValueOrDefault("--db", Path.Combine(Path.GetTempPath(), $"sitrep-bench-{events}.db"));

if (!File.Exists(db))
{
    var build = Stopwatch.StartNew();
    // Built under another name and renamed last, so an interrupted build is not reused.
    var partial = db + ".partial";
    foreach (var f in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(f);
    SyntheticStore.Build(partial, events);
    SqliteConnection.ClearAllPools();
    File.Move(partial, db);
    Console.WriteLine($"built {db}: {events:N0} events in {build.Elapsed.TotalSeconds:F1} s");
}

await using var server = SitrepServer.Create(new ServerOptions { DbPath = db, Port = 0, Token = "bench-token-0123456789", Log = TextWriter.Null });
await server.StartAsync();
var baseUrl = server.Urls.Single();
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

var load = Stopwatch.StartNew();
await http.GetStringAsync("/api/events?limit=1");
Console.WriteLine($"first request (loads the in-memory index): {load.Elapsed.TotalMilliseconds:F0} ms");
load.Restart();
await http.GetStringAsync("/api/events?q=shelling&limit=1");
Console.WriteLine($"first search (builds the FTS5 side index): {load.Elapsed.TotalSeconds:F1} s");
foreach (var sort in new[] { "date", "-fatalities", "fatalities", "-confidence", "confidence" })
    await http.GetStringAsync($"/api/events?limit=1&sort={sort}");

var random = new Random(7);
T Pick<T>(T[] values) => values[random.Next(values.Length)];
string Day() => new DateOnly(2015, 1, 1).AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
string Range()
{
    var from = new DateOnly(2015, 1, 1).AddDays(random.Next(3500));
    return $"from={from:yyyy-MM-dd}&to={from.AddDays(random.Next(7, 120)):yyyy-MM-dd}";
}
string Box()
{
    double lat = random.Next(-30, 50), lon = random.Next(-80, 120), size = random.Next(1, 15);
    return FormattableString.Invariant($"bbox={lon},{lat},{lon + size},{lat + size}");
}

var kinds = new (string Name, Func<string> Path)[]
{
    ("events, no filter", () => "/api/events"),
    ("events, plover", () => "/api/events?plover=" + Pick(SyntheticStore.Plover)),
    ("events, plover+country+dates", () => $"/api/events?plover={Pick(SyntheticStore.Plover)}&country={Pick(SyntheticStore.Countries)}&{Range()}"),
    ("events, actor", () => "/api/events?actor=" + Uri.EscapeDataString(Pick(SyntheticStore.ActorWords))),
    ("events, actor_country+acled", () => $"/api/events?actor_country={Pick(SyntheticStore.Countries)}&event_type={Uri.EscapeDataString(Pick(SyntheticStore.Acled).Type)}"),
    ("events, admin1", () => "/api/events?admin1=" + Uri.EscapeDataString(Pick(SyntheticStore.Admin1))),
    ("events, bbox", () => "/api/events?" + Box()),
    ("events, text", () => "/api/events?q=" + Uri.EscapeDataString(Pick(SyntheticStore.Words))),
    ("events, text, uncached word", () => "/api/events?q=" + Pick(SyntheticStore.RareVocabulary)),
    ("events, text+plover", () => $"/api/events?q={Uri.EscapeDataString(Pick(SyntheticStore.Words))}&plover={Pick(SyntheticStore.Plover)}"),
    ("events, -fatalities, page 2", () => "/api/events?sort=-fatalities&limit=100"),
    ("events, one day", () => { var d = Day(); return $"/api/events?from={d}&to={d}"; }),
    ("stats, month by plover", () => "/api/stats?interval=month"),
    ("stats, day, country", () => "/api/stats?interval=day&country=" + Pick(SyntheticStore.Countries)),
    ("map, world (clusters)", () => "/api/map"),
    ("map, bbox + plover", () => $"/api/map?{Box()}&plover={Pick(SyntheticStore.Plover)}"),
};

var overall = new List<double>();
Console.WriteLine($"{"query",-32} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
foreach (var (name, path) in kinds)
{
    var times = new List<double>(queries);
    for (int i = 0; i < queries; i++)
    {
        var url = path();
        if (name.EndsWith("page 2", StringComparison.Ordinal))
        {
            using var first = JsonDocument.Parse(await http.GetStringAsync(url));
            url += "&cursor=" + Uri.EscapeDataString(first.RootElement.GetProperty("next").GetString()!);
        }
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    overall.AddRange(times);
    Console.WriteLine($"{name,-32} {Percentile(times, 50),8:F1} {Percentile(times, 95),8:F1} {times.Max(),8:F1}");
}
Console.WriteLine($"{"all queries",-32} {Percentile(overall, 50),8:F1} {Percentile(overall, 95),8:F1} {overall.Max(),8:F1}");
return;

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>A store with the real schema (made by SqliteEventStore) and invented rows, written directly by SQL for speed.</summary>
internal static class SyntheticStore
{
    public static readonly string[] Plover = ["ASSAULT", "COERCE", "PROTEST", "ACCUSE", "CONSULT", "AGREE", "THREATEN", "MOBILIZE", "SANCTION", "AID", "RETREAT", "REQUEST"];
    public static readonly (string Type, string Sub)[] Acled =
    [
        ("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"), ("Riots", "Mob violence"), ("Strategic developments", "Arrests"),
    ];
    public static readonly string[] Countries = ["SYR", "IRQ", "YEM", "SDN", "SSD", "COD", "NGA", "MLI", "BFA", "UKR", "MMR", "AFG", "SOM", "ETH", "COL", "MEX", "PAK", "LBY", "CAF", "HTI"];
    public static readonly string[] Admin1 = Enumerable.Range(1, 400).Select(i => $"Province {i}").ToArray();
    public static readonly string[] ActorWords = ["Army", "Police", "Rebels", "Militia 17", "Protesters", "Government of", "Brigade 3", "Front 12"];
    public static readonly string[] Words = ["shelling", "convoy", "hospital", "ceasefire", "airstrike", "market", "checkpoint", "refugees"];

    // A vocabulary of 3,000 invented words used with Zipf-like frequencies; the searched words are rarer (about 1 event in 50).
    private static readonly string[] Vocabulary = Enumerable.Range(0, 3000).Select(i => "w" + i.ToString("x", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Words each searched once (no answer cache), from the rarer half of the vocabulary.</summary>
    public static string[] RareVocabulary => Vocabulary[1000..];

    private static string Sentence(Random random)
    {
        var words = new List<string>(20);
        for (int k = 0; k < 18; k++) words.Add(Vocabulary[(int)Math.Min(Vocabulary.Length - 1, Math.Floor(Math.Pow(random.NextDouble(), 3) * Vocabulary.Length))]);
        if (random.Next(6) == 0) words.Insert(random.Next(words.Count), Words[random.Next(Words.Length)]);
        return string.Join(' ', words) + ".";
    }

    public static void Build(string path, int count)
    {
        using (new SqliteEventStore(path)) { }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Exec(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;");
        var random = new Random(42);
        const int perArticle = 5;
        using var transaction = connection.BeginTransaction();
        using var article = connection.CreateCommand();
        article.Transaction = transaction;
        article.CommandText = "INSERT INTO articles (article_id, doc_id, url, title, text, published, authors, outlet, language, credits, stored_at) " +
                              "VALUES ($id, $doc, $url, $title, $text, $pub, '[]', 'Synthetic Wire', 'en', '[]', '2025-01-01T00:00:00.000Z')";
        using var ev = connection.CreateCommand();
        ev.Transaction = transaction;
        ev.CommandText =
            "INSERT INTO events (event_id, article_id, ordinal, plover, cameo, acled_event_type, acled_sub_event_type, event_date, date_precision, " +
            "actor1_text, actor1_name, actor1_country, actor1_sector, actor2_name, actor2_country, location_name, location_country, location_admin1, " +
            "latitude, longitude, location_feature, fatalities, evidence_text, evidence_start, evidence_end, confidence, record_json) VALUES " +
            "($id, $a, $o, $p, '190', $t, $s, $d, 'day', $a1, $a1, $c1, 'MIL', $a2, $c2, $ln, $lc, $adm, $lat, $lon, 'city', $f, $e, 0, $el, $conf, $json)";
        string[] names = ["$id", "$a", "$o", "$p", "$t", "$s", "$d", "$a1", "$c1", "$a2", "$c2", "$ln", "$lc", "$adm", "$lat", "$lon", "$f", "$e", "$el", "$conf", "$json"];
        var p = names.ToDictionary(n => n, n => ev.Parameters.Add(n, SqliteType.Text));
        var ap = new[] { "$id", "$doc", "$url", "$title", "$text", "$pub" }.ToDictionary(n => n, n => article.Parameters.Add(n, SqliteType.Text));
        var start = new DateOnly(2015, 1, 1);
        for (int i = 0; i < count; i++)
        {
            int ordinal = i % perArticle + 1;
            string articleId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i / perArticle)));
            var evidence = Sentence(random);
            if (ordinal == 1)
            {
                ap["$id"].Value = articleId;
                ap["$doc"].Value = "synthetic-" + i;
                ap["$url"].Value = "https://synthetic.example/" + i;
                ap["$title"].Value = "Synthetic report " + i;
                ap["$text"].Value = evidence;
                ap["$pub"].Value = start.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                article.ExecuteNonQuery();
            }
            var plover = Plover[random.Next(Plover.Length)];
            var acled = Acled[random.Next(Acled.Length)];
            var country = Countries[random.Next(Countries.Length)];
            var date = random.Next(20) == 0 ? null : start.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            double lat = Math.Round(random.NextDouble() * 80 - 30, 4), lon = Math.Round(random.NextDouble() * 200 - 80, 4);
            string actor1 = ActorWords[random.Next(ActorWords.Length)] + " " + random.Next(5000), actor2 = "Civilians";
            int? fatalities = random.Next(3) == 0 ? random.Next(200) : null;
            double confidence = Math.Round(random.NextDouble(), 3);
            string id = articleId[..12] + "-" + ordinal.ToString("000", CultureInfo.InvariantCulture);
            p["$id"].Value = id; p["$a"].Value = articleId; p["$o"].Value = ordinal; p["$p"].Value = plover;
            p["$t"].Value = acled.Type; p["$s"].Value = acled.Sub; p["$d"].Value = (object?)date ?? DBNull.Value;
            p["$a1"].Value = actor1; p["$c1"].Value = country; p["$a2"].Value = actor2; p["$c2"].Value = country;
            p["$ln"].Value = "Town " + random.Next(10000); p["$lc"].Value = country; p["$adm"].Value = Admin1[random.Next(Admin1.Length)];
            p["$lat"].Value = lat; p["$lon"].Value = lon; p["$f"].Value = (object?)fatalities ?? DBNull.Value;
            p["$e"].Value = evidence; p["$el"].Value = evidence.Length; p["$conf"].Value = confidence;
            p["$json"].Value = JsonSerializer.Serialize(new
            {
                id, plover, plover_mode = (string?)null, cameo = "190", acled = new { event_type = acled.Type, sub_event_type = acled.Sub },
                date, date_precision = "day",
                actor1 = new { text = actor1, name = actor1, country, sector = "MIL", code = (string?)null },
                actor2 = new { text = actor2, name = actor2, country, sector = "CVL", code = (string?)null },
                location = new { text = "Town", name = "Town", country, admin1 = "Province", latitude = lat, longitude = lon, geonames_id = (int?)null, feature = "city" },
                fatalities, injured = (int?)null, size = (int?)null,
                evidence = new { text = evidence, start = 0, end = evidence.Length }, confidence,
            });
            ev.ExecuteNonQuery();
        }
        transaction.Commit();
        Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
