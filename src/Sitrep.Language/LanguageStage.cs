using Sitrep.Core;
using Sitrep.Language.Ner;

namespace Sitrep.Language;

/// <summary>Fills sentences, tokens, entities, time expressions and quantities.</summary>
public sealed class LanguageStage : ILanguageScopedStage
{
    private readonly LanguageLexicon? _lexicon;
    private readonly Lazy<NerModel?> _nerModel = new(() => NerModel.Default);

    public LanguageStage() { }

    /// <summary>A stage with its own word lists instead of the repository's data files.</summary>
    public LanguageStage(LanguageLexicon lexicon) => _lexicon = lexicon;

    /// <summary>A stage with its own NER model; null uses the rule-based recogniser.</summary>
    public LanguageStage(LanguageLexicon? lexicon, NerModel? nerModel)
    {
        _lexicon = lexicon;
        _nerModel = new Lazy<NerModel?>(nerModel);
    }

    public string Name => StageNames.Language;

    public IReadOnlySet<string> Languages => StageLanguages.English;

    public void Process(Document document)
    {
        string text = document.Text;
        if (text.Length == 0) return;
        var lexicon = _lexicon ?? LanguageLexicon.Default;

        var tokens = Tokenizer.Tokenize(text, lexicon);
        document.Tokens.AddRange(tokens);
        var sentences = SentenceSplitter.Split(text, tokens, lexicon);
        document.Sentences.AddRange(sentences);

        var ctx = new TokenContext(tokens, lexicon);
        var ranges = document.SentenceTokenRanges().Select(r => (r.First, r.End)).ToList();
        DateOnly? published = document.Article?.Published ?? document.Source.Published;

        // The trained model when it is present; the rules otherwise (e.g. a checkout without data/models).
        if (_nerModel.Value is { } model) EntityTagger.Recognize(model, lexicon, text, tokens, ranges, document.Entities);
        else EntityRecognizer.Recognize(text, ctx, ranges, document.Entities);
        foreach (var (s0, s1) in ranges)
        {
            TimeExtractor.ExtractSentence(text, ctx, s0, s1, published, document.Times);
            QuantityExtractor.ExtractSentence(text, ctx, s0, s1, document.Quantities);
        }
    }
}
