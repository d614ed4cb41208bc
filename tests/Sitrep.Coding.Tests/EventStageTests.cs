using Sitrep.Core;
using static Sitrep.Coding.Tests.CodingHarness;

namespace Sitrep.Coding.Tests;

public class EventStageTests
{
    private static readonly DateOnly Published = new(2021, 6, 10);

    [Fact]
    public void Passive_voice_takes_the_agent_from_the_by_phrase()
    {
        var e = Assert.Single(Events("Two villages were shelled by Azerbaijani forces on Tuesday.", Published), x => x.Plover == "ASSAULT");
        Assert.Equal("AZE", e.Actor1?.Actor.Country);
        Assert.Equal("MIL", e.Actor1?.Actor.Sector);
        Assert.Equal("Shelling/artillery/missile attack", e.Acled?.SubEventType);
        Assert.Equal(new DateOnly(2021, 6, 8), e.Date);
    }

    [Theory]
    [InlineData("Visit the interactive map to read more about the project.")]
    [InlineData("The table was pushed back against the wall and the offer ended on Friday.")]
    [InlineData("The new phone offers a brighter screen and longer battery life.")]
    public void Everyday_verbs_with_no_party_in_a_sentence_naming_no_one_are_not_events(string text)
    {
        Assert.Empty(CodingHarness.Events(text));
    }

    [Fact]
    public void Conflict_words_in_a_sport_story_are_metaphors_unless_people_are_counted()
    {
        const string story =
            "The heavyweight champion will fight the challenger in Riyadh next month. " +
            "His coach said the knockout in the third round showed he can beat anyone. " +
            "The champion attacked relentlessly and his rookie opponent never recovered. " +
            "Police arrested 12 spectators outside the arena after the bout. " +
            "Hundreds of residents held a protest outside the ground against higher parking fees before the playoffs.";
        var events = CodingHarness.Events(story);
        Assert.DoesNotContain(events, e => e.Plover == "ASSAULT");
        Assert.Contains(events, e => e.Plover == "COERCE" && e.Size == 12);
        Assert.Contains(events, e => e.Plover == "PROTEST");
    }

    [Fact]
    public void Words_common_outside_entertainment_do_not_silence_a_sentence()
    {
        Assert.Contains(CodingHarness.Events("Soldiers killed 12 protesters in Mandalay on Saturday, the bloodiest episode of the uprising."), e => e.Plover == "ASSAULT");
    }

    [Fact]
    public void One_sport_sentence_does_not_make_a_war_story_a_sport_story()
    {
        const string story =
            "Government troops attacked rebel positions near the border on Monday. " +
            "The army said it had taken control of two villages. " +
            "The fighting forced the league to cancel a football match in the provincial capital. " +
            "Rebels accused the army of shelling homes.";
        var events = CodingHarness.Events(story);
        Assert.Contains(events, e => e.Plover == "ASSAULT");
        Assert.Contains(events, e => e.Plover == "ACCUSE");
    }

    [Fact]
    public void Must_is_a_demand_only_in_reported_speech()
    {
        Assert.Contains(CodingHarness.Events("The Kenyan government said that the rebels must leave the town."), e => e.Plover == "REQUEST");
        Assert.Contains(CodingHarness.Events("Uganda declared on Monday that Rwanda must withdraw its troops."), e => e.Plover == "REQUEST");
        Assert.DoesNotContain(CodingHarness.Events("Applicants in Kenya must file the form by March."), e => e.Plover == "REQUEST");
    }

    [Fact]
    public void Releasing_is_an_event_only_when_people_are_released()
    {
        Assert.Contains(CodingHarness.Events("The Kenyan government released 40 prisoners on Monday."), e => e.Plover == "RETREAT");
        Assert.Contains(CodingHarness.Events("The hostages were released by the rebels near Goma."), e => e.Plover == "RETREAT");
        Assert.DoesNotContain(CodingHarness.Events("The Kenyan government released a statement on the budget."), e => e.Plover == "RETREAT");
        Assert.DoesNotContain(CodingHarness.Events("The Kenyan ministry offers free vaccinations in Mombasa."), e => e.Plover == "RETREAT");
    }

