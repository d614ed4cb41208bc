using Sitrep.Core;
using Sitrep.Language.Ner;

namespace Sitrep.Language.Tests;

public class NerModelTests
{
    [Fact]
    public void The_committed_model_loads_with_its_gazetteer()
    {
        var model = NerModel.Default;
        Assert.NotNull(model);
        Assert.True(model.FeatureCount > 10_000);
        Assert.NotEqual(NerGazetteer.Category.None, model.Gazetteer.Lookup("kenya") & NerGazetteer.Category.Country);
    }

    [Fact]
    public void Tags_an_invented_story()
    {
        var doc = TestDocuments.Process(
            "Kenyan police said on Sunday that Daniel Mwangi, a spokesman for the Red Cross, was injured in Nairobi. " +
            "The African Union condemned the attack.");
        Assert.Equal(EntityTypes.Person, doc.EntityType("Daniel Mwangi"));
        Assert.Equal(EntityTypes.Organization, doc.EntityType("Red Cross"));
        Assert.Equal(EntityTypes.GeoPolitical, doc.EntityType("Nairobi"));
        Assert.Equal(EntityTypes.Nationality, doc.EntityType("Kenyan"));
        Assert.Equal(EntityTypes.Organization, doc.EntityType("African Union"));
        Assert.Null(doc.EntityType("Sunday"));
    }

    [Fact]
    public void Summing_word_forms_once_labels_as_looking_up_every_feature()
    {
        var model = NerModel.Default!;
        IReadOnlyList<IReadOnlyList<string>> sentences =
        [
            ["Kenyan", "police", "said", "Daniel", "Mwangi", "of", "the", "Red", "Cross", "was", "hurt", "in", "Nairobi", "."],
            ["Mwangi", "left", "Nairobi", "for", "Mombasa", "on", "Sunday", ",", "the", "agency", "said", "."],
            ["UN", "AID", "CONVOY", "REACHES", "GOMA"],
        ];
        var tagged = model.Tag(sentences);
        // The same document with every feature of every word in its static list, scored by lookups alone.
        var everyFeature = NerFeatures.Prepare(sentences, model.Gazetteer, model.Clusters);
        var lookedUp = model.Labels(everyFeature).Select(s => s.Select(NerFeatures.ToBio).ToArray()).ToArray();
        Assert.Equal(lookedUp, tagged);
        Assert.Contains("B-PER", tagged[0]);
        // Word forms are kept across documents: tagging again gives the same.
        Assert.Equal(tagged, model.Tag(sentences));
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var gazetteer = new NerGazetteer(new() { ["lagos"] = NerGazetteer.Category.City });
        var docs = new List<LabelledDocument>
        {
            Doc("Amina Bello flew to Lagos .", "B-PER I-PER O O B-LOC O"),
            Doc("The Lagos Chamber met Musa Ali on Monday .", "O B-ORG I-ORG O B-PER I-PER O O O"),
            Doc("Nigerian troops left Kano .", "B-MISC O O B-LOC O"),
        };
        string a = Path.GetTempFileName(), b = Path.GetTempFileName();
        try
        {
            var clusters = new WordClusters(
            [
                new Dictionary<string, WordClusters.Path> { ["Lagos"] = new(0b101, 3), ["Kano"] = new(0b100, 3) },
                new Dictionary<string, WordClusters.Path> { ["Lagos"] = new(0b01, 2) },
            ]);
            NerTrainer.Train(docs, gazetteer, clusters, epochs: 5, seed: 7, folds: 3).Save(a);
            NerTrainer.Train(docs, gazetteer, clusters, epochs: 5, seed: 7, folds: 3).Save(b);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var model = NerModel.Load(a);
            Assert.NotNull(model.FirstStage);
            Assert.Equal(0b101u, model.Clusters.Find("Lagos").Bits);
            Assert.Equal(new WordClusters.Path(0b01, 2), model.Clusters.Find("Lagos", layer: 1));
            Assert.Equal(0, model.Clusters.Find("Kano", layer: 1).Depth);
            Assert.Equal(["B-PER", "I-PER", "O", "O", "B-LOC", "O"], model.Tag([["Amina", "Bello", "flew", "to", "Lagos", "."]])[0]);
            // A loaded model keeps its weights in the feature table only; saved again, it tags the same.
            model.Save(b);
            Assert.Equal(["B-PER", "I-PER", "O", "O", "B-LOC", "O"], NerModel.Load(b).Tag([["Amina", "Bello", "flew", "to", "Lagos", "."]])[0]);
        }
        finally
        {
            File.Delete(a);
            File.Delete(b);
        }
    }

