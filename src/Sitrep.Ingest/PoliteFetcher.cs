using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sitrep.Ingest;

public sealed record FetchOptions
{
    /// <summary>Allow private, loopback and link-local addresses (off: such hosts are refused, also after DNS and redirects).</summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>Least time between two requests to one host; a longer robots.txt Crawl-delay wins (capped by <see cref="MaxCrawlDelay"/>).</summary>
    public TimeSpan MinDelayPerHost { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxCrawlDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a network error, a timeout, 408, 429 or 5xx.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry waits this long, each next one twice as long (or what Retry-After asks, up to <see cref="MaxBackoff"/>).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    public bool ObeyRobotsTxt { get; init; } = true;

    public string UserAgent { get; init; } = "Sitrep/0.1 (news event extraction; +https://github.com/sitrep)";

    /// <summary>robots.txt groups naming this token apply to Sitrep.</summary>
    public string ProductToken { get; init; } = "sitrep";

    /// <summary>Where validators (ETag, Last-Modified) and bodies are kept for conditional GETs across runs; null keeps them in memory only.</summary>
    public string? CacheDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>What a fetch gave: a body (fresh or, after 304 Not Modified, from the cache) or an error code.</summary>
public sealed record FetchResult(Uri Url, int Status, byte[]? Body, string? ContentType, bool NotModified = false,
    string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Succeeded => ErrorCode is null && Body is not null;
}

/// <summary>
/// Fetches URLs politely: robots.txt per origin, a minimum delay per host, conditional GET
/// (ETag / Last-Modified), retries with exponential backoff, bounded bodies, and no private or
/// loopback addresses unless allowed. The address check runs when connecting, after DNS, so a
/// name that resolves to a private address or a redirect to one is refused too.
/// </summary>
public sealed class PoliteFetcher : IDisposable
{
    private readonly FetchOptions _options;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<string, RobotsRules> _robots = new(StringComparer.OrdinalIgnoreCase);
    private readonly HostRateLimiter _limiter;
    private readonly ConcurrentDictionary<string, CachedResponse> _memoryCache = new(StringComparer.Ordinal);

    public PoliteFetcher(FetchOptions options)
    {
        _options = options;
        _limiter = new HostRateLimiter(options.MinDelayPerHost);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,  // a proxy would connect on our behalf and bypass the address check
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.Timeout,
            ConnectCallback = ConnectGuardedAsync,
        };
        _client = new HttpClient(handler) { Timeout = options.Timeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    /// <summary>Requests made so far, robots.txt included (for reports and tests).</summary>
    public int RequestCount => _requests;

    private int _requests;

    public FetchResult Fetch(Uri url) => FetchAsync(url, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellation)
    {
        if (url.Scheme is not ("http" or "https"))
            return new FetchResult(url, 0, null, null, ErrorCode: "bad_url", ErrorMessage: $"Only http and https URLs are fetched: {url}");
        if (!_options.AllowPrivateAddresses && IPAddress.TryParse(url.IdnHost, out var literal) && IsPrivate(literal))
            return Refused(url);
        if (_options.ObeyRobotsTxt)
        {
            var rules = await RobotsFor(url, cancellation).ConfigureAwait(false);
            if (!rules.IsAllowed(url))
                return new FetchResult(url, 0, null, null, ErrorCode: "robots_disallowed", ErrorMessage: $"robots.txt disallows {url.PathAndQuery}");
        }
        return await GetWithRetries(url, conditional: true, cancellation).ConfigureAwait(false);
    }

    private static FetchResult Refused(Uri url) =>
        new(url, 0, null, null, ErrorCode: "private_address",
            ErrorMessage: $"{url.Host} is a private or loopback address; pass --allow-private to fetch it.");

    private async Task<RobotsRules> RobotsFor(Uri url, CancellationToken cancellation)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (_robots.TryGetValue(origin, out var known)) return known;
        var result = await GetWithRetries(new Uri(origin + "/robots.txt"), conditional: false, cancellation).ConfigureAwait(false);
        RobotsRules rules = result switch
        {
            { ErrorCode: "private_address" } => RobotsRules.AllowAll,  // the page fetch reports the refusal
            { Succeeded: true, Status: >= 200 and < 300 } => RobotsRules.Parse(Encoding.UTF8.GetString(result.Body!), _options.ProductToken),
            { Status: >= 400 and < 500 } => RobotsRules.AllowAll,   // RFC 9309: no robots.txt, no restriction
            _ => RobotsRules.DisallowAll,                             // unreachable: assume complete disallow
        };
        if (rules.CrawlDelay is { } delay) _limiter.SetDelay(url.IdnHost, delay > _options.MaxCrawlDelay ? _options.MaxCrawlDelay : delay);
        return _robots.GetOrAdd(origin, rules);
    }

    private async Task<FetchResult> GetWithRetries(Uri url, bool conditional, CancellationToken cancellation)
    {
        var cached = conditional ? LoadCached(url) : null;
        for (int attempt = 0; ; attempt++)
        {
            await WaitTurn(url.IdnHost, cancellation).ConfigureAwait(false);
            TimeSpan? retryAfter = null;
            FetchResult result;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (cached?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
                if (cached?.LastModified is { } lm && DateTimeOffset.TryParse(lm, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
                    request.Headers.IfModifiedSince = since;
                Interlocked.Increment(ref _requests);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                retryAfter = RetryAfter(response);
                if (status == 304 && cached is not null)
                    return new FetchResult(url, 200, cached.Body, cached.ContentType, NotModified: true);
                if (status is >= 200 and < 300)
                {
                    var contentType = response.Content.Headers.ContentType?.ToString();
                    if (response.Content.Headers.ContentLength > _options.MaxBodyBytes)
                        return new FetchResult(url, status, null, contentType, ErrorCode: "too_large", ErrorMessage: $"{url} is larger than the {_options.MaxBodyBytes / (1024 * 1024)} MiB limit.");
                    await using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
                    byte[] bytes = HttpMessage.ReadBounded(body, _options.MaxBodyBytes);
                    if (conditional) StoreCached(url, response, bytes, contentType);
                    return new FetchResult(url, status, bytes, contentType);
                }
                result = new FetchResult(url, status, null, null, ErrorCode: "http_status", ErrorMessage: $"{url} answered HTTP {status}.");
                if (!IsRetryable(status)) return result;
            }
            catch (HttpRequestException ex) when (FindRefusal(ex))
            {
                return Refused(url);
            }
            catch (Sitrep.Core.DocumentRejectedException rejected)
            {
                return new FetchResult(url, 0, null, null, ErrorCode: rejected.Code, ErrorMessage: rejected.Message);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || ex is TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                result = new FetchResult(url, 0, null, null, ErrorCode: "fetch_failed", ErrorMessage: $"{url}: {ex.Message}");
            }
            if (attempt >= _options.MaxRetries) return result;
            var backoff = retryAfter ?? TimeSpan.FromTicks(_options.InitialBackoff.Ticks << Math.Min(attempt, 20));
            if (backoff > _options.MaxBackoff) backoff = _options.MaxBackoff;
            await Task.Delay(backoff, _options.Time, cancellation).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - _options.Time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    private async Task WaitTurn(string host, CancellationToken cancellation)
    {
        var wait = _limiter.Reserve(host, _options.Time.GetUtcNow());
        if (wait > TimeSpan.Zero) await Task.Delay(wait, _options.Time, cancellation).ConfigureAwait(false);
    }

    private static bool FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PrivateAddressException) return true;
        return false;
    }

    private async ValueTask<Stream> ConnectGuardedAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellation).ConfigureAwait(false);
        var allowed = _options.AllowPrivateAddresses ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0) throw new PrivateAddressException(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellation).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT, unspecified and multicast addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 || b[0] >= 224
                || b[0] == 172 && b[1] is >= 16 and <= 31
                || b[0] == 192 && b[1] == 168
                || b[0] == 169 && b[1] == 254
                || b[0] == 100 && b[1] is >= 64 and <= 127;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC;
        }
        return true;
    }

