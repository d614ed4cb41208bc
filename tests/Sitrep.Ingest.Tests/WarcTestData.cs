using System.IO.Compression;
using System.Text;

namespace Sitrep.Ingest.Tests;

/// <summary>Builds WARC records and files for the tests.</summary>
internal static class WarcTestData
{
    public static byte[] Record(string type, string id, string? uri, byte[] block, string version = "1.0",
        string contentType = "application/http; msgtype=response", string date = "2021-03-04T05:06:07Z")
    {
        var head = new StringBuilder()
            .Append($"WARC/{version}\r\n")
            .Append($"WARC-Type: {type}\r\n")
            .Append($"WARC-Record-ID: <{id}>\r\n")
            .Append($"WARC-Date: {date}\r\n");
        if (uri is not null) head.Append($"WARC-Target-URI: {uri}\r\n");
        head.Append($"Content-Type: {contentType}\r\n")
            .Append($"Content-Length: {block.Length}\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. block, .. "\r\n\r\n"u8];
    }

    public static byte[] HttpResponse(string html, string contentType = "text/html; charset=utf-8", int status = 200, Encoding? encoding = null) =>
        HttpResponse((encoding ?? Encoding.UTF8).GetBytes(html), contentType, status);

    public static byte[] HttpResponse(byte[] body, string contentType = "text/html; charset=utf-8", int status = 200, string extraHeaders = "") =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: {contentType}\r\n{extraHeaders}Content-Length: {body.Length}\r\n\r\n"), .. body];

    public static byte[] Response(string id, string uri, string html, string version = "1.0") =>
        Record("response", id, uri, HttpResponse(html), version);

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    public static string Page(string title, string body) =>
        $"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>";

    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("sitrep-ingest-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        };
        return root;
    });

    /// <summary>A file in a folder of its own, under one temp folder removed when the tests end.</summary>
    public static string TempFile(string name, byte[] content)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root.Value, Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
