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
            NerTrainer.Train(docs, gazetteer, epochs: 5, seed: 7).Save(a);
            NerTrainer.Train(docs, gazetteer, epochs: 5, seed: 7).Save(b);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            var model = NerModel.Load(a);
            Assert.Equal(["B-PER", "I-PER", "O", "O", "B-LOC", "O"], model.Tag([["Amina", "Bello", "flew", "to", "Lagos", "."]])[0]);
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

    private static LabelledDocument Doc(string words, string labels) =>
        new([words.Split(' ')], [labels.Split(' ')]);
}
