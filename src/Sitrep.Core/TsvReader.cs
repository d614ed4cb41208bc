namespace Sitrep.Core;

/// <summary>
/// Reads the project's own data files: tab-separated, UTF-8, '#' starts a comment line, and the
/// first non-comment line names the columns.
/// </summary>
public static class TsvReader
{
    public static IEnumerable<IReadOnlyDictionary<string, string>> Read(string path)
    {
        string[]? header = null;
        foreach (var raw in File.ReadLines(path))
        {
            if (raw.Length == 0 || raw[0] == '#') continue;
            var cells = raw.Split('\t');
            if (header is null)
            {
                header = cells.Select(c => c.Trim()).ToArray();
                continue;
            }
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
                row[header[i]] = i < cells.Length ? cells[i].Trim() : string.Empty;
            yield return row;
        }
    }

    public static string? Get(this IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
}
