using Sitrep.Core;
using Sitrep.Language;

namespace Sitrep.Coding.Learning;

/// <summary>
/// Features of one sentence for the event-type models: lemma unigrams and bigrams, and the
/// types the trigger lexicon proposes, so the model learns when to trust the lexicon.
/// </summary>
public static class SentenceFeatures
{
    internal static List<string> From(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, EventLexicon lexicon) =>
        From(words, lemmas, lexicon.MatchAll(words, lemmas));

    internal static List<string> From(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, IReadOnlyList<TriggerMatch>[] matches)
    {
        var features = new List<string>(words.Count * 3 + 4) { "bias" };
        string previous = "<s>";
        for (int i = 0; i < words.Count; i++)
        {
            var text = words[i].Text;
            if (!char.IsLetterOrDigit(text[0])) { previous = "<p>"; continue; }
            var lemma = char.IsDigit(text[0]) ? "<num>" : lemmas[i];
            features.Add("w=" + lemma);
            features.Add("b=" + previous + "_" + lemma);
            if (Grammar.Is(words[i].Lower, "negation")) features.Add("neg");
            previous = lemma;
            foreach (var m in Longest(matches[i]))
            {
                features.Add("t=" + m.Pattern.Plover);
                if (m.Pattern.AcledSubEventType is { } sub) features.Add("ts=" + sub);
                if (m.Pattern.Mode is { } mode) features.Add("tm=" + mode);
            }
        }
        return features;
    }

    /// <summary>
    /// The features of <see cref="From"/> as <see cref="FeatureHash"/> values, in the same order, without
    /// building their text: what run time scores sentences with.
    /// </summary>
    internal static void Hashes(IReadOnlyList<Word> words, IReadOnlyList<string> lemmas, IReadOnlyList<TriggerMatch>[] matches, List<ulong> features)
    {
        features.Clear();
        features.Add(Bias);
        string previous = "<s>";
        for (int i = 0; i < words.Count; i++)
        {
            var text = words[i].Text;
            if (!char.IsLetterOrDigit(text[0])) { previous = "<p>"; continue; }
            var lemma = char.IsDigit(text[0]) ? "<num>" : lemmas[i];
            features.Add(FeatureHash.Add(WordPrefix, lemma));
            features.Add(FeatureHash.Add(FeatureHash.Add(FeatureHash.Add(BigramPrefix, previous), '_'), lemma));
            if (Grammar.Is(words[i].Lower, "negation")) features.Add(Negation);
            previous = lemma;
            var atWord = matches[i];
            for (int k = 0; k < atWord.Count && atWord[k].EndWord == atWord[0].EndWord; k++)
            {
                var m = atWord[k];
                features.Add(FeatureHash.Add(TypePrefix, m.Pattern.Plover));
                if (m.Pattern.AcledSubEventType is { } sub) features.Add(FeatureHash.Add(SubTypePrefix, sub));
                if (m.Pattern.Mode is { } mode) features.Add(FeatureHash.Add(ModePrefix, mode));
            }
        }
    }

    private static readonly ulong Bias = FeatureHash.Of("bias"), Negation = FeatureHash.Of("neg"), WordPrefix = FeatureHash.Of("w="),
        BigramPrefix = FeatureHash.Of("b="), TypePrefix = FeatureHash.Of("t="), SubTypePrefix = FeatureHash.Of("ts="), ModePrefix = FeatureHash.Of("tm=");

    /// <summary>The lexicon's patterns at a word that end furthest: the readings the models were trained on.</summary>
    private static IEnumerable<TriggerMatch> Longest(IReadOnlyList<TriggerMatch> matches)
    {
        for (int k = 0; k < matches.Count && matches[k].EndWord == matches[0].EndWord; k++) yield return matches[k];
    }

    /// <summary>Features of raw text (its first sentence when <paramref name="firstSentenceOnly"/>), for training and evaluation.</summary>
    public static List<string> FromText(string text, bool firstSentenceOnly = false)
    {
        var tokens = Tokenizer.Tokenize(text);
        int end = tokens.Count;
        if (firstSentenceOnly)
        {
            var sentences = SentenceSplitter.Split(text, tokens);
            if (sentences.Count > 0)
            {
                end = 0;
                while (end < tokens.Count && tokens[end].End <= sentences[0].End) end++;
            }
        }
        var words = Words.Split(tokens, 0, end);
        var lemmas = words.Select(w => LemmaCache.Of(w.Lower)).ToArray();
        return From(words, lemmas, EventLexicon.Default);
    }
}

/// <summary>FNV-1a over a feature's characters, extendable piece by piece so a feature need not be built as a string.</summary>
public static class FeatureHash
{
    private const ulong Offset = 14695981039346656037UL, Prime = 1099511628211UL;

    public static ulong Of(string text) => Add(Offset, text);

    public static ulong Add(ulong hash, char c) => (hash ^ c) * Prime;

    public static ulong Add(ulong hash, string text)
    {
        foreach (char c in text) hash = (hash ^ c) * Prime;
        return hash;
    }
}

/// <summary>The committed event-type models (data/models), loaded once; absent files simply switch them off.</summary>
public static class EventModels
{
    public const string PloverFile = "plover.model.gz";
    public const string AcledFile = "acled.model.gz";

    private static readonly Lazy<AveragedPerceptron?> PloverModel = new(() => LoadIfPresent(PloverFile));
    private static readonly Lazy<AveragedPerceptron?> AcledModel = new(() => LoadIfPresent(AcledFile));

    public static AveragedPerceptron? Plover => PloverModel.Value;
    public static AveragedPerceptron? Acled => AcledModel.Value;

    /// <summary>
    /// Above this probability the ACLED model's sub-type replaces the lexicon's. Off (above 1): in
    /// bench/Events' cross-validation an override gained a few points on CASE snippets, but the
    /// uncalibrated model overruled well-founded lexicon codings in news stories.
    /// </summary>
    public const float AcledOverride = 1.01f;

    public static string PathOf(string file) => RepositoryPaths.Data("models", file);

    private static AveragedPerceptron? LoadIfPresent(string file)
    {
        var path = PathOf(file);
        return File.Exists(path) ? AveragedPerceptron.Load(path) : null;
    }
}
