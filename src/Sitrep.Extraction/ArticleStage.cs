using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>Turns the source (HTML, scraped page text, or given article text) into an article.</summary>
public sealed class ArticleStage : IPipelineStage
{
    public string Name => StageNames.Article;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Article = ArticleExtractor.Extract(document.Source);
    }
}