    [Fact]
    public void Back_as_an_adverb_is_not_support()
    {
        Assert.DoesNotContain(CodingHarness.Events("The Kenyan delegation went back to Nairobi on Monday."), e => e.Plover == "SUPPORT");
        Assert.Contains(CodingHarness.Events("The Kenyan government backed the ceasefire plan."), e => e.Plover == "SUPPORT");
        Assert.Contains(CodingHarness.Events("Uganda and Rwanda agreed to resume diplomatic ties."), e => e.Plover is "SUPPORT" or "AGREE");
    }

    [Fact]
    public void A_bare_verb_form_that_is_mostly_a_noun_needs_to_or_a_modal()
    {
        Assert.DoesNotContain(CodingHarness.Events("Kenyan students in Nairobi get technical support from the ministry."), e => e.Plover == "SUPPORT");
        Assert.Contains(CodingHarness.Events("Kenya will support the peace plan for Sudan."), e => e.Plover is "SUPPORT" or "AGREE");
        Assert.Contains(CodingHarness.Events("The Kenyan government supports the peace plan for Sudan."), e => e.Plover == "SUPPORT");
        Assert.DoesNotContain(CodingHarness.Events("The Kenyan minister spoke at a press conference in Nairobi."), e => e.Plover == "REQUEST");
    }

    [Fact]
    public void Set_phrases_that_hold_a_trigger_state_no_event()
    {
        Assert.DoesNotContain(CodingHarness.Events("A spokesman for the Kenyan ministry declined to comment on the report."), e => e.Plover == "REJECT");
        Assert.Contains(CodingHarness.Events("The Kenyan government declined to extradite the suspect to Uganda."), e => e.Plover == "REJECT");
        Assert.DoesNotContain(CodingHarness.Events("A Kenyan police officer was struck by a car in Nairobi on Friday."), e => e.Plover == "ASSAULT");
    }

    [Fact]
    public void A_capitalised_trigger_inside_a_longer_name_is_part_of_the_name()
    {
        Assert.DoesNotContain(CodingHarness.Events("The Kenya Free Press Union opened an office in Nairobi on Monday."), e => e.Plover is "RETREAT" or "REQUEST");
        Assert.Contains(CodingHarness.Events("Kenyan police arrested 12 protesters in Nairobi on Monday."), e => e.Plover == "COERCE");
    }

    [Fact]
    public void A_warning_is_a_threat_only_with_what_will_follow()
    {
        Assert.Contains(CodingHarness.Events("The Kenyan interior minister warned that police will break up any rally in Nairobi."), e => e.Plover == "THREATEN");
        Assert.Contains(CodingHarness.Events("Uganda warned Kenya against sending troops to the border."), e => e.Plover == "THREATEN");
        Assert.DoesNotContain(CodingHarness.Events("The Kenyan health ministry warned that cholera spreads quickly in crowded camps."), e => e.Plover == "THREATEN");
    }

    [Fact]
    public void Asking_is_a_request_only_with_what_is_asked_for()
    {
        Assert.Contains(CodingHarness.Events("Kenya asked the United Nations to send peacekeepers."), e => e.Plover == "REQUEST");
        Assert.DoesNotContain(CodingHarness.Events("The Kenyan reporter asked about the budget, and the minister smiled."), e => e.Plover == "REQUEST");
    }

    [Fact]
    public void A_verb_trigger_read_as_a_noun_with_no_party_is_a_mention()
    {
        Assert.Empty(CodingHarness.Events("Shoppers in Leeds said the offer ends on Friday."));
        Assert.Contains(CodingHarness.Events("The rebels rejected the offer made by the Kenyan government."), e => e.Plover == "REJECT");
    }

    [Theory]
    [InlineData("The Kenyan government offered to host talks with the rebels.", "AGREE")]
    [InlineData("Officials in Nairobi asked for calm.", "REQUEST")]
    [InlineData("Two people were killed when the market was shelled.", "ASSAULT")]
    public void Deeds_with_a_party_a_named_place_or_victims_stay(string text, string plover)
    {
        Assert.Contains(CodingHarness.Events(text), e => e.Plover == plover);
    }

    [Fact]
    public void Negated_events_are_left_out()
    {
        Assert.DoesNotContain(Events("The ministry denied that soldiers had attacked the convoy.", Published), x => x.Plover == "ASSAULT");
        Assert.DoesNotContain(Events("Troops did not fire on the crowd in Bamako.", Published), x => x.Plover == "ASSAULT");
    }

