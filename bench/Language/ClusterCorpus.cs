using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sitrep.Language;
using Sitrep.Language.Ner;

/// <summary>
/// Unlabelled English text for the NER word clusters, read in place from ../shared (never copied): the tokens
/// of CoNLL-2003 train (not testa, the development set) and the article text of the extraction, event, time
/// and geo evaluation sets. Sentences are tokenised by Sitrep's tokenizer, as text is at run time.
/// </summary>
internal static partial class ClusterCorpus
{
    public static List<IReadOnlyList<string>> Sentences(string shared, Action<string> log)
    {
        var sentences = new List<IReadOnlyList<string>>();
        var eval = Path.Combine(shared, "eval");
        foreach (var doc in NerTrainer.ReadConll(Path.Combine(eval, "nlp", "CoNLL-2003", "eng.train"))) sentences.AddRange(doc.Sentences);
        log($"corpus: CoNLL-2003 train {sentences.Count} sentences");

        var texts = new List<(string Source, string Text)>();
        foreach (var set in new[] { "naeb", "htmldate", "trafilatura", "zyte" })
        {
            string dir = Path.Combine(eval, "extraction", set, "html");
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir, "*.html.gz").Order(StringComparer.Ordinal))
            {
                using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                texts.Add((set, HtmlParagraphs(new StreamReader(gz).ReadToEnd())));
            }
        }
        string stories = Path.Combine(eval, "events", "ngec", "setup", "train_classifiers", "gpt_synthetic_events_2023-10-19_19.csv.zip");
        if (File.Exists(stories))
        {
            using var zip = ZipFile.OpenRead(stories);
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
                using (var reader = new StreamReader(entry.Open()))
                    foreach (var row in CsvRows(reader).Skip(1))
                        if (row.Count > 1) texts.Add(("ngec", row[1]));
        }
        string india = Path.Combine(eval, "events", "indiapoliceevents", "metadata.jsonl");
        if (File.Exists(india))
            foreach (var line in File.ReadLines(india))
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("full_text", out var t) && t.GetString() is { } s) texts.Add(("india", s));
            }
        foreach (var file in new[] { "universalpetrarch/en_gsr/PETR2_GSR_validation.xml", "universalpetrarch/en_validate/PETR_Validate_records_2_02.xml", "petrarch2/text/GigaWord.sample.PETR.xml", "petrarch2/text/PETR.UnitTest.records.xml" })
            texts.AddRange(XmlTexts(Path.Combine(eval, "events", file), "Text").Select(t => ("petrarch", t)));
        foreach (var file in new[] { "LGL/lgl.xml", "GeoWebNews/GWN.xml" })
            texts.AddRange(XmlTexts(Path.Combine(eval, "geo", file), "text").Select(t => ("geo", t)));
        foreach (var dir in new[] { "TimeBank", "AQUAINT" })
        {
            string path = Path.Combine(eval, "time", "TBAQ-cleaned", dir);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.GetFiles(path, "*.tml").Order(StringComparer.Ordinal))
                texts.AddRange(XmlTexts(file, "TEXT").Select(t => ("time", t)));
        }

        foreach (var group in texts.GroupBy(t => t.Source))
        {
            int before = sentences.Count;
            foreach (var (_, text) in group) AddSentences(text, sentences);
            log($"corpus: {group.Key} {group.Count()} texts, {sentences.Count - before} sentences");
        }
        return sentences;
    }

    /// <summary>Tokenised sentences of English prose; lines without a capital or without an English function word are skipped.</summary>
    private static void AddSentences(string text, List<IReadOnlyList<string>> sentences)
    {
        var tokens = Tokenizer.Tokenize(text);
        int t = 0;
        foreach (var sentence in SentenceSplitter.Split(text, tokens))
        {
            while (t < tokens.Count && tokens[t].Start < sentence.Start) t++;
            int s0 = t;
            while (t < tokens.Count && tokens[t].End <= sentence.End) t++;
            if (t - s0 < 4) continue;
            var words = new string[t - s0];
            bool capital = false, english = false;
            for (int k = s0; k < t; k++)
            {
                string w = words[k - s0] = tokens[k].Text;
                capital |= char.IsUpper(w[0]);
                english |= w is "the" or "of" or "and" or "to" or "in" or "a" or "is" or "was";
            }
            if (capital && english) sentences.Add(words);
        }
    }

    private static string HtmlParagraphs(string html)
    {
        html = Scripts().Replace(html, " ");
        var parts = new List<string>();
        foreach (Match m in Paragraph().Matches(html))
        {
            string text = WebUtility.HtmlDecode(Tag().Replace(m.Groups[1].Value, " ")).Trim();
            if (text.Length >= 40) parts.Add(Space().Replace(text, " "));
        }
        return string.Join("\n\n", parts);
    }

    // A regular expression rather than an XML parser: some of these files are not well formed.
    private static IEnumerable<string> XmlTexts(string path, string element)
    {
        if (!File.Exists(path)) return [];
        string xml = File.ReadAllText(path);
        return Regex.Matches(xml, $@"<{element}\b[^>]*>(.*?)</{element}\s*>", RegexOptions.Singleline)
            .Select(m => WebUtility.HtmlDecode(Tag().Replace(m.Groups[1].Value.Replace("<![CDATA[", "").Replace("]]>", ""), "")));
    }

    /// <summary>RFC 4180 rows (quoted fields may hold commas, quotes and newlines).</summary>
    private static IEnumerable<List<string>> CsvRows(TextReader reader)
    {
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r')); field.Clear();
                yield return row;
                row = [];
            }
            else field.Append(ch);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); yield return row; }
    }

    [GeneratedRegex(@"<(script|style|noscript)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();
    [GeneratedRegex(@"<p\b[^>]*>(.*?)</p\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Paragraph();
    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
