using System.Net;
using Sitrep.Core;

namespace Sitrep.Server;

/// <summary>How <c>sitrep serve</c> runs.</summary>
public sealed record ServerOptions
{
    /// <summary>The SQLite store that <c>sitrep extract --db</c> fills.</summary>
    public required string DbPath { get; init; }

    /// <summary>Address to bind. Anything other than a loopback address needs <see cref="Public"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (see <see cref="SitrepServer.Urls"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Allows binding a non-loopback address. Reads from other machines then need the token too.</summary>
    public bool Public { get; init; }

    /// <summary>The bearer token for ingest (and for reads from other machines); null: the one kept beside the store, created on first start.</summary>
    public string? Token { get; init; }

    /// <summary>Builds the extraction pipeline for <c>POST /api/documents</c>; null disables ingest (503).</summary>
    public Func<Pipeline>? PipelineFactory { get; init; }

    /// <summary>Where the startup lines (address, token) go.</summary>
    public TextWriter Log { get; init; } = Console.Error;

    /// <summary>Largest accepted <c>POST /api/documents</c> body.</summary>
    public long MaxIngestBytes { get; init; } = 32L * 1024 * 1024;

    internal static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
