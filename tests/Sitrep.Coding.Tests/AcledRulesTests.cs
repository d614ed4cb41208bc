using Sitrep.Core;
using static Sitrep.Coding.Tests.CodingHarness;

namespace Sitrep.Coding.Tests;

/// <summary>ACLED sub-event types decided from the whole sentence (data/coding/acled_rules.tsv), on sentences written for these tests.</summary>
public class AcledRulesTests
{
    private static readonly DateOnly Published = new(2022, 3, 15);

    private static string? TopSubEvent(string text) =>
        Events(text, Published).Where(e => e.Acled is not null).OrderByDescending(e => e.Confidence).FirstOrDefault()?.Acled?.SubEventType;

    [Theory]
    [InlineData("Police seized four rifles and 300 rounds of ammunition in a raid on a farm near Kisumu on Monday.", "Disrupted weapons use")]
    [InlineData("Army engineers defused a roadside bomb on the highway outside Gao.", "Disrupted weapons use")]
    [InlineData("Deminers cleared 400 landmines near Kharkiv and destroyed them in controlled explosions.", "Disrupted weapons use")]
    [InlineData("Gunmen torched six shops and two houses in Jos overnight, police said.", "Looting/property destruction")]
    [InlineData("Soldiers found a cache of explosives hidden in a well near Bunia.", "Disrupted weapons use")]
    [InlineData("Special forces destroyed dozens of machine guns, rockets and explosive devices during an operation near Bunia.", "Disrupted weapons use")]
    [InlineData("Rebels shelled the town with mortars filled with chlorine gas, residents said.", "Chemical weapon")]
    [InlineData("A suicide bomber blew himself up at a checkpoint in Mogadishu, killing six soldiers.", "Suicide bomb")]
    [InlineData("Government warplanes struck a market in Idlib, killing 12 people.", "Air/drone strike")]
    [InlineData("Three rockets hit a residential area of Kharkiv on Sunday night.", "Shelling/artillery/missile attack")]
    [InlineData("Gunmen threw a grenade into a bar in Mombasa, wounding five people.", "Grenade")]
    [InlineData("An improvised explosive device exploded under a bus in Kandahar, killing nine passengers.", "Remote explosive/landmine/IED")]
    public void The_weapon_or_its_fate_names_the_sub_event(string text, string expected) => Assert.Equal(expected, TopSubEvent(text));

    [Theory]
    [InlineData("Hundreds of teachers gathered outside the ministry in Accra to demand unpaid wages.", "Peaceful protest")]
    [InlineData("Police fired tear gas to disperse protesters who had gathered outside parliament in Nairobi.", "Protest with intervention")]
    [InlineData("Protesters threw stones at police and set fire to tyres during a demonstration in Lagos.", "Violent demonstration")]
    [InlineData("Security forces opened fire on protesters in Khartoum, killing three.", "Excessive force against protesters")]
    public void What_protesters_and_police_did_decides_the_protest_type(string text, string expected) => Assert.Equal(expected, TopSubEvent(text));

    [Theory]
    [InlineData("Police arrested 40 people as striking dockworkers marched through the port of Mombasa on Tuesday.", "Protest with intervention")]
    [InlineData("Officers detain marchers during a rally for higher pensions in Yerevan on Sunday.", "Protest with intervention")]
    [InlineData("Riot police deployed around the square to disperse hundreds of students protesting fee rises in Kampala.", "Protest with intervention")]
    [InlineData("Police fired smoke grenades to disperse a rally of taxi drivers in Harare.", "Protest with intervention")]
    [InlineData("Dozens were arrested at a demonstration in Leeds after protesters hurled bottles at police.", "Violent demonstration")]
    [InlineData("A march by farmers in Rennes turned violent on Friday.", "Violent demonstration")]
    [InlineData("Police used live bullets to break up a non-violent demonstration by nurses in Basra.", "Excessive force against protesters")]
    [InlineData("Protesters lay in the road as police dragged them away from the ministry in Sofia.", "Protest with intervention")]
    public void Arrests_deployments_and_crowd_control_at_a_protest_are_part_of_the_protest(string text, string expected) => Assert.Equal(expected, TopSubEvent(text));

