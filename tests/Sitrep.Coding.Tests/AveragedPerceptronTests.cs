using Sitrep.Coding.Learning;

namespace Sitrep.Coding.Tests;

public class AveragedPerceptronTests
{
    private static readonly (string[], string)[] Examples =
    [
        (["w=shell", "w=village"], "ASSAULT"),
        (["w=bomb", "w=town"], "ASSAULT"),
        (["w=meet", "w=minister"], "CONSULT"),
        (["w=visit", "w=minister"], "CONSULT"),
        (["w=arrest", "w=protester"], "COERCE"),
        (["w=detain", "w=activist"], "COERCE"),
    ];

    [Fact]
    public void Learns_separable_classes_and_is_deterministic()
    {
        var a = AveragedPerceptron.Train(Examples, epochs: 10, seed: 1);
        var b = AveragedPerceptron.Train(Examples, epochs: 10, seed: 1);
        Assert.Equal("ASSAULT", a.Predict(["w=shell", "w=city"]).Label);
        Assert.Equal("CONSULT", a.Predict(["w=visit"]).Label);
        Assert.Equal("COERCE", a.Predict(["w=arrest"]).Label);
        Assert.Equal(a.Probabilities(["w=meet"]), b.Probabilities(["w=meet"]));
    }

    [Fact]
    public void Saves_and_loads_the_same_model()
    {
        var model = AveragedPerceptron.Train(Examples, epochs: 10);
        var path = Path.GetTempFileName();
        try
        {
            model.Save(path);
            var loaded = AveragedPerceptron.Load(path);
            Assert.Equal(model.Labels, loaded.Labels);
            Assert.Equal(model.Predict(["w=bomb"]).Label, loaded.Predict(["w=bomb"]).Label);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_committed_plover_model_loads_and_knows_every_type()
    {
        var model = EventModels.Plover;
        Assert.NotNull(model);
        Assert.Equal(16, model!.Labels.Length);
        Assert.Equal("ASSAULT", model.Predict(SentenceFeatures.FromText("Government warplanes bombed the rebel-held town, killing twelve civilians.")).Label);
    }

    [Theory]
    [InlineData("Troops shelled two villages near Gao on Monday, killing 4 people, officials said.")]
    [InlineData("The minister did not meet the strikers' demands; they vowed to march on the capital.")]
    [InlineData("Police arrested 12 protesters after a rally in Harare.")]
    public void Hashed_features_are_the_hashes_of_the_text_features(string sentence)
    {
        var tokens = Sitrep.Language.Tokenizer.Tokenize(sentence);
        var words = Words.Split(tokens, 0, tokens.Count);
        var lemmas = words.Select(w => LemmaCache.Of(w.Lower)).ToArray();
        var text = SentenceFeatures.From(words, lemmas, EventLexicon.Default);
        var hashes = new List<ulong>();
        SentenceFeatures.Hashes(words, lemmas, EventLexicon.Default.MatchAll(words, lemmas), hashes);
        Assert.Contains(text, f => f.StartsWith("t=", StringComparison.Ordinal));
        Assert.Equal(text.Select(Sitrep.Core.Fnv1a.Of), hashes);

        var model = AveragedPerceptron.Train([([.. text], "ASSAULT"), (["w=meet", "w=minister"], "CONSULT")], epochs: 5);
        Assert.Equal(model.Probabilities(text), model.Probabilities(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes)));
    }
}