    private sealed record CachedResponse(string? ETag, string? LastModified, string? ContentType, byte[] Body);

    private sealed record CacheEntry(string? ETag, string? LastModified, string? ContentType);

    private CachedResponse? LoadCached(Uri url)
    {
        var key = url.AbsoluteUri;
        if (_memoryCache.TryGetValue(key, out var hit)) return hit;
        if (_options.CacheDirectory is null) return null;
        var (meta, body) = CachePaths(key);
        try
        {
            if (!File.Exists(meta) || !File.Exists(body)) return null;
            var entry = JsonSerializer.Deserialize<CacheEntry>(File.ReadAllText(meta));
            return entry is null ? null : new CachedResponse(entry.ETag, entry.LastModified, entry.ContentType, File.ReadAllBytes(body));
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void StoreCached(Uri url, HttpResponseMessage response, byte[] body, string? contentType)
    {
        var etag = response.Headers.ETag?.ToString();
        var lastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
        if (etag is null && lastModified is null) return;
        var key = url.AbsoluteUri;
        if (_options.CacheDirectory is null)
        {
            // In memory only the validators of small bodies are kept, so a long crawl stays bounded.
            if (body.Length <= 1024 * 1024 && _memoryCache.Count < 10_000) _memoryCache[key] = new CachedResponse(etag, lastModified, contentType, body);
            return;
        }
        var (meta, bodyPath) = CachePaths(key);
        Directory.CreateDirectory(_options.CacheDirectory);
        File.WriteAllBytes(bodyPath, body);
        File.WriteAllText(meta, JsonSerializer.Serialize(new CacheEntry(etag, lastModified, contentType)));
    }

    private (string Meta, string Body) CachePaths(string key)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (Path.Combine(_options.CacheDirectory!, name + ".json"), Path.Combine(_options.CacheDirectory!, name + ".body"));
    }

    public void Dispose() => _client.Dispose();

    private sealed class PrivateAddressException(string host) : IOException($"{host} resolves only to private or loopback addresses.");
}

/// <summary>Spaces requests to each host: <see cref="Reserve"/> books the next slot and says how long to wait for it.</summary>
public sealed class HostRateLimiter(TimeSpan minDelay)
{
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TimeSpan> _delays = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>A longer delay for one host (robots.txt Crawl-delay); a shorter one than the default is ignored.</summary>
    public void SetDelay(string host, TimeSpan delay)
    {
        lock (_gate) { if (delay > minDelay) _delays[host] = delay; }
    }

    public TimeSpan Reserve(string host, DateTimeOffset now)
    {
        lock (_gate)
        {
            var delay = _delays.TryGetValue(host, out var d) ? d : minDelay;
            var slot = _next.TryGetValue(host, out var next) && next > now ? next : now;
            _next[host] = slot + delay;
            return slot - now;
        }
    }
}
