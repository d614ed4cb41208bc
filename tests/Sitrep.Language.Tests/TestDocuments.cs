using Sitrep.Core;

namespace Sitrep.Language.Tests;

internal static class TestDocuments
{
    public static Document Process(string text, DateOnly? published = null)
    {
        var doc = new Document("test", new SourceDocument { ArticleText = text, Published = published });
        doc.Article = new ArticleInfo { Text = text, Published = published };
        new LanguageStage().Process(doc);
        return doc;
    }

    public static string[] SentenceTexts(this Document doc) => doc.Sentences.Select(s => doc.Slice(s.Start, s.End)).ToArray();

    public static Quantity QuantityOf(this Document doc, long value) => Assert.Single(doc.Quantities, q => q.Value == value);

    public static TimeExpression TimeOf(this Document doc, string text) => Assert.Single(doc.Times, t => t.Text == text);

    public static string? EntityType(this Document doc, string text) => doc.Entities.FirstOrDefault(e => e.Text == text)?.Type;
}
