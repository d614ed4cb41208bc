using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>Builds the article from whichever source a document carries: given text, HTML, or scraped page text.</summary>
public static class ArticleExtractor
{
    public static ArticleInfo Extract(SourceDocument source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.ArticleText is not null) return FromArticleText(source.ArticleText, source.Published);
        if (!string.IsNullOrWhiteSpace(source.Html)) return HtmlArticleExtractor.Extract(source.Html, source.Url, source.Published);
        if (!string.IsNullOrWhiteSpace(source.PageText)) return PageTextExtractor.Extract(source.PageText, source.Published);
        throw new DocumentRejectedException("empty", "The document has no text.");
    }

    /// <summary>Given article text is kept exactly; only language and a closing credit line are read from it.</summary>
    private static ArticleInfo FromArticleText(string text, DateOnly? published)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DocumentRejectedException("empty", "The article text is empty.");
        IReadOnlyList<string> credits = [];
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = lines.Length - 1; i >= Math.Max(0, lines.Length - 3); i--)
        {
            if (CreditsParser.Parse(lines[i]) is { } found)
            {
                credits = found;
                break;
            }
        }
        return new ArticleInfo
        {
            Title = null,
            Text = text,
            Published = published,
            Language = LanguageIdentifier.Identify(text),
            Credits = credits,
        };
    }
}
