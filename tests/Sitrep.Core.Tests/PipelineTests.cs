using Sitrep.Core;

namespace Sitrep.Core.Tests;

public class PipelineTests
{
    private sealed class Stage(string name, Action<Document>? act = null) : IPipelineStage
    {
        public string Name => name;
        public void Process(Document document)
        {
            document.Warnings.Add(new DocumentError("ran", name));
            act?.Invoke(document);
        }
    }

    private sealed class EnglishStage(string name) : ILanguageScopedStage
    {
        public string Name => name;
        public IReadOnlySet<string> Languages => StageLanguages.English;
        public void Process(Document document) => document.Warnings.Add(new DocumentError("ran", name));
    }

    private static Document InLanguage(string? language) =>
        new("d", new SourceDocument { ArticleText = "x" }) { Article = new ArticleInfo { Text = "x", Language = language } };

    [Fact]
    public void Articles_in_a_language_a_stage_does_not_cover_skip_it_with_one_warning()
    {
        var pipeline = new PipelineBuilder().Use(new Stage("any")).Use(new EnglishStage("english1")).Use(new EnglishStage("english2")).Build();

        var german = pipeline.Process(InLanguage("de"));
        Assert.Equal(["any"], Ran(german));
        var warning = Assert.Single(german.Warnings, w => w.Code == "language_not_covered");
        Assert.Contains("'de'", warning.Message);
        Assert.Contains("english1, english2", warning.Message);
        Assert.Null(german.Error);

        Assert.Equal(["any", "english1", "english2"], Ran(pipeline.Process(InLanguage("en"))));
        // Text too short to identify is given the benefit of the doubt.
        Assert.Equal(["any", "english1", "english2"], Ran(pipeline.Process(InLanguage(null))));
    }

    private static Document NewDocument() =>
        new("d", new SourceDocument { ArticleText = "x" }) { Article = new ArticleInfo { Text = "x" } };

    private static List<string> Ran(Document doc) => doc.Warnings.Where(w => w.Code == "ran").Select(w => w.Message).ToList();

    [Fact]
    public void Stages_run_in_the_order_the_builder_arranged()
    {
        var pipeline = new PipelineBuilder()
            .Use(new Stage("a")).Use(new Stage("c"))
            .InsertBefore("c", new Stage("b"))
            .InsertAfter("c", new Stage("d"))
            .Replace("a", new Stage("a2"))
            .Build();
        Assert.Equal(["a2", "b", "c", "d"], Ran(pipeline.Process(NewDocument())));
    }

    [Fact]
    public void A_built_pipeline_does_not_change_when_the_builder_does()
    {
        var builder = new PipelineBuilder().Use(new Stage("a"));
        var pipeline = builder.Build();
        builder.Use(new Stage("b"));
        Assert.Single(pipeline.Stages);
    }

    [Fact]
    public void Duplicate_and_unknown_stage_names_are_refused()
    {
        var builder = new PipelineBuilder().Use(new Stage("a"));
        Assert.Throws<InvalidOperationException>(() => builder.Use(new Stage("a")));
        Assert.Throws<InvalidOperationException>(() => builder.InsertBefore("missing", new Stage("b")));
    }

    [Fact]
    public void A_crashing_stage_is_a_warning_and_the_rest_still_run()
    {
        var pipeline = new PipelineBuilder()
            .Use(new Stage("a", _ => throw new FormatException("boom")))
            .Use(new Stage("b"))
            .Build();
        var doc = pipeline.Process(NewDocument());
        Assert.Null(doc.Error);
        Assert.Equal(["a", "b"], Ran(doc));
        Assert.Contains(doc.Warnings, w => w.Code == "stage_failed" && w.Stage == "a");
    }

    [Fact]
    public void A_rejected_document_fails_and_skips_later_stages()
    {
        var pipeline = new PipelineBuilder()
            .Use(new Stage("a", _ => throw new DocumentRejectedException("empty", "nothing there")))
            .Use(new Stage("b"))
            .Build();
        var doc = pipeline.Process(NewDocument());
        Assert.Equal("empty", doc.Error?.Code);
        Assert.Equal("a", doc.Error?.Stage);
        Assert.Equal(["a"], Ran(doc));
    }

    [Fact]
    public void Sentence_token_ranges_cover_each_sentence()
    {
        var doc = NewDocument();
        doc.Tokens.AddRange([new Token(0, 3, "One", TokenKind.Word), new Token(3, 4, ".", TokenKind.Punctuation), new Token(5, 8, "Two", TokenKind.Word)]);
        doc.Sentences.AddRange([new Sentence(0, 4), new Sentence(5, 8)]);
        var ranges = doc.SentenceTokenRanges();
        Assert.Equal((0, 2), (ranges[0].First, ranges[0].End));
        Assert.Equal((2, 3), (ranges[1].First, ranges[1].End));
    }

    [Fact]
    public void Records_escape_page_html()
    {
        var doc = new Document("d", new SourceDocument()) { Article = new ArticleInfo { Text = "<script>alert(1)</script>", Title = "a & b" } };
        var json = RecordWriter.ToJson(doc);
        Assert.DoesNotContain("<script>", json);
        Assert.Contains("\\u003Cscript\\u003E", json);
    }
}
