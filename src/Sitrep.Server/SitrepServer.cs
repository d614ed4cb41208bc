using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sitrep.Core;
using Sitrep.Ingest;
using Sitrep.Storage;

namespace Sitrep.Server;

/// <summary>
/// <c>sitrep serve</c>: the dashboard (static files embedded in this assembly) and the JSON API
/// over a SQLite event store. Reads need no token from this machine; writes always do.
/// </summary>
public sealed class SitrepServer : IAsyncDisposable
{
    /// <summary>The Content-Security-Policy of every response: scripts and styles from this server only, nothing inline.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const long MaxReadBodyBytes = 64 * 1024;

    private readonly ServerOptions _options;
    private readonly WebApplication _app;
    private readonly EventService _service;
    private readonly EvidenceSearch _search;
    private readonly StaticFiles _files = StaticFiles.Load();
    private readonly Lock _storeGate = new();
    private readonly SemaphoreSlim _ingestGate = new(1, 1);
    private readonly Lazy<Pipeline>? _pipeline;
    private readonly EventIndex _index;
    private SqliteEventStore? _writer;

    private SitrepServer(ServerOptions options, string token, string? tokenFile)
    {
        _options = options;
        Token = token;
        TokenFile = tokenFile;
        var readOnly = new SqliteConnectionStringBuilder { DataSource = options.DbPath, Mode = SqliteOpenMode.ReadOnly }.ToString();
        _index = new EventIndex(readOnly);
        _search = new EvidenceSearch(readOnly, options.DbPath);
        _service = new EventService(_index, _search, new StoreReader(readOnly));
        if (options.PipelineFactory is { } factory) _pipeline = new Lazy<Pipeline>(factory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SitrepServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxReadBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Listen(BindAddress(options.Host), options.Port);
        });
        _app = builder.Build();
        _app.Use(Guard);
        MapApi(_app);
        _app.MapFallback("{**path}", ServeStatic);
    }

    /// <summary>The bearer token for <c>POST /api/documents</c> (and for reads from other machines).</summary>
    public string Token { get; }

    /// <summary>Where the generated token is kept (null when it was given).</summary>
    public string? TokenFile { get; }

    /// <summary>The bound addresses, e.g. http://127.0.0.1:8080 (after <see cref="StartAsync"/>).</summary>
    public IReadOnlyList<string> Urls =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>Checks the options and the store, and prepares the server. Throws <see cref="ArgumentException"/> for bad options.</summary>
    public static SitrepServer Create(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ServerOptions.IsLoopbackHost(options.Host) && !options.Public)
            throw new ArgumentException($"--host {options.Host} is not a loopback address: add --public to serve other machines (reads then need the token).");
        if (options.Port is < 0 or > 65535) throw new ArgumentException($"--port must be 0 to 65535, got {options.Port}.");
        if (!File.Exists(options.DbPath))
            throw new ArgumentException($"no store at {options.DbPath}; fill one with 'sitrep extract INPUT --db {options.DbPath}'.");
        CheckStore(options.DbPath);
        if (options.Token is { Length: < 16 }) throw new ArgumentException("--token must be at least 16 characters.");
        var (token, file) = options.Token is { } given ? (given, null) : LoadOrCreateToken(options.DbPath);
        return new SitrepServer(options, token, file);
    }

    private static void CheckStore(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'articles')";
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 2)
                throw new ArgumentException($"{path} is not a Sitrep store (no events and articles tables).");
        }
        catch (SqliteException ex)
        {
            throw new ArgumentException($"{path} cannot be read as a SQLite store: {ex.Message}");
        }
    }

    private static IPAddress BindAddress(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return address;
        throw new ArgumentException($"--host must be an IP address or localhost, got '{host}'.");
    }

    /// <summary>The token kept beside the store (NAME.token, readable by the owner only), created on first start.</summary>
    private static (string Token, string File) LoadOrCreateToken(string dbPath)
    {
        var full = Path.GetFullPath(dbPath);
        var file = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".token");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: >= 16 } existing) return (existing, file);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(file, options);
            stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
            return (token, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (token, "(not kept: " + ex.Message + ")");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Starts, prints where it listens and the token, and serves until <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await StartAsync(stop).ConfigureAwait(false);
        var log = _options.Log;
        foreach (var url in Urls) await log.WriteLineAsync($"sitrep serve: dashboard and API on {url}/ (store {_options.DbPath})").ConfigureAwait(false);
        await log.WriteLineAsync(TokenFile is null
            ? "sitrep serve: ingest token as given by --token"
            : $"sitrep serve: ingest token {Token} (kept in {TokenFile}); POST /api/documents with 'Authorization: Bearer <token>'").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _search.Dispose();
        _ingestGate.Dispose();
        lock (_storeGate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    // Security headers on everything; the token for writes, and for reads that do not come from this machine.
    private async Task Guard(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        var request = context.Request;
        if (request.Path.StartsWithSegments("/api"))
        {
            bool read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
            var auth = Authorization(request);
            if (auth == Auth.Wrong || (auth == Auth.None && (!read || !IsLocal(context))))
            {
                headers.WWWAuthenticate = "Bearer";
                await WriteError(context, StatusCodes.Status401Unauthorized, "unauthorized",
                    auth == Auth.Wrong ? "The bearer token is wrong."
                    : read ? "Reads from other machines need 'Authorization: Bearer <token>'."
                    : "Writing needs 'Authorization: Bearer <token>' (the token sitrep serve printed at start, or --token).").ConfigureAwait(false);
                return;
            }
        }
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException ex) when (!context.Response.HasStarted)
        {
            await WriteError(context, ex.Status, ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteError(context, ex.StatusCode, ex.StatusCode == 413 ? "too_large" : "bad_request", ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            await _options.Log.WriteLineAsync($"sitrep serve: {request.Method} {request.Path}: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            await WriteError(context, StatusCodes.Status500InternalServerError, "internal", "The server failed on this request; see its log.").ConfigureAwait(false);
        }
    }

    private enum Auth { None, Right, Wrong }

    private Auth Authorization(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Auth.None;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Auth.Wrong;
        var given = Encoding.UTF8.GetBytes(header[7..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(Token)) ? Auth.Right : Auth.Wrong;
    }

    // The Host header must name this machine too: a page elsewhere that rebinds its DNS name to 127.0.0.1 gets nothing.
    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) &&
        ServerOptions.IsLoopbackHost(context.Request.Host.Host);

    internal static async Task WriteError(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await WriteJson(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static async Task WriteJson(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private void MapApi(WebApplication app)
    {
        app.MapGet("/api/events", context =>
        {
            var query = EventQuery.Parse(context.Request.Query, "sort", "limit", "cursor");
            var sort = EventSort.Parse(EventQuery.Single(context.Request.Query, "sort"));
            int limit = EventQuery.Limit(context.Request.Query);
            var (rows, next) = _service.Page(query, sort, limit, EventQuery.Single(context.Request.Query, "cursor"));
            return WriteJson(context, json =>
            {
                json.WriteStartObject();
                json.WritePropertyName("events");
                _service.Store.WriteRecords(json, rows);
                json.WriteString("next", next);
                json.WriteEndObject();
            });
        });

        app.MapGet("/api/events/{id}", context =>
        {
            var id = (string)context.Request.RouteValues["id"]!;
            return WriteDetail(context, "event", id, json => _service.Store.WriteEventDetail(json, id));
        });

        app.MapGet("/api/articles/{id}", context =>
        {
            var id = (string)context.Request.RouteValues["id"]!;
            return WriteDetail(context, "article", id, json => _service.Store.WriteArticleDetail(json, id));
        });

        app.MapGet("/api/stats", context =>
        {
            var q = context.Request.Query;
            var query = EventQuery.Parse(q, "interval", "by");
            var interval = EventQuery.Single(q, "interval") ?? "day";
            var by = EventQuery.Single(q, "by") ?? "plover";
            if (interval is not ("day" or "week" or "month"))
                throw new ApiException("bad_parameter", "interval must be day, week or month.");
            if (by is not ("plover" or "acled")) throw new ApiException("bad_parameter", "by must be plover or acled.");
            return WriteJson(context, json => _service.WriteStats(json, query, interval, by));
        });

        app.MapGet("/api/map", context =>
        {
            var q = context.Request.Query;
            var query = EventQuery.Parse(q, "cells");
            int cells = 64;
            if (EventQuery.Single(q, "cells") is { } c && (!int.TryParse(c, out cells) || cells is < 4 or > 256))
                throw new ApiException("bad_parameter", "cells must be a whole number from 4 to 256.");
            return WriteJson(context, json => _service.WriteMap(json, query, cells));
        });

        app.MapGet("/api/facets", context =>
        {
            EventQuery.Parse(context.Request.Query);
            var s = _service.Snapshot();
            return WriteJson(context, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("events", s.Count);
                json.WriteString("search", _service.Search.Mode);
                WritePool(json, "plover", s.Plovers);
                WritePool(json, "event_type", s.AcledTypes);
                WritePool(json, "sub_event_type", s.AcledSubTypes);
                WritePool(json, "country", s.Countries);
                json.WriteEndObject();
            });
        });

        app.MapGet("/api/export", ExportAsync);
        app.MapPost("/api/documents", IngestAsync);
        app.Map("/api/{**rest}", context => WriteError(context, StatusCodes.Status404NotFound, "not_found",
            $"No API endpoint {context.Request.Method} {context.Request.Path}; see /openapi.json."));
    }

    private static void WritePool(Utf8JsonWriter json, string name, EventIndex.StringPool pool)
    {
        json.WriteStartArray(name);
        foreach (var value in Enumerable.Range(0, pool.Count).Select(i => pool[i]).Order(StringComparer.Ordinal).Take(1000))
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static Task WriteDetail(HttpContext context, string what, string id, Func<Utf8JsonWriter, bool> write)
    {
        if (id.Length > 100) throw new ApiException("bad_parameter", $"An {what} id is at most 100 characters.");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16384);
        bool found;
        using (var json = new Utf8JsonWriter(buffer)) found = write(json);
        if (!found) return WriteError(context, StatusCodes.Status404NotFound, "not_found", $"No {what} with id '{EventSort.Clip(id)}'.");
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    private async Task ExportAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var query = EventQuery.Parse(q, "format", "sort");
        var sort = EventSort.Parse(EventQuery.Single(q, "sort"));
        var format = EventQuery.Single(q, "format") ?? "csv";
        var (contentType, extension) = format switch
        {
            "csv" => ("text/csv; charset=utf-8", "csv"),
            "jsonl" => ("application/x-ndjson; charset=utf-8", "jsonl"),
            "geojson" => ("application/geo+json; charset=utf-8", "geojson"),
            _ => throw new ApiException("bad_parameter", "format must be csv, jsonl or geojson."),
        };
        var rows = _service.All(query, sort);
        context.Response.ContentType = contentType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"sitrep-events.{extension}\"";
        context.Response.Headers.CacheControl = "no-store";
        // The exporters write synchronously; this runs on a pool thread with a buffered stream in between.
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        await Task.Run(() =>
        {
            using var buffered = new BufferedStream(context.Response.Body, 64 * 1024);
            var events = _service.Store.ReadStoredEvents(rows);
            if (format == "csv") EventExporter.WriteCsv(events, buffered);
            else if (format == "jsonl") EventExporter.WriteJsonl(events, buffered);
            else GeoJson.Write(events, buffered);
            buffered.Flush();
        }, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task IngestAsync(HttpContext context)
    {
        if (_pipeline is null)
            throw new ApiException("ingest_disabled", "This server was started without an extraction pipeline.", StatusCodes.Status503ServiceUnavailable);
        var q = context.Request.Query;
        foreach (var key in q.Keys)
            if (key is not ("published" or "id"))
                throw new ApiException("unknown_parameter", $"Unknown parameter '{EventSort.Clip(key)}'. Accepted here: published, id.");
        DateOnly? published = null;
        if (EventQuery.Single(q, "published") is { } p)
        {
            if (!InputReader.TryParseDate(p, out var date) || p.Length != 10)
                throw new ApiException("bad_parameter", "published must be a date as YYYY-MM-DD.");
            published = date;
        }
        var givenId = EventQuery.Single(q, "id");

        context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = _options.MaxIngestBytes;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        if (body.Length == 0) throw new ApiException("empty", "The request body is empty: send JSONL, HTML or page text.");

        var reader = new InputReader(new IngestOptions { Published = published, StandardInput = () => new MemoryStream(body, writable: false) });
        var results = new List<(Document Doc, string Status, string? ArticleId)>();
        await _ingestGate.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await Task.Run(() =>
            {
                var pipeline = _pipeline.Value;
                var store = Writer();
                foreach (var read in reader.Read(["-"]))
                {
                    var doc = pipeline.Process(Rename(read, givenId));
                    if (doc.Failed || doc.Article is null)
                    {
                        results.Add((doc, "failed", null));
                        continue;
                    }
                    bool stored = store.Save(doc);
                    results.Add((doc, stored ? "stored" : "not_stored", ArticleKey.Compute(doc.Article.Text)));
                }
            }, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _ingestGate.Release();
        }
        _index.Invalidate();
        await WriteJson(context, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("stored", results.Count(r => r.Status == "stored"));
            json.WriteStartArray("documents");
            foreach (var (doc, status, articleId) in results)
            {
                json.WriteStartObject();
                json.WriteString("id", doc.Id);
                json.WriteString("status", status);
                json.WriteString("article_id", articleId);
                json.WriteNumber("events", doc.Events.Count(e => !e.Negated));
                if (doc.Error is { } error)
                {
                    json.WriteStartObject("error");
                    json.WriteString("code", error.Code);
                    json.WriteString("message", error.Message);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // Documents posted without an id would all be "-" (or "-:N"): name them by ?id= or by their content.
    private static Document Rename(Document doc, string? givenId)
    {
        if (doc.Id != "-" && !doc.Id.StartsWith("-:", StringComparison.Ordinal)) return doc;
        var content = doc.Source.ArticleText ?? doc.Source.Html ?? doc.Source.PageText ?? doc.Id;
        var id = givenId is not null && doc.Id == "-"
            ? givenId
            : "post-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
        return new Document(id, doc.Source) { Error = doc.Error };
    }

    private SqliteEventStore Writer()
    {
        lock (_storeGate) return _writer ??= new SqliteEventStore(_options.DbPath);
    }

    private async Task ServeStatic(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await WriteError(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "Only GET is served here.").ConfigureAwait(false);
            return;
        }
        var path = context.Request.Path.Value is null or "/" ? "/index.html" : context.Request.Path.Value;
        if (!_files.TryGet(path, out var file))
        {
            await WriteError(context, StatusCodes.Status404NotFound, "not_found", "No such page.").ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        response.Headers.ETag = file.ETag;
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == file.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = file.ContentType;
        response.ContentLength = file.Bytes.Length;
        if (HttpMethods.IsGet(context.Request.Method)) await response.Body.WriteAsync(file.Bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
