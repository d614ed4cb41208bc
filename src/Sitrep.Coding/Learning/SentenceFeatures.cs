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
            for (int k = 0; k < LongestCount(matches[i]); k++)
            {
                var m = matches[i][k];
                features.Add("t=" + m.Pattern.Plover);
                if (m.Pattern.AcledSubEventType is { } sub) features.Add("ts=" + sub);
                if (m.Pattern.Mode is { } mode) features.Add("tm=" + mode);
            }
        }
        return features;
    }

    /// <summary>
    /// The features of <see cref="From"/> as <see cref="Fnv1a"/> hashes, in the same order, without
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
            features.Add(Fnv1a.Add(WordPrefix, lemma));
            features.Add(Fnv1a.Add(Fnv1a.Add(Fnv1a.Add(BigramPrefix, previous), '_'), lemma));
            if (Grammar.Is(words[i].Lower, "negation")) features.Add(Negation);
            previous = lemma;
            for (int k = 0; k < LongestCount(matches[i]); k++)
            {
                var m = matches[i][k];
                features.Add(Fnv1a.Add(TypePrefix, m.Pattern.Plover));
                if (m.Pattern.AcledSubEventType is { } sub) features.Add(Fnv1a.Add(SubTypePrefix, sub));
                if (m.Pattern.Mode is { } mode) features.Add(Fnv1a.Add(ModePrefix, mode));
            }
        }
    }

    private static readonly ulong Bias = Fnv1a.Of("bias"), Negation = Fnv1a.Of("neg"), WordPrefix = Fnv1a.Of("w="),
        BigramPrefix = Fnv1a.Of("b="), TypePrefix = Fnv1a.Of("t="), SubTypePrefix = Fnv1a.Of("ts="), ModePrefix = Fnv1a.Of("tm=");

    /// <summary>How many of a word's matches (longest first) end furthest: the readings the models were trained on.</summary>
    private static int LongestCount(IReadOnlyList<TriggerMatch> matches)
    {
        int k = 0;
        while (k < matches.Count && matches[k].EndWord == matches[0].EndWord) k++;
        return k;
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
