using Sitrep.Coding;
using Sitrep.Core;
using Sitrep.Extraction;
using Sitrep.Geo;
using Sitrep.Language;

namespace Sitrep.Cli;

/// <summary>The default stage line-up. Library users start from these builders and replace or add stages.</summary>
public static class SitrepPipeline
{
    /// <summary>article → language → events → actors → geocoding → consolidate.</summary>
    public static PipelineBuilder CreateDefaultBuilder() => new PipelineBuilder()
        .Use(new ArticleStage())
        .Use(new LanguageStage())
        .Use(new EventStage())
        .Use(new ActorStage())
        .Use(new GeocodingStage())
        .Use(new EventConsolidationStage());

    public static PipelineBuilder CreateArticleBuilder() => new PipelineBuilder().Use(new ArticleStage());
}
