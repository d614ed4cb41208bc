namespace Sitrep.Language.Tests;

public class SentenceSplitterTests
{
    [Fact]
    public void Does_not_split_after_abbreviations()
    {
        var doc = TestDocuments.Process("Gen. Ruiz met Mr. Okafor in the U.S. capital on Jan. 4. Talks ended late.");
        Assert.Equal(["Gen. Ruiz met Mr. Okafor in the U.S. capital on Jan. 4.", "Talks ended late."], doc.SentenceTexts());
    }

    [Fact]
    public void Closing_quotes_belong_to_the_sentence()
    {
        var doc = TestDocuments.Process("\"We will not leave.\" The mayor spoke. He said “enough.” Then he left!");
        Assert.Equal(["\"We will not leave.\"", "The mayor spoke.", "He said “enough.”", "Then he left!"], doc.SentenceTexts());
    }

    [Fact]
    public void Line_breaks_end_sentences_and_are_trimmed()
    {
        var doc = TestDocuments.Process("  Flooding In Kerala\nRains hit the coast\n\nMore rain is due.  ");
        Assert.Equal(["Flooding In Kerala", "Rains hit the coast", "More rain is due."], doc.SentenceTexts());
    }

    [Fact]
    public void Lower_case_after_a_question_mark_continues()
    {
        var doc = TestDocuments.Process("\"Why now?\" he asked. Nobody answered.");
        Assert.Equal(["\"Why now?\" he asked.", "Nobody answered."], doc.SentenceTexts());
    }

    [Fact]
    public void A_day_or_time_zone_after_a_clock_time_continues_the_sentence()
    {
        var doc = TestDocuments.Process("The polls close at 8 p.m. Sunday and results follow. Voting ends at 6 p.m. EST Nov. 8 in most states. Counting began at 9 a.m. Officials were pleased.");
        Assert.Equal(["The polls close at 8 p.m. Sunday and results follow.", "Voting ends at 6 p.m. EST Nov. 8 in most states.", "Counting began at 9 a.m.", "Officials were pleased."], doc.SentenceTexts());
    }

    [Fact]
    public void Etc_can_end_a_sentence()
    {
        var doc = TestDocuments.Process("They took food, water, etc. Aid groups protested.");
        Assert.Equal(2, doc.Sentences.Count);
    }

    [Fact]
    public void Empty_text_gives_no_sentences()
    {
        Assert.Empty(TestDocuments.Process("").Sentences);
        Assert.Empty(TestDocuments.Process("\n\n").Sentences);
    }

    [Fact]
    public void Long_text_is_processed_in_full()
    {
        string text = string.Concat(Enumerable.Repeat("At least 12 people were killed in Mosul on Monday. ", 20_000));
        var doc = TestDocuments.Process(text, new DateOnly(2017, 3, 1));
        Assert.Equal(20_000, doc.Sentences.Count);
        Assert.Equal(20_000, doc.Quantities.Count);
        Assert.Equal(20_000, doc.Times.Count);
    }
}