    [Fact]
    public void A_stated_intention_to_attack_is_a_threat_by_the_speaker()
    {
        var events = Events("President Vladimir Putin said his troops would advance on Kharkiv.", new DateOnly(2022, 5, 1));
        var threat = Assert.Single(events);
        Assert.Equal("THREATEN", threat.Plover);
        Assert.Equal("RUS", threat.Actor1?.Actor.Country);
        Assert.Equal("GOV", threat.Actor1?.Actor.Sector);
    }

    [Fact]
    public void A_running_total_is_not_an_event()
    {
        Assert.Empty(Events("More than 500,000 people have been killed in the conflict since 2011.", Published));
    }

    [Fact]
    public void Evacuation_size_is_the_total_not_the_subgroup()
    {
        var e = Assert.Single(Events("About 8,000 people, including 900 fighters, were evacuated from Daraa on Sunday.", Published));
        Assert.Equal("RETREAT", e.Plover);
        Assert.Equal(8000, e.Size);
    }

    [Fact]
    public void A_noun_trigger_takes_its_agent_from_a_by_phrase()
    {
        var e = Assert.Single(Events("The recapture of Sirte by Libyan forces on Monday ended the siege.", Published));
        Assert.Equal("Government regains territory", e.Acled?.SubEventType);
        Assert.Equal("LBY", e.Actor1?.Actor.Country);
    }

    [Fact]
    public void A_weapon_noun_gives_the_verb_its_sub_event_and_the_demonym_its_actor()
    {
        var e = Assert.Single(Events("Turkish drone strikes killed 12 fighters near Qamishli on Friday.", Published));
        Assert.Equal("Air/drone strike", e.Acled?.SubEventType);
        Assert.Equal("TUR", e.Actor1?.Actor.Country);
        Assert.Equal(12, e.Fatalities);
    }

    [Fact]
    public void Hyphenated_modifiers_are_not_triggers()
    {
        Assert.DoesNotContain(Events("Hundreds of Rwandan-backed fighters remain near the border town.", Published), x => x.Plover == "SUPPORT");
    }

    [Fact]
    public void Sport_and_weather_sentences_are_not_coded()
    {
        Assert.Empty(Events("The striker attacked down the left and scored twice as Ghana beat Mali in the qualifier.", Published));
        Assert.Empty(Events("The cyclone killed 14 people and destroyed hundreds of homes on the coast.", Published));
    }

    [Fact]
    public void Quoted_violence_is_a_claim_but_a_quoted_accusation_is_coded()
    {
        var events = Events("Colombian President Gustavo Petro said \"the rebels killed the farmers and they are responsible for the massacre\" in Cauca.", new DateOnly(2023, 5, 2));
        Assert.DoesNotContain(events, x => x.Plover == "ASSAULT");
        var accuse = Assert.Single(events, x => x.Plover == "ACCUSE");
        Assert.Equal("COL", accuse.Actor1?.Actor.Country);
    }

    [Fact]
    public void Background_decades_back_is_not_news()
    {
        Assert.Empty(Events("The army seized power in a coup in 1989.", Published));
    }

    private static string? TopPlover(string text) =>
        Events(text, Published).OrderByDescending(e => e.Confidence).FirstOrDefault()?.Plover;

    [Theory]
    [InlineData("The health minister declined to resign despite mounting pressure from parliament.", "REJECT")]
    [InlineData("The government said it would not meet the strikers' demands.", "REJECT")]
    [InlineData("Ghana plans to impose restrictions on imports of poultry from Togo.", "THREATEN")]
    [InlineData("The union demanded that the ministry lift the ban on street vendors.", "REQUEST")]
    [InlineData("The governor lifted the nightly curfew in Jos on Friday.", "CONCEDE")]
    [InlineData("The teachers' union said it will boycott the exams unless salaries are paid.", "THREATEN")]
    public void The_governing_statement_is_the_event(string text, string expected) => Assert.Equal(expected, TopPlover(text));

    [Fact]
    public void A_month_name_in_a_date_is_not_a_march()
    {
        Assert.DoesNotContain(Events("Both sides are accused of breaking the truce signed in March 2019, monitors said.", Published), e => e.Plover == "PROTEST");
        Assert.Contains(Events("Thousands of farmers joined a march on the capital on Monday.", Published), e => e.Plover == "PROTEST");
    }
}
