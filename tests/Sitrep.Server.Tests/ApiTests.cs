using System.Net;
using System.Text;
using System.Text.Json;

namespace Sitrep.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ApiTests(ServerFixture server)
{
    [Fact]
    public async Task Events_page_through_every_stored_event_once_in_the_interface_shape()
    {
        var events = await server.AllEvents();
        Assert.True(events.Count > 20, $"only {events.Count} events from the samples");
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        using var stats = await server.GetJson("/api/stats");
        Assert.Equal(events.Count, stats.RootElement.GetProperty("total").GetInt32());
        foreach (var e in events)
        {
            foreach (var field in new[] { "id", "plover", "cameo", "acled", "date", "date_precision", "actor1", "actor2", "location", "fatalities", "evidence", "confidence", "article_id" })
                Assert.True(e.TryGetProperty(field, out _), $"{field} missing in {e}");
        }
        // Newest first by default, undated last.
        var dates = events.Select(e => e.GetProperty("date").GetString()).ToList();
        var dated = dates.TakeWhile(d => d is not null).ToList();
        Assert.Equal(dated.OrderByDescending(d => d, StringComparer.Ordinal), dated);
        Assert.All(dates.Skip(dated.Count), Assert.Null);
    }

    [Fact]
    public async Task Filters_return_only_matching_events()
    {
        var all = await server.AllEvents();
        var assault = await server.AllEvents("plover=ASSAULT");
        Assert.NotEmpty(assault);
        Assert.All(assault, e => Assert.Equal("ASSAULT", e.GetProperty("plover").GetString()));
        Assert.Equal(all.Count(e => e.GetProperty("plover").GetString() == "ASSAULT"), assault.Count);

        var country = all.First(e => e.GetProperty("location").ValueKind == JsonValueKind.Object).GetProperty("location").GetProperty("country").GetString()!;
        var inCountry = await server.AllEvents("country=" + country);
        Assert.Equal(all.Count(e => e.GetProperty("location") is { ValueKind: JsonValueKind.Object } l && l.GetProperty("country").GetString() == country), inCountry.Count);

        var dated = all.First(e => e.GetProperty("date").ValueKind == JsonValueKind.String).GetProperty("date").GetString()!;
        var onDay = await server.AllEvents($"from={dated}&to={dated}");
        Assert.NotEmpty(onDay);
        Assert.All(onDay, e => Assert.Equal(dated, e.GetProperty("date").GetString()));

        var located = all.First(e => e.GetProperty("location").ValueKind == JsonValueKind.Object).GetProperty("location");
        double lat = located.GetProperty("latitude").GetDouble(), lon = located.GetProperty("longitude").GetDouble();
        var box = FormattableString.Invariant($"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}");
        var inBox = await server.AllEvents("bbox=" + box);
        Assert.NotEmpty(inBox);
        Assert.All(inBox, e => Assert.InRange(e.GetProperty("location").GetProperty("latitude").GetDouble(), lat - 0.5, lat + 0.5));
    }

    [Fact]
    public async Task Text_search_finds_words_in_the_evidence()
    {
        var all = await server.AllEvents();
        var word = all.SelectMany(e => e.GetProperty("evidence").GetProperty("text").GetString()!.Split(' '))
            .Where(w => w.Length > 6 && w.All(char.IsLetter)).GroupBy(w => w.ToLowerInvariant()).OrderByDescending(g => g.Count()).First().Key;
        var found = await server.AllEvents("q=" + Uri.EscapeDataString(word));
        Assert.NotEmpty(found);
        Assert.Equal(all.Count(e => e.GetProperty("evidence").GetProperty("text").GetString()!.Contains(word, StringComparison.OrdinalIgnoreCase)), found.Count);
        Assert.Empty(await server.AllEvents("q=zzqxnotaword"));
        // FTS syntax in the query is taken as words, not as an error.
        Assert.Empty(await server.AllEvents("q=" + Uri.EscapeDataString("\"NEAR( a OR * :")));
    }