    [Fact]
    public void Converts_iob1_and_reads_spans()
    {
        Assert.Equal(["B-PER", "I-PER", "B-PER", "O", "B-LOC"], NerTrainer.ToBio(["I-PER", "I-PER", "B-PER", "O", "I-LOC"]));
        Assert.Equal([(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC")], NerTrainer.Spans(["B-PER", "I-PER", "B-PER", "O", "B-LOC"]));
    }

    [Fact]
    public void Bilou_labels_read_back_as_bio()
    {
        string[] bio = ["B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-MISC"];
        var ids = NerFeatures.FromBio(bio);
        Assert.Equal(["B-PER", "I-PER", "L-PER", "O", "U-LOC", "U-LOC", "U-MISC"], ids.Select(l => NerFeatures.Labels[l]));
        Assert.Equal(bio.Take(6), ids.Take(6).Select(NerFeatures.ToBio));
        Assert.Equal("B-MISC", NerFeatures.ToBio(ids[6]));
        Assert.True(NerFeatures.Allowed(ids[0], ids[1]));
        Assert.True(NerFeatures.Allowed(ids[0], 0));           // a name that began may stop
        Assert.False(NerFeatures.Allowed(0, ids[1]));          // but Inside only continues one
        Assert.False(NerFeatures.Allowed(ids[4], ids[1]));     // of its own type
    }

    [Fact]
    public void A_scoreboard_line_is_not_taken_for_a_title_case_headline()
    {
        var doc = TestDocuments.Process("Nairobi ( The Park ) : Kenya 210 , Uganda 180 ( Daniel Mwangi 66 not out , Peter Okello 40 ) .");
        Assert.Equal(EntityTypes.Person, doc.EntityType("Daniel Mwangi"));
    }

    [Fact]
    public void Word_clusters_read_digits_as_zero_and_give_prefixes()
    {
        var clusters = new WordClusters(new Dictionary<string, WordClusters.Path> { [WordClusters.Key("1990s")] = new(0b1101, 4) });
        Assert.Equal(4, clusters.Find("1980s").Depth);
        Assert.Equal(0, clusters.Find("nineties").Depth);
        Assert.Equal(0b11u, clusters.Find("1980s").Prefix(2));
        Assert.Equal("1101", clusters.Find("1990s").ToString());
    }

    [Fact]
    public void Cluster_training_puts_words_of_the_same_contexts_together()
    {
        string[] places = ["Paris", "Rome", "Lima", "Oslo"], foods = ["bread", "rice", "fish", "soup"];
        var sentences = new List<IReadOnlyList<string>>();
        foreach (var person in new[] { "Anna", "Omar", "Lena", "Yusuf" })
            for (int k = 0; k < places.Length; k++)
            {
                sentences.Add($"{person} flew to {places[k]} on Monday .".Split(' '));
                sentences.Add($"{person} ate some {foods[(k + 1) % foods.Length]} at home .".Split(' '));
            }
        var clusters = new WordClusters(WordClusterTrainer.Train(sentences, minCount: 2, depth: 4));
        int Shared(string a, string b)
        {
            int length = 0;
            while (length < 4 && clusters.Find(a).Prefix(length + 1) == clusters.Find(b).Prefix(length + 1)) length++;
            return length;
        }
        Assert.All(places, p => Assert.Equal(4, clusters.Find(p).Depth));
        foreach (var p in places)
            foreach (var f in foods)
            {
                Assert.True(Shared(p, "Paris") > Shared(p, f), $"{p} is nearer {f} than Paris");
                Assert.True(Shared(f, "bread") > Shared(f, p), $"{f} is nearer {p} than bread");
            }
    }

    private static LabelledDocument Doc(string words, string labels) =>
        new([words.Split(' ')], [labels.Split(' ')]);
}
