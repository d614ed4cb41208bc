using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Sitrep.Server;

/// <summary>The dashboard's files, embedded in this assembly as resources named web/PATH.</summary>
internal sealed class StaticFiles
{
    private const string Prefix = "web/";

    private readonly Dictionary<string, StaticFile> _files;

    private StaticFiles(Dictionary<string, StaticFile> files) => _files = files;

    public static StaticFiles Load()
    {
        var assembly = typeof(StaticFiles).Assembly;
        var files = new Dictionary<string, StaticFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
            files["/" + name[Prefix.Length..].Replace('\\', '/')] = new StaticFile(bytes, ContentType(name), etag);
        }
        return new StaticFiles(files);
    }

    public IEnumerable<string> Paths => _files.Keys;

    public bool TryGet(string path, [NotNullWhen(true)] out StaticFile? file) => _files.TryGetValue(path, out file);

    private static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "text/plain; charset=utf-8",
    };
}

internal sealed record StaticFile(byte[] Bytes, string ContentType, string ETag);
