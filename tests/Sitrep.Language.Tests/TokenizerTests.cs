using Sitrep.Core;

namespace Sitrep.Language.Tests;

public class TokenizerTests
{
    private static string[] Texts(string text) => Tokenizer.Tokenize(text).Select(t => t.Text).ToArray();

    [Theory]
    [InlineData("About 34,000 people fled.", new[] { "About", "34,000", "people", "fled", "." })]
    [InlineData("It took 1.5 million dollars.", new[] { "It", "took", "1.5", "million", "dollars", "." })]
    [InlineData("The U.S. and U.N. met on Dec. 5.", new[] { "The", "U.S.", "and", "U.N.", "met", "on", "Dec.", "5", "." })]
    [InlineData("a six-year cease-fire near al-Mayadin", new[] { "a", "six-year", "cease-fire", "near", "al-Mayadin" })]
    [InlineData("pro-government sub-zero", new[] { "pro-government", "sub-zero" })]
    [InlineData("Mali's army and Niger’s police", new[] { "Mali", "'s", "army", "and", "Niger", "’s", "police" })]
    [InlineData("They don't know.", new[] { "They", "do", "n't", "know", "." })]
    [InlineData("He said: “We will stay.”", new[] { "He", "said", ":", "“", "We", "will", "stay", ".", "”" })]
    [InlineData("the 'red line' of O'Brien", new[] { "the", "'", "red", "line", "'", "of", "O'Brien" })]
    [InlineData("U.S.-backed forces", new[] { "U.S.-backed", "forces" })]
    [InlineData("Kenya 's coach", new[] { "Kenya", "'s", "coach" })]
    [InlineData("C$ 5 million and US$20", new[] { "C$", "5", "million", "and", "US$", "20" })]
    [InlineData("in Tampa, Fla., and ST. PAUL", new[] { "in", "Tampa", ",", "Fla.", ",", "and", "ST.", "PAUL" })]
    public void Splits_news_text(string text, string[] expected) => Assert.Equal(expected, Texts(text));

    [Fact]
    public void Kinds_and_offsets_cover_the_text()
    {
        const string text = "At least 3,000 fled; 20% stayed.";
        var tokens = Tokenizer.Tokenize(text);
        Assert.All(tokens, t => Assert.Equal(t.Text, text[t.Start..t.End]));
        Assert.Equal(TokenKind.Number, tokens.Single(t => t.Text == "3,000").Kind);
        Assert.Equal(TokenKind.Punctuation, tokens.Single(t => t.Text == ";").Kind);
        Assert.Equal(TokenKind.Symbol, tokens.Single(t => t.Text == "%").Kind);
        Assert.Equal(TokenKind.Word, tokens.Single(t => t.Text == "fled").Kind);
        for (int i = 1; i < tokens.Count; i++) Assert.True(tokens[i].Start >= tokens[i - 1].End);
    }

    [Fact]
    public void Empty_and_whitespace_text_have_no_tokens()
    {
        Assert.Empty(Tokenizer.Tokenize(""));
        Assert.Empty(Tokenizer.Tokenize(" \n\t "));
    }
}
