using Sitrep.Coding;
using Sitrep.Core;
using Sitrep.Language;

namespace Sitrep.Coding.Tests;

/// <summary>Language, events and actors on a text, without extraction or geocoding.</summary>
internal static class CodingHarness
{
    private static readonly Pipeline Pipeline = new PipelineBuilder()
        .Use(new LanguageStage())
        .Use(new EventStage())
        .Use(new ActorStage())
        .Use(new EventConsolidationStage())
        .Build();

    public static Document Code(string text, DateOnly? published = null)
    {
        var doc = new Document("test", new SourceDocument { ArticleText = text, Published = published })
        {
            Article = new ArticleInfo { Text = text, Published = published },
        };
        return Pipeline.Process(doc);
    }

    public static List<EventRecord> Events(string text, DateOnly? published = null) =>
        Code(text, published).Events.Where(e => !e.Negated).ToList();
}
