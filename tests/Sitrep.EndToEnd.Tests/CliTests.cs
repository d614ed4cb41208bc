using System.Text.Json;

namespace Sitrep.EndToEnd.Tests;

/// <summary>The command-line contract of ../shared/INTERFACE.md.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitrep-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Bad_usage_exits_2()
    {
        Assert.Equal(2, CliRunner.Run(null, "extract").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "extract", "x.html", "--format", "xml").ExitCode);
        Assert.Equal(2, CliRunner.Run(null, "extract", "x.html", "--published", "23/12/2016").ExitCode);
    }

    [Fact]
    public void Gazetteer_build_compiles_the_index_ahead_of_the_first_run()
    {
        var result = CliRunner.Run(null, "gazetteer", "build");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"gazetteer: [\d,]+ places, index .*index-v1\.bin", result.Stdout);
        var places = int.Parse(System.Text.RegularExpressions.Regex.Match(result.Stdout, @"([\d,]+) places").Groups[1].Value.Replace(",", ""),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(places > 100_000, $"only {places} places");
    }

    [Theory]
    [InlineData("extract")]
    [InlineData("article")]
    [InlineData("events")]
    public void Every_command_has_help(string command)
    {
        var result = CliRunner.Run(null, command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--format", result.Stdout);
    }

    [Fact]
    public void Json_is_one_object_for_one_document_and_an_array_for_several()
    {
        var one = CliRunner.Run("The army shelled Idlib on Monday.", "extract", "-", "--published", "2019-05-08");
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(one.Stdout).RootElement.ValueKind);

        var a = Path.Combine(_dir, "a.txt");
        var b = Path.Combine(_dir, "b.txt");
        File.WriteAllText(a, "Police arrested 30 protesters in Minsk on Sunday.");
        File.WriteAllText(b, "Rebels seized the town of Kidal on Friday.");
        var several = CliRunner.Run(null, "extract", _dir, "--quiet");
        Assert.Equal(0, several.ExitCode);
        var array = JsonDocument.Parse(several.Stdout).RootElement;
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(2, array.GetArrayLength());
        Assert.Equal(a, array[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Jsonl_text_is_kept_exactly_and_records_follow_the_contract()
    {
        const string text = "  Troops   withdrew from Kherson on Friday, officials said.\n\nNo one was hurt.  ";
        var input = JsonSerializer.Serialize(new { id = "k1", text, published = "2022-11-12" }) + "\n";
        var result = CliRunner.Run(input, "extract", "-", "--format", "jsonl");
        Assert.Equal(0, result.ExitCode);
        var record = JsonDocument.Parse(result.Stdout.Trim()).RootElement;
        Assert.Equal("k1", record.GetProperty("id").GetString());
        Assert.Equal(text, record.GetProperty("article").GetProperty("text").GetString());
        foreach (var field in new[] { "entities", "times", "places", "events" })
            Assert.Equal(JsonValueKind.Array, record.GetProperty(field).ValueKind);
        foreach (var ev in record.GetProperty("events").EnumerateArray())
        {
            var evidence = ev.GetProperty("evidence");
            int start = evidence.GetProperty("start").GetInt32(), end = evidence.GetProperty("end").GetInt32();
            Assert.Equal(text[start..end], evidence.GetProperty("text").GetString());
            foreach (var field in new[] { "id", "plover", "plover_mode", "cameo", "acled", "date", "date_precision", "actor1", "actor2", "location", "fatalities", "injured", "size", "confidence" })
                Assert.True(ev.TryGetProperty(field, out _), $"event lacks {field}");
        }
    }

    [Fact]
    public void Extract_with_db_stores_once_and_exports_acled_csv()
    {
        var story = Path.Combine(_dir, "story.txt");
        File.WriteAllText(story, "Government troops recaptured the town of Ras Kamboni from al-Shabaab militants on Tuesday, the Somali army said.");
        var db = Path.Combine(_dir, "events.db");
        Assert.Equal(0, CliRunner.Run(null, "extract", story, "--db", db, "--published", "2021-03-04", "--quiet").ExitCode);
        Assert.Equal(0, CliRunner.Run(null, "extract", story, "--db", db, "--published", "2021-03-04", "--quiet").ExitCode);

        var csv = CliRunner.Run(null, "events", "--db", db, "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,plover,plover_mode,cameo,evidence", lines[0]);
        Assert.True(lines.Length >= 2, "no event exported");

        var jsonl = CliRunner.Run(null, "events", "--db", db, "--format", "jsonl");
        var exported = jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length - 1, exported.Length);
    }
}