    [Fact]
    public void Demonstrators_arrested_with_no_demonstration_named_are_arrests()
    {
        Assert.Equal("Arrests", TopSubEvent("Police arrested 30 demonstrators at their homes in Yerevan on Monday."));
        Assert.Equal("Protest with intervention", TopSubEvent("Police arrested 30 demonstrators during a rally in Yerevan on Monday."));
    }

    [Fact]
    public void A_lynch_mob_without_demonstrators_is_mob_violence_even_when_called_a_riot()
    {
        Assert.Equal("Mob violence", TopSubEvent("A riot broke out in Bhagalpur after a mob beat two traders accused of theft."));
        Assert.Equal("Violent demonstration", TopSubEvent("A riot broke out in Bhagalpur after a protest over fuel prices."));
    }

    [Fact]
    public void Police_named_as_the_source_of_a_report_are_no_armed_party_to_it()
    {
        Assert.Equal("Attack", TopSubEvent("Gunmen attacked a bank in Quetta on Friday, police said."));
        Assert.Equal("Armed clash", TopSubEvent("Gunmen attacked a police post near Quetta on Friday."));
    }

    [Fact]
    public void Thrown_projectiles_are_not_artillery()
    {
        Assert.Equal("Violent demonstration", TopSubEvent("Rioters hurled projectiles and fought police outside the city hall in Naples."));
        Assert.Equal("Suicide bomb", TopSubEvent("Militants detonated a suicide vehicle-borne explosive device at a checkpoint in Kismayo, killing four soldiers."));
    }

    [Fact]
    public void Turkish_forces_setting_up_an_observation_post_is_a_base_established_by_the_Turkish_military()
    {
        var e = Assert.Single(Events("Turkish forces set up a new observation post near Saraqib on Tuesday.", Published), x => x.Acled is not null);
        Assert.Equal("Headquarters or base established", e.Acled?.SubEventType);
        Assert.Equal("MOBILIZE", e.Plover);
        Assert.Equal("TUR", e.Actor1?.Actor.Country);
    }

    [Fact]
    public void An_attack_on_soldiers_is_a_clash_and_one_on_villagers_is_violence_against_civilians()
    {
        Assert.Equal("Armed clash", TopSubEvent("Militants attacked an army base near Diffa overnight."));
        Assert.Equal("Attack", TopSubEvent("Militants attacked villagers near Diffa overnight."));
        // Who attacked does not make it a clash: the target does.
        Assert.Equal("Attack", TopSubEvent("Militants attacked a bank in Diffa overnight."));
    }

    [Fact]
    public void A_weapon_mentioned_without_any_event_creates_none()
    {
        Assert.Null(TopSubEvent("The museum exhibits rifles from the nineteenth century."));
        Assert.Null(TopSubEvent("The company makes rockets for satellite launches."));
    }

    [Fact]
    public void Rules_name_only_known_sub_event_types()
    {
        var types = TsvReader.Read(RepositoryPaths.Data("coding", "acled_types.tsv")).Select(r => r["sub_event_type"]).ToHashSet();
        Assert.NotEmpty(AcledRules.Default.Rules);
        Assert.All(AcledRules.Default.Rules, r => Assert.Contains(r.SubEventType, types));
    }

    [Fact]
    public void Reports_of_one_protest_share_its_most_severe_sub_type()
    {
        var events = Events("Thousands of students marched through Dhaka on Monday. Protesters later threw stones at police and set fire to two buses.", Published);
        var protests = events.Where(e => e.Plover == "PROTEST").ToList();
        Assert.NotEmpty(protests);
        Assert.All(protests, e => Assert.Equal("Violent demonstration", e.Acled?.SubEventType));
    }

