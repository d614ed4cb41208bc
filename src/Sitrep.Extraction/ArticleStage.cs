using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>Turns the source (HTML, scraped page text, or given article text) into an article.</summary>
public sealed class ArticleStage : IPipelineStage
{
    public string Name => StageNames.Article;

    public void Process(Document document)
    {
        var source = document.Source;
        // Given article text is used exactly as given (INTERFACE.md).
        string text = source.ArticleText ?? source.PageText ?? source.Html ?? string.Empty;
        document.Article = new ArticleInfo { Text = text, Published = source.Published };
    }
}
