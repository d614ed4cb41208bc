using System.CommandLine;
using Sitrep.Server;

namespace Sitrep.Cli;

/// <summary><c>sitrep serve</c>: the dashboard and JSON API over a store (see src/Sitrep.Server).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var db = new Option<string?>("--db")
        {
            Description = $"The SQLite store that 'sitrep extract --db' filled (default: ${StoreLocation.EnvironmentVariable} or ./{StoreLocation.DefaultFile}).",
            HelpName = "FILE",
        };
        var port = new Option<int>("--port")
        {
            Description = "TCP port (0: any free port).",
            DefaultValueFactory = _ => 8080,
        };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on. Only loopback addresses unless --public is given.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var isPublic = new Option<bool>("--public")
        {
            Description = "Allow a non-loopback --host. Other machines then need the token to read too.",
        };
        var token = new Option<string?>("--token")
        {
            Description = "Bearer token for POST /api/documents (default: generated on first start, kept in FILE's folder as NAME.token, and printed).",
            HelpName = "TOKEN",
        };
        var command = new Command("serve", "Serve a dashboard (map, timeline, list, evidence) and a JSON API (/api/events, /openapi.json) over the store.")
        {
            db, port, host, isPublic, token,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var path = StoreLocation.Resolve(result.GetValue(db));
            SitrepServer server;
            try
            {
                server = SitrepServer.Create(new ServerOptions
                {
                    DbPath = path,
                    Port = result.GetValue(port),
                    Host = result.GetValue(host)!,
                    Public = result.GetValue(isPublic),
                    Token = result.GetValue(token),
                    PipelineFactory = () => SitrepPipeline.CreateDefaultBuilder().Build(),
                });
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"sitrep: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            await using (server.ConfigureAwait(false))
            {
                try
                {
                    await server.RunAsync(cancellation).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    await Console.Error.WriteLineAsync($"sitrep: cannot listen on {result.GetValue(host)}:{result.GetValue(port)}: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
