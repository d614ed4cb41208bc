using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Sitrep.EndToEnd.Tests;

/// <summary>Bad input yields a per-document error with a clear code, and the batch goes on.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string GoodStory = "Rebels attacked an army post near Goma on Monday, killing four soldiers, the army said.";
    private readonly string _dir = Directory.CreateTempSubdirectory("sitrep-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static List<JsonElement> Records(string jsonl) =>
        jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static string? ErrorCode(JsonElement record) =>
        record.TryGetProperty("error", out var e) ? e.GetProperty("code").GetString() : null;

    [Fact]
    public void Each_bad_file_fails_alone_and_the_good_ones_are_coded()
    {
        var good1 = Write("a-good.txt", Encoding.UTF8.GetBytes(GoodStory));
        var empty = Write("b-empty.html", []);
        var binary = Write("c-binary.html", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        var invalidUtf8 = Write("d-invalid.txt", [.. Encoding.UTF8.GetBytes("Troops fired on "), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(" protesters.")]);
        var huge = Path.Combine(_dir, "e-huge.html");
        using (var f = File.Create(huge))
        {
            var chunk = Encoding.ASCII.GetBytes("<p>" + new string('x', 1020) + "</p>");
            for (int i = 0; i < 50 * 1024; i++) f.Write(chunk);
        }
        var good2 = Write("f-good.txt.gz", Gzip(Encoding.UTF8.GetBytes(GoodStory.Replace("Goma", "Beni", StringComparison.Ordinal))));

        var result = CliRunner.Run(null, "extract", good1, empty, binary, invalidUtf8, huge, good2, "--format", "jsonl", "--published", "2023-05-10");

        Assert.Equal(1, result.ExitCode);
        var records = Records(result.Stdout);
        Assert.Equal(6, records.Count);
        Assert.Null(ErrorCode(records[0]));
        Assert.Equal("empty", ErrorCode(records[1]));
        Assert.Equal("binary", ErrorCode(records[2]));
        Assert.Equal("invalid_encoding", ErrorCode(records[3]));
        Assert.Equal("too_large", ErrorCode(records[4]));
        Assert.Null(ErrorCode(records[5]));
        Assert.True(records[5].GetProperty("events").GetArrayLength() > 0);
    }

    [Fact]
    public void A_malformed_jsonl_line_fails_alone()
    {
        var jsonl = Write("docs.jsonl", Encoding.UTF8.GetBytes(
            "{\"id\": \"one\", \"text\": \"" + GoodStory + "\", \"published\": \"2023-05-10\"}\n" +
            "{\"id\": \"two\", \"text\": \n" +
            "{\"id\": \"three\", \"text\": \"Police arrested 12 protesters in Lagos on Friday.\"}\n"));

        var result = CliRunner.Run(null, "extract", jsonl, "--format", "jsonl");

        Assert.Equal(1, result.ExitCode);
        var records = Records(result.Stdout);
        Assert.Equal(3, records.Count);
        Assert.Equal("one", records[0].GetProperty("id").GetString());
        Assert.Equal("bad_json", ErrorCode(records[1]));
        Assert.Equal("three", records[2].GetProperty("id").GetString());
        Assert.Equal(GoodStory, records[0].GetProperty("article").GetProperty("text").GetString());
    }

    [Fact]
    public void A_missing_file_is_a_document_error_not_a_crash()
    {
        var result = CliRunner.Run(null, "extract", Path.Combine(_dir, "nope.html"), "--format", "jsonl");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("not_found", ErrorCode(Records(result.Stdout).Single()));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(data);
        return buffer.ToArray();
    }
}
