using Sitrep.Core;

namespace Sitrep.Language.Tests;

public class EntityTests
{
    [Fact]
    public void Types_names_in_an_invented_story()
    {
        var doc = TestDocuments.Process(
            "Malian troops and the French Army clashed with fighters near Gao on Monday. " +
            "President Ibrahim Boubacar Keita said the Ministry of Defence would send reinforcements. " +
            "The Ansar Dine rebel group denied the claim, spokesman Sanda Ould Boumama said. " +
            "Aid reached the Niger River valley, where the Red Crescent operates.");
        Assert.Equal(EntityTypes.Nationality, doc.EntityType("Malian"));
        Assert.Equal(EntityTypes.GeoPolitical, doc.EntityType("Gao"));
        Assert.Equal(EntityTypes.Person, doc.EntityType("Ibrahim Boubacar Keita"));
        Assert.Equal(EntityTypes.Organization, doc.EntityType("Ministry of Defence"));
        Assert.Equal(EntityTypes.Organization, doc.EntityType("Ansar Dine"));
        Assert.Equal(EntityTypes.Person, doc.EntityType("Sanda Ould Boumama"));
        Assert.Equal(EntityTypes.Location, doc.EntityType("Niger River"));
        Assert.Equal(EntityTypes.Organization, doc.EntityType("Red Crescent"));
        Assert.Null(doc.EntityType("President"));
        Assert.Null(doc.EntityType("Monday"));
    }

    [Fact]
    public void Keeps_multiword_names_whole_and_never_ends_on_a_lower_case_word()
    {
        var doc = TestDocuments.Process(
            "The Yemeni Observatory for Human Rights said Abdullah al-Hakim and the U.S. State Department disagreed. Later al-Hakim left.");
        Assert.Equal(EntityTypes.Organization, doc.EntityType("U.S. State Department"));
        Assert.DoesNotContain(doc.Entities, e => e.Text.EndsWith(" and", StringComparison.Ordinal));
    }

    [Fact]
    public void Keeps_a_particle_that_opens_a_name_but_trims_other_lower_case_words()
    {
        // A small model that has learnt names starting with "de" and, wrongly, with "and".
        var docs = new List<Sitrep.Language.Ner.LabelledDocument>
        {
            new([["Then", "de", "Souza", "scored", "."]], [["O", "B-PER", "I-PER", "O", "O"]]),
            new([["Later", "de", "Lima", "left", "."]], [["O", "B-PER", "I-PER", "O", "O"]]),
            new([["Later", "and", "Mendes", "left", "."]], [["O", "B-PER", "I-PER", "O", "O"]]),
        };
        var model = Sitrep.Language.Ner.NerTrainer.Train(docs, new Sitrep.Language.Ner.NerGazetteer([]), epochs: 5);
        const string text = "Then de Souza scored . Later and Mendes left .";
        var tokens = Tokenizer.Tokenize(text);
        var found = new List<EntityMention>();
        Sitrep.Language.Ner.EntityTagger.Recognize(model, LanguageLexicon.Default, text, tokens, [(0, 5), (5, tokens.Count)], found);
        Assert.Contains(found, e => e.Text == "de Souza" && e.Type == EntityTypes.Person);
        Assert.Contains(found, e => e.Text == "Mendes");
    }

    [Fact]
    public void Skips_sentence_initial_common_words_and_splits_hyphenated_nationalities()
    {
        var doc = TestDocuments.Process("Protesters gathered in Caracas. Militias were Venezuelan-backed, officials said.");
        Assert.Null(doc.EntityType("Protesters"));
        Assert.Equal(EntityTypes.GeoPolitical, doc.EntityType("Caracas"));
        Assert.Equal(EntityTypes.Nationality, doc.EntityType("Venezuelan"));
    }

    [Fact]
    public void A_surname_alone_refers_back_to_the_person()
    {
        var doc = TestDocuments.Process("Opposition leader Juan Guerrero spoke in Bogota. Guerrero then left.");
        Assert.Equal(EntityTypes.Person, doc.EntityType("Juan Guerrero"));
        Assert.All(doc.Entities.Where(e => e.Text == "Guerrero"), e => Assert.Equal(EntityTypes.Person, e.Type));
        Assert.Contains(doc.Entities, e => e.Text == "Guerrero");
    }

    [Fact]
    public void Title_case_headlines_keep_only_known_names()
    {
        var doc = TestDocuments.Process("Rebels Claim Big Win In Fight For Mosul\nIraqi forces entered Mosul on Tuesday.");
        Assert.DoesNotContain(doc.Entities, e => e.Text is "Rebels Claim Big Win" or "Fight");
        Assert.Contains(doc.Entities, e => e.Text == "Mosul" && e.Start > doc.Text.IndexOf('\n'));
    }
}
