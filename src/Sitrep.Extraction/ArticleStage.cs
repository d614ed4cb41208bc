using Sitrep.Core;

namespace Sitrep.Extraction;

/// <summary>Turns the source (HTML, scraped page text, or given article text) into an article.</summary>
public sealed class ArticleStage : IPipelineStage
{
    public string Name => StageNames.Article;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            document.Article = ArticleExtractor.Extract(document.Source);
        }
        catch (DocumentRejectedException rejected) when (rejected.MetadataOnly is { } metadata)
        {
            // The document still fails (no events come from it), but its record keeps the title and date.
            document.Article = metadata;
            throw;
        }
    }
}
