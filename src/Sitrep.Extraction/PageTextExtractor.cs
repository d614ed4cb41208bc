using System.Text.RegularExpressions;
using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>
/// Cleans scraped page text (chrome included): classifies each line as prose, heading or chrome,
/// takes the main run of prose as the body, the headline-like line before it as the title, and
/// stops at a closing credit line.
/// </summary>
public static partial class PageTextExtractor
{
    private const int MaxLines = 50_000;
    private const int ChromePenalty = 80;
    private const int NeutralPenalty = 25;

    private enum Kind { Prose, Heading, Chrome, Credit }

    private sealed record Line(string Text, Kind Kind, int Words);

    [GeneratedRegex(@"^\d{1,4}\s*[x×:]\s*\d{1,4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePlaceholder();

    public static ArticleInfo Extract(string pageText, DateOnly? fallbackPublished)
    {
        var lines = Classify(pageText);
        if (lines.Count == 0) throw new DocumentRejectedException("empty", "The page text is empty.");

        var (start, end) = MainRun(lines);
        if (start < 0) throw new DocumentRejectedException("no_article", "No paragraph of article prose was found in the page text.");

        // A credit line closes the article: whatever follows is outlet boilerplate.
        IReadOnlyList<string> credits = [];
        for (int i = start; i < lines.Count; i++)
        {
            if (lines[i].Kind != Kind.Credit) continue;
            if (i > end + 4) break;
            credits = CreditsParser.Parse(lines[i].Text) ?? [];
            end = Math.Min(end, i - 1);
            break;
        }

        var body = new List<Line>();
        for (int i = start; i <= end; i++)
            if (lines[i].Kind is Kind.Prose or Kind.Heading && lines[i].Words <= 400_000) body.Add(lines[i]);
        TrimEdges(body);
        if (body.Count == 0) throw new DocumentRejectedException("no_article", "No paragraph of article prose was found in the page text.");

        int bodyStart = lines.IndexOf(body[0]);
        string? title = FindTitle(lines, bodyStart);
        var header = lines.Take(bodyStart).Where(l => l.Text.Length <= 120).ToList();
        var authors = BylineCleaner.Clean(header.Where(IsBylineLine).Select(l => l.Text));
        DateOnly? published = header.Select(l => DateParser.FindInText(l.Text)).FirstOrDefault(d => d is not null) ?? fallbackPublished;

        string text = string.Join("\n\n", body.Select(l => l.Text));
        return new ArticleInfo
        {
            Title = title,
            Text = text,
            Published = published,
            Authors = authors,
            Outlet = null,
            Language = LanguageIdentifier.Identify(text),
            Credits = credits,
        };
    }

    private static List<Line> Classify(string pageText)
    {
        var lex = ExtractionLexicon.Instance;
        var raw = new List<string>();
        foreach (var line in pageText.Split('\n'))
        {
            var clean = TextCleaner.NormalizeInline(TextCleaner.RepairMojibake(line));
            if (clean.Length > 0) raw.Add(clean);
            if (raw.Count >= MaxLines) break;
        }

        // A paragraph that appears twice is a photo caption or repeated teaser, not body text.
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var l in raw) counts[l] = counts.GetValueOrDefault(l) + 1;

        var lines = new List<Line>(raw.Count);
        foreach (var text in raw)
        {
            int words = TextCleaner.CountWords(text);
            Kind kind;
            if (CreditsParser.Parse(text) is not null) kind = Kind.Credit;
            else if (IsChrome(text, words, lex) || (counts[text] > 1 && words >= 4)) kind = Kind.Chrome;
            else if (IsProse(text, words)) kind = lex.HasCaptionCue(text) && words < 60 ? Kind.Chrome : Kind.Prose;
            else kind = IsHeadingLike(text, words) ? Kind.Heading : Kind.Chrome;
            lines.Add(new Line(text, kind, words));
        }
        return lines;
    }

    private static bool IsChrome(string text, int words, ExtractionLexicon lex) =>
        text[0] is '•' or '·' or '|' or '›' or '»' || ImagePlaceholder().IsMatch(text) || lex.IsUiPhrase(text) || words == 0;

    /// <summary>Prose: several words, mostly lower-case, ending with terminal punctuation or a closing quote.</summary>
    internal static bool IsProse(string text, int words)
    {
        if (words < 6) return false;
        if (!EndsLikeSentence(text)) return false;
        int alphaWords = 0, lowerWords = 0;
        bool atWordStart = true;
        foreach (char c in text)
        {
            if (char.IsLetter(c))
            {
                if (atWordStart)
                {
                    alphaWords++;
                    if (char.IsLower(c)) lowerWords++;
                }
                atWordStart = false;
            }
            else atWordStart = char.IsWhiteSpace(c) || c is '-' or '—' or '(' or '"' or '“';
        }
        // Scripts without case (Arabic, Chinese...) count as prose by length alone.
        bool caseless = alphaWords > 0 && !text.Any(char.IsUpper) && lowerWords == 0;
        return caseless || lowerWords * 10 >= alphaWords * 3;
    }

    internal static bool EndsLikeSentence(string text)
    {
        var t = text.AsSpan().TrimEnd();
        while (t.Length > 1 && t[^1] is '"' or '”' or '’' or '\'' or ')' or '»' or ']') t = t[..^1];
        return t.Length > 0 && t[^1] is '.' or '!' or '?' or '…' or '。' or '！' or '？' or ':' && !(t[^1] == ':' && t.Length < 40);
    }

    private static bool IsHeadingLike(string text, int words) =>
        words is >= 1 and <= 25 && !text.EndsWith('.') && text.Length <= 200;

    /// <summary>The best run of lines by prose characters minus penalties for chrome (maximum-sum segment); credit lines are barriers.</summary>
    private static (int Start, int End) MainRun(List<Line> lines)
    {
        long best = 0, current = 0;
        int bestStart = -1, bestEnd = -1, currentStart = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Kind == Kind.Credit)
            {
                current = 0;
                currentStart = i + 1;
                continue;
            }
            long score = line.Kind switch
            {
                Kind.Prose => line.Text.Length,
                Kind.Heading => -NeutralPenalty,
                _ => -ChromePenalty,
            };
            if (current <= 0 && line.Kind != Kind.Prose)
            {
                current = 0;
                currentStart = i + 1;
                continue;
            }
            if (current <= 0) currentStart = i;
            current = Math.Max(0, current) + score;
            if (current > best)
            {
                best = current;
                bestStart = currentStart;
                bestEnd = i;
            }
        }
        return (bestStart, bestEnd);
    }

    /// <summary>Drops headings and outlet boilerplate from the edges, so the body starts and ends with article prose.</summary>
    private static void TrimEdges(List<Line> body)
    {
        var lex = ExtractionLexicon.Instance;
        bool changed = true;
        while (changed && body.Count > 0)
        {
            changed = false;
            if (body[^1].Kind != Kind.Prose || lex.HasBoilerplateCue(body[^1].Text))
            {
                body.RemoveAt(body.Count - 1);
                changed = true;
            }
            else if (body.Count > 0 && (body[0].Kind != Kind.Prose || lex.HasBoilerplateCue(body[0].Text)))
            {
                body.RemoveAt(0);
                changed = true;
            }
        }
    }

    private static string? FindTitle(List<Line> lines, int bodyStart)
    {
        var lex = ExtractionLexicon.Instance;
        for (int i = bodyStart - 1; i >= 0 && i >= bodyStart - 12; i--)
        {
            var line = lines[i];
            if (line.Kind != Kind.Heading || line.Words is < 4 or > 25) continue;
            if (lex.IsUiPhrase(line.Text) || IsBylineLine(line) || DateParser.FindInText(line.Text) is not null && line.Words < 8) continue;
            return HtmlMetadata.StripTitleSuffix(line.Text, null);
        }
        return null;
    }

    private static bool IsBylineLine(Line line) =>
        line.Words <= 12 && ExtractionLexicon.Instance.BylinePrefixes.Any(p => line.Text.StartsWith(p + " ", StringComparison.OrdinalIgnoreCase));
}
