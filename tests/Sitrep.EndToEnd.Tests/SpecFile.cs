using System.Globalization;
using System.Text.RegularExpressions;

namespace Sitrep.EndToEnd.Tests;

/// <summary>One story of a spec file: text, publication date and the events expected (or rejected).</summary>
public sealed record SpecStory(string File, string Title, DateOnly? Published, string Text, IReadOnlyList<SpecExpectation> Expectations)
{
    public override string ToString() => $"{File}: {Title}";
}

/// <summary>
/// "expect: PLOVER key=value ..." or "reject: PLOVER key=value ...". "pending-expect:" marks a known
/// gap: it is parsed and reported by <c>Pending_expectations_are_listed</c> but not asserted.
/// </summary>
public sealed record SpecExpectation(bool Expected, string Plover, IReadOnlyDictionary<string, string> Fields, string Line, bool Pending = false);

/// <summary>
/// Reads Specs/*.md, in the manner of Markdig's spec tests: each "## title" section holds a
/// "published:" line, a ```text block and expect/reject lines.
/// </summary>
public static partial class SpecFile
{
    public static IEnumerable<SpecStory> Load(string path)
    {
        var file = Path.GetFileName(path);
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("## ", StringComparison.Ordinal)) continue;
            var title = lines[i][3..].Trim();
            DateOnly? published = null;
            string? text = null;
            var expectations = new List<SpecExpectation>();
            int j = i + 1;
            for (; j < lines.Length && !lines[j].StartsWith("## ", StringComparison.Ordinal); j++)
            {
                var line = lines[j];
                if (line.StartsWith("published:", StringComparison.Ordinal))
                    published = DateOnly.ParseExact(line["published:".Length..].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                else if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    var body = new List<string>();
                    for (j++; j < lines.Length && !lines[j].StartsWith("```", StringComparison.Ordinal); j++) body.Add(lines[j]);
                    text = string.Join("\n", body).Trim();
                }
                else if (line.StartsWith("expect:", StringComparison.Ordinal) || line.StartsWith("reject:", StringComparison.Ordinal))
                    expectations.Add(ParseExpectation(line));
                else if (line.StartsWith("pending-expect:", StringComparison.Ordinal))
                    expectations.Add(ParseExpectation(line["pending-".Length..]) with { Pending = true, Line = line });
            }
            if (text is not null) yield return new SpecStory(file, title, published, text, expectations);
            i = j - 1;
        }
    }

    private static SpecExpectation ParseExpectation(string line)
    {
        bool expected = line.StartsWith("expect:", StringComparison.Ordinal);
        var rest = line[7..].Trim();
        var plover = rest.Split(' ', 2)[0];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Field().Matches(rest[plover.Length..]))
            fields[m.Groups[1].Value] = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
        return new SpecExpectation(expected, plover, fields, line);
    }

    [GeneratedRegex("""(\w+)=(?:"([^"]*)"|(\S+))""")]
    private static partial Regex Field();
}