    [Fact]
    public async Task Sorting_by_fatalities_puts_the_largest_first_and_unknown_last()
    {
        var events = await server.AllEvents("sort=-fatalities");
        var counts = events.Select(e => e.GetProperty("fatalities") is { ValueKind: JsonValueKind.Number } f ? f.GetInt32() : (int?)null).ToList();
        var known = counts.TakeWhile(c => c is not null).ToList();
        Assert.NotEmpty(known);
        Assert.Equal(known.OrderByDescending(c => c), known);
        Assert.All(counts.Skip(known.Count), Assert.Null);
    }

    [Theory]
    [InlineData("/api/events?plover=KILL", "bad_parameter")]
    [InlineData("/api/events?plovr=ASSAULT", "unknown_parameter")]
    [InlineData("/api/events?from=2024-02-30", "bad_parameter")]
    [InlineData("/api/events?from=2024-03-02&to=2024-03-01", "bad_parameter")]
    [InlineData("/api/events?bbox=1,2,3", "bad_parameter")]
    [InlineData("/api/events?limit=0", "bad_parameter")]
    [InlineData("/api/events?cursor=bm9wZQ", "bad_cursor")]
    [InlineData("/api/events?country=Syria", "bad_parameter")]
    [InlineData("/api/stats?interval=year", "bad_parameter")]
    [InlineData("/api/export?format=xlsx", "bad_parameter")]
    public async Task Bad_parameters_get_a_400_that_says_what_is_wrong(string path, string code)
    {
        using var response = await server.Http.GetAsync(server.BaseUrl + path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Event_detail_has_the_article_whose_text_holds_the_evidence_at_its_offsets()
    {
        var first = (await server.AllEvents())[0];
        using var detail = await server.GetJson("/api/events/" + first.GetProperty("id").GetString());
        var e = detail.RootElement.GetProperty("event");
        var text = detail.RootElement.GetProperty("article").GetProperty("text").GetString()!;
        var evidence = e.GetProperty("evidence");
        int start = evidence.GetProperty("start").GetInt32(), end = evidence.GetProperty("end").GetInt32();
        Assert.Equal(evidence.GetProperty("text").GetString(), text[start..end]);
        Assert.Equal(JsonValueKind.Array, detail.RootElement.GetProperty("sources").ValueKind);

        using var article = await server.GetJson("/api/articles/" + e.GetProperty("article_id").GetString());
        Assert.Contains(article.RootElement.GetProperty("events").EnumerateArray(), x => x.GetProperty("id").GetString() == e.GetProperty("id").GetString());

        using var missing = await server.Http.GetAsync(server.BaseUrl + "/api/events/000000000000-001");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Exports_hold_every_matching_event_in_each_format()
    {
        var assault = await server.AllEvents("plover=ASSAULT");
        var csv = await server.Http.GetStringAsync(server.BaseUrl + "/api/export?format=csv&plover=ASSAULT");
        Assert.StartsWith("event_id_cnty,event_date", csv, StringComparison.Ordinal);
        foreach (var e in assault) Assert.Contains(e.GetProperty("id").GetString()!, csv, StringComparison.Ordinal);

        var jsonl = (await server.Http.GetStringAsync(server.BaseUrl + "/api/export?format=jsonl&plover=ASSAULT"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(assault.Count, jsonl.Length);

        using var geo = JsonDocument.Parse(await server.Http.GetStringAsync(server.BaseUrl + "/api/export?format=geojson&plover=ASSAULT"));
        Assert.Equal("FeatureCollection", geo.RootElement.GetProperty("type").GetString());
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(assault.Count, features.Count);
        var point = features.First(f => f.GetProperty("geometry").ValueKind == JsonValueKind.Object);
        Assert.Equal("Point", point.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Map_gives_one_point_per_located_event_and_lists_the_rest()
    {
        var all = await server.AllEvents();
        using var map = await server.GetJson("/api/map");
        int located = all.Count(e => e.GetProperty("location") is { ValueKind: JsonValueKind.Object } l && l.GetProperty("latitude").ValueKind == JsonValueKind.Number);
        Assert.Equal(located, map.RootElement.GetProperty("points").GetArrayLength());
        Assert.Equal(all.Count - located, map.RootElement.GetProperty("unlocated_total").GetInt32());
    }

    [Fact]
    public async Task Ingest_needs_the_token_and_then_stores_what_it_extracts()
    {
        const string doc = "{\"id\":\"ingest-test-1\",\"published\":\"2023-05-04\",\"text\":\"Protesters marched through central Nairobi on Tuesday to demand lower food prices, and police fired tear gas to disperse them, witnesses said.\"}\n";
        using (var anonymous = await server.Http.PostAsync(server.BaseUrl + "/api/documents", new StringContent(doc, Encoding.UTF8, "application/x-ndjson")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/api/documents"))
        {
            wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-token-at-all");
            wrong.Content = new StringContent(doc);
            using var response = await server.Http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var request = server.Authorized(HttpMethod.Post, "/api/documents");
        request.Content = new StringContent(doc, Encoding.UTF8, "application/x-ndjson");
        using var ok = await server.Http.SendAsync(request);
        var body = await ok.Content.ReadAsStringAsync();
        Assert.True(ok.IsSuccessStatusCode, body);
        using var result = JsonDocument.Parse(body);
        var stored = result.RootElement.GetProperty("documents")[0];
        Assert.Equal("stored", stored.GetProperty("status").GetString());
        Assert.True(stored.GetProperty("events").GetInt32() > 0, body);
        var articleId = stored.GetProperty("article_id").GetString()!;
        using var article = await server.GetJson("/api/articles/" + articleId);
        Assert.NotEqual(0, article.RootElement.GetProperty("events").GetArrayLength());
        var listed = await server.AllEvents("from=2023-05-02&to=2023-05-04");
        Assert.Contains(listed, e => e.GetProperty("article_id").GetString() == articleId);
    }

    [Fact]
    public async Task Oversized_and_empty_bodies_are_refused()
    {
        // Announced as 33 MiB: refused before the body is read (a client that then sends it sees the connection close).
        var uri = new Uri(server.BaseUrl);
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var stream = tcp.GetStream();
            var head = $"POST /api/documents HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {ServerFixture.Token}\r\n" +
                       $"Content-Type: text/html\r\nContent-Length: {33 * 1024 * 1024}\r\n\r\n<html>";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer);
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
        }

        using var empty = server.Authorized(HttpMethod.Post, "/api/documents");
        empty.Content = new StringContent("");
        using var emptyResponse = await server.Http.SendAsync(empty);
        Assert.Equal(HttpStatusCode.BadRequest, emptyResponse.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_a_policy_that_forbids_inline_script()
    {
        foreach (var path in new[] { "/", "/app.js", "/api/events", "/api/nothing" })
        {
            using var response = await server.Http.GetAsync(server.BaseUrl + path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var page = await server.Http.GetStringAsync(server.BaseUrl + "/");
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", page);
        Assert.DoesNotMatch(@"<[^>]*\son[a-z]+\s*=", page);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_api_route()
    {
        using var doc = await server.GetJson("/openapi.json");
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var route in new[] { "/api/events", "/api/events/{id}", "/api/articles/{id}", "/api/stats", "/api/map", "/api/facets", "/api/export", "/api/documents" })
            Assert.Contains(route, paths);
        // And every parameter the document names for /api/events is one the server accepts.
        foreach (var p in doc.RootElement.GetProperty("paths").GetProperty("/api/events").GetProperty("get").GetProperty("parameters").EnumerateArray())
        {
            var name = p.TryGetProperty("$ref", out var r) ? r.GetString()!.Split('/')[^1] : p.GetProperty("name").GetString()!;
            using var response = await server.Http.GetAsync(server.BaseUrl + "/api/events?" + name + "=");
            Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public void A_non_loopback_address_needs_public()
    {
        var error = Assert.Throws<ArgumentException>(() => SitrepServer.Create(new ServerOptions { DbPath = server.DbPath, Host = "0.0.0.0", Port = 0 }));
        Assert.Contains("--public", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_with_a_foreign_host_header_need_the_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/api/events");
        request.Headers.Host = "attacker.example";
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var withToken = server.Authorized(HttpMethod.Get, "/api/events");
        withToken.Headers.Host = "attacker.example";
        using var allowed = await server.Http.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