    [Fact]
    public void Ground_taken_from_rebels_by_an_unnamed_side_is_regained_by_the_government()
    {
        Assert.Equal("Government regains territory", TopSubEvent("Two rebel camps near Kidal were captured on Sunday."));
        Assert.Equal("Government regains territory", TopSubEvent("Troopers captured two rebel camps near Kidal on Sunday."));
    }

    [Theory]
    [InlineData("The army recovered three border villages near Kidal on Sunday.")]
    [InlineData("Militants were pushed back from their positions near Kidal on Sunday.")]
    [InlineData("Soldiers drove the insurgents out of two villages near Kidal on Sunday.")]
    [InlineData("Government troops advanced into the rebel-held district of Kidal on Sunday.")]
    public void Recovering_ground_or_driving_armed_groups_out_is_taking_territory(string text) =>
        Assert.Equal("Government regains territory", TopSubEvent(text));

    [Fact]
    public void A_civilian_killed_in_an_exchange_of_fire_between_armed_parties_is_part_of_the_clash()
    {
        Assert.Equal("Armed clash", TopSubEvent("A farmer was killed during a gunfight between soldiers and cattle rustlers near Gusau."));
        Assert.Equal("Attack", TopSubEvent("Cattle rustlers killed a farmer near Gusau."));
    }

    [Fact]
    public void Fighters_leaving_their_stronghold_hand_over_territory_without_a_fight()
    {
        Assert.Equal("Non-violent transfer of territory", TopSubEvent("Rebel fighters began leaving their last stronghold near Kidal on Sunday under a deal with the army."));
    }

    [Fact]
    public void An_exchange_of_prisoners_is_an_agreement()
    {
        Assert.Equal("Agreement", TopSubEvent("Government and rebel negotiators oversaw an exchange of 40 prisoners near Kidal on Sunday."));
        Assert.Equal("Agreement", TopSubEvent("The two armies swapped prisoners at a border crossing near Kidal on Sunday."));
    }

    [Fact]
    public void Ground_taken_without_resistance_is_a_non_violent_transfer()
    {
        Assert.Equal("Non-violent transfer of territory", TopSubEvent("Rebels took control of the town of Kidal on Sunday without a fight."));
        Assert.Equal("Non-violent transfer of territory", TopSubEvent("Militants seized a deserted army outpost near Kidal on Sunday."));
    }

    [Fact]
    public void Demonstrators_marching_on_a_building_is_a_protest_not_a_battle()
    {
        Assert.Equal("Peaceful protest", TopSubEvent("Hundreds of nurses gathered outside the hospital, chanted slogans and then marched on the health ministry in Lusaka."));
    }

    [Fact]
    public void Abuse_of_women_and_girls_is_sexual_violence_whatever_else_the_sentence_codes()
    {
        var e = Events("Guards at the camp abused women and girls fleeing the drought near Goma, a rights group said.", Published)
            .Where(x => x.Acled is not null).OrderByDescending(x => x.Confidence).First();
        Assert.Equal("Sexual violence", e.Acled?.SubEventType);
        Assert.Equal("ASSAULT", e.Plover);
    }

    [Fact]
    public void A_rally_mourning_protesters_killed_earlier_is_peaceful()
    {
        Assert.Equal("Peaceful protest", TopSubEvent("Thousands of students rallied in Khartoum on Saturday to mourn the protesters killed by soldiers last month."));
        Assert.Equal("Excessive force against protesters", TopSubEvent("Soldiers killed five protesters during a rally in Khartoum on Saturday."));
    }

    [Fact]
    public void Riot_police_are_no_riot()
    {
        Assert.NotEqual("Violent demonstration", TopSubEvent("Riot police dispersed a rally of opposition supporters in Kampala on Tuesday."));
    }
}
