using static Sitrep.Coding.Tests.CodingHarness;

namespace Sitrep.Coding.Tests;

public class ActorDictionaryTests
{
    [Fact]
    public void Leaders_resolve_by_date()
    {
        var doc = Code("Assad met the delegation in Damascus.", new DateOnly(2015, 3, 1));
        Assert.Contains(doc.Actors, a => a.Actor.Name == "Bashar al-Assad" && a.Actor.Country == "SYR");
        var earlier = Code("Assad met the delegation in Damascus.", new DateOnly(1995, 3, 1));
        Assert.DoesNotContain(earlier.Actors, a => a.Actor.Name == "Bashar al-Assad");
    }

    [Fact]
    public void State_institution_templates_expand_for_every_country()
    {
        var doc = Code("Chadian troops and Iranian-backed militias and Peru's police were there.", new DateOnly(2020, 1, 1));
        Assert.Contains(doc.Actors, a => a.Actor.Code == "TCDMIL");
        Assert.Contains(doc.Actors, a => a.Actor.Country == "IRN" && a.Actor.Sector == "UAF");
        Assert.Contains(doc.Actors, a => a.Actor.Code == "PERCOP");
    }

    [Fact]
    public void Generic_agents_take_the_story_country_and_owners_take_precedence()
    {
        var doc = Code("Malian officials said rebels attacked Gao. Niger said its troops crossed the border.", new DateOnly(2020, 1, 1));
        Assert.Contains(doc.Actors, a => a.Text == "rebels" && a.Actor.Country == "MLI");
        Assert.Contains(doc.Actors, a => a.Text == "troops" && a.Actor.Country == "NER");
    }

    [Fact]
    public void Proper_names_need_their_capitals()
    {
        var doc = Code("The hamas of the village was the turkey farm.", new DateOnly(2020, 1, 1));
        Assert.DoesNotContain(doc.Actors, a => a.Actor.Country is "TUR" or "PSE");
    }
}
