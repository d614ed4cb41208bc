using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sitrep.Ingest.Tests;

/// <summary>An HTTP server on 127.0.0.1 for the fetcher tests; it answers from a route table and logs every request.</summary>
internal sealed class LocalServer : IDisposable
{
    public sealed record Reply(int Status, string ContentType, byte[] Body, Dictionary<string, string>? Headers = null);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerRequest, Reply>> _routes = new();
    private readonly Task _loop;

    public LocalServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public ConcurrentQueue<(string Path, string? IfNoneMatch)> Requests { get; } = new();

    public void Route(string path, Func<HttpListenerRequest, Reply> reply) => _routes[path] = reply;

    public void Page(string path, string html, string contentType = "text/html; charset=utf-8") =>
        Route(path, _ => new Reply(200, contentType, Encoding.UTF8.GetBytes(html)));

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var path = context.Request.Url!.PathAndQuery;
            Requests.Enqueue((path, context.Request.Headers["If-None-Match"]));
            var reply = _routes.TryGetValue(path, out var handler) ? handler(context.Request) : new Reply(404, "text/plain", "not found"u8.ToArray());
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            foreach (var (k, v) in reply.Headers ?? []) context.Response.Headers[k] = v;
            if (reply.Body.Length > 0) await context.Response.OutputStream.WriteAsync(reply.Body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
