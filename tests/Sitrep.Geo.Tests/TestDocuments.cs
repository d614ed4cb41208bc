using System.Text.RegularExpressions;
using Sitrep.Core;

namespace Sitrep.Geo.Tests;

/// <summary>Builds documents by hand with a tiny tokenizer, standing in for the language stage.</summary>
internal static partial class TestDocuments
{
    [GeneratedRegex(@"\p{L}[\p{L}\p{M}]*(?:['\u2019-][\p{L}\p{M}]+)*|\d+(?:[.,]\d+)*|\S")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"[^.!?\n]+[.!?]*")]
    private static partial Regex SentencePattern();

    public static Document Make(string text, params (string Text, string Type)[] entities)
    {
        var doc = new Document("t", new SourceDocument { ArticleText = text }) { Article = new ArticleInfo { Text = text } };
        foreach (Match m in SentencePattern().Matches(text))
        {
            var trimmed = m.Value.TrimStart();
            if (trimmed.Trim().Length == 0) continue;
            int start = m.Index + (m.Value.Length - trimmed.Length);
            doc.Sentences.Add(new Sentence(start, m.Index + m.Length));
        }
        foreach (Match m in TokenPattern().Matches(text))
        {
            var kind = char.IsLetter(m.Value[0]) ? TokenKind.Word : char.IsDigit(m.Value[0]) ? TokenKind.Number : TokenKind.Punctuation;
            doc.Tokens.Add(new Token(m.Index, m.Index + m.Length, m.Value, kind));
        }
        foreach (var (entityText, type) in entities)
        {
            int at = text.IndexOf(entityText, StringComparison.Ordinal);
            Assert.True(at >= 0, $"entity text not found: {entityText}");
            doc.Entities.Add(new EntityMention(at, at + entityText.Length, entityText, type));
        }
        doc.Entities.Sort((a, b) => a.Start.CompareTo(b.Start));
        return doc;
    }

    public static Document Geocode(string text, params (string Text, string Type)[] entities)
    {
        var doc = Make(text, entities);
        new GeocodingStage(Gazetteer.Default).Process(doc);
        return doc;
    }

    public static PlaceMention Place(Document doc, string surface) =>
        doc.Places.FirstOrDefault(p => p.Text == surface)
        ?? throw new Xunit.Sdk.XunitException($"no place '{surface}' among: {string.Join(", ", doc.Places.Select(p => $"{p.Text}={p.Place.Name}/{p.Place.Country}/{p.Place.Feature}"))}");
}
