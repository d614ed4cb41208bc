using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sitrep.Cli;
using Sitrep.Core;
using Sitrep.Ingest;
using Sitrep.Storage;

namespace Sitrep.Server.Tests;

/// <summary>
/// A store built from the repository's sample articles plus one hostile article, and a server on a
/// free port of 127.0.0.1 over it; shared by every test in the collection.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string Token = "test-token-0123456789abcdef";

    /// <summary>Set by any payload that runs.</summary>
    public const string PwnedScript = "<script>window.__pwned=1</script>";
    public const string PwnedImage = "<img src=x onerror=\"window.__pwned=2\">";
    public const string PwnedSvg = "<svg onload=\"window.__pwned=3\"></svg>";
    public const string HostileActor = "\"><script>window.__pwned=4</script><b onmouseover=window.__pwned=5>Brigade";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sitrep-server-tests-" + Guid.NewGuid().ToString("N")[..8]);
    public string DbPath => Path.Combine(Folder, "store.db");
    public string BaseUrl { get; private set; } = "";
    public HttpClient Http { get; } = new();
    public string HostileArticleId { get; private set; } = "";
    private SitrepServer? _server;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var pipeline = SitrepPipeline.CreateDefaultBuilder().Build();
        using (var store = new SqliteEventStore(DbPath))
        {
            var reader = new InputReader(new IngestOptions());
            var docs = reader.Read([TestPaths.Samples, HostileArticle()]).Select(pipeline.Process).Where(d => !d.Failed).ToList();
            store.SaveBatch(docs);
            var hostile = docs.Single(d => d.Id.EndsWith("hostile.html", StringComparison.Ordinal));
            HostileArticleId = ArticleKey.Compute(hostile.Article!.Text);
        }
        PlantHostileActors();
        _server = SitrepServer.Create(new ServerOptions
        {
            DbPath = DbPath,
            Port = 0,
            Token = Token,
            PipelineFactory = () => SitrepPipeline.CreateDefaultBuilder().Build(),
            Log = TextWriter.Null,
        });
        await _server.StartAsync();
        BaseUrl = _server.Urls.Single();
    }

    // Title, body and a caption carry payloads; the text reads as an ordinary report so events come out of it.
    private string HostileArticle()
    {
        var path = Path.Combine(Folder, "hostile.html");
        var title = "Militia attack </title>" + PwnedScript + " in Bukavu";
        var html =
            "<!doctype html><html><head><title>" + System.Net.WebUtility.HtmlEncode(title) + "</title>" +
            "<meta property=\"og:title\" content=\"" + System.Net.WebUtility.HtmlEncode(title) + "\">" +
            "<meta property=\"article:published_time\" content=\"2024-03-02\"></head><body><article>" +
            "<h1>" + System.Net.WebUtility.HtmlEncode(title) + "</h1>" +
            "<p>GOMA, March 2 - Fighters of the " + System.Net.WebUtility.HtmlEncode(PwnedImage) +
            " militia attacked the village of Kalehe in South Kivu on Saturday, killing six civilians, local officials said.</p>" +
            "<p>Congolese soldiers clashed with the rebels near Bukavu on Sunday " + System.Net.WebUtility.HtmlEncode(PwnedSvg) +
            ", the army said in a statement.</p>" +
            "<p>The governor of South Kivu accused Rwanda of backing the militia, which Kigali denied.</p>" +
            "</article></body></html>";
        File.WriteAllText(path, html);
        return path;
    }

    /// <summary>Actor names with markup, as a hostile page could make the extractor produce.</summary>
    private void PlantHostileActors()
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        var updates = new List<(string Id, string Json)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT event_id, record_json FROM events WHERE article_id = $a";
            read.Parameters.AddWithValue("$a", HostileArticleId);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var record = System.Text.Json.Nodes.JsonNode.Parse(reader.GetString(1))!.AsObject();
                record["actor1"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["text"] = HostileActor, ["name"] = HostileActor, ["country"] = "COD", ["sector"] = PwnedSvg, ["code"] = null,
                };
                updates.Add((reader.GetString(0), record.ToJsonString()));
            }
        }
        Assert.NotEmpty(updates);
        foreach (var (id, json) in updates)
        {
            using var write = connection.CreateCommand();
            write.CommandText = "UPDATE events SET record_json = $j, actor1_name = $n, actor1_text = $n WHERE event_id = $id";
            write.Parameters.AddWithValue("$j", json);
            write.Parameters.AddWithValue("$n", HostileActor);
            write.Parameters.AddWithValue("$id", id);
            write.ExecuteNonQuery();
        }
    }

    public async Task<JsonDocument> GetJson(string pathAndQuery)
    {
        using var response = await Http.GetAsync(BaseUrl + pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>Every event the API lists, following cursors.</summary>
    public async Task<List<JsonElement>> AllEvents(string query = "")
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var sep = query.Length == 0 ? "?" : "?" + query + "&";
            using var page = await GetJson("/api/events" + sep + "limit=7" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            all.AddRange(page.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()));
            cursor = page.RootElement.GetProperty("next").GetString();
        } while (cursor is not null);
        return all;
    }

    public HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Http.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}

internal static class TestPaths
{
    /// <summary>The repository's samples/ folder.</summary>
    public static string Samples => Path.Combine(Path.GetDirectoryName(RepositoryPaths.DataDirectory)!, "samples");

    /// <summary>Where screenshots go: the test output folder.</summary>
    public static string Artifacts
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
