using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>
/// Finds actor mentions with the actor dictionary, then gives each event its actor1 (who acts) and
/// actor2 (the recipient) from the regions the event stage marked. Pronouns and generic agents
/// ("they", "the army", "rebels") are resolved from context.
/// </summary>
public sealed class ActorStage : ILanguageScopedStage
{
    // Loaded on first use, so building a pipeline costs nothing.
    private readonly Lazy<ActorDictionary> _dictionary;

    public ActorStage(ActorDictionary dictionary) => _dictionary = new(dictionary);

    private ActorDictionary Dictionary => _dictionary.Value;

    private static readonly HashSet<string> StateSectors = ["GOV", "MIL", "COP", "SPY", "JUD", "LEG"];
    private static readonly HashSet<string> ArmedSectors = ["MIL", "COP", "REB", "INS", "UAF", "SEP", "SPY"];

    public ActorStage() => _dictionary = new(() => ActorDictionary.Default);

    public string Name => StageNames.Actors;

    public IReadOnlySet<string> Languages => StageLanguages.English;

    public void Process(Document document)
    {
        if (document.Tokens.Count == 0) return;
        var date = document.Article?.Published;
        foreach (var (_, first, end) in document.SentenceTokenRanges())
        {
            var words = Words.Split(document.Tokens, first, end);
            document.Actors.AddRange(Dictionary.FindMentions(words, document.Text, date));
        }

        var homeCountry = DominantCountry(document.Actors);
        for (int i = 0; i < document.Actors.Count; i++)
        {
            var mention = document.Actors[i];
            if (!mention.Generic || mention.Actor.Country is not null || mention.Actor.Sector is "IGO" or "NGO") continue;
            // "its troops", "their forces": the owner's country; otherwise the country the story is about.
            var owner = PossessivePronounBefore(document, mention.Start) is { } pronoun ? Antecedent(document, pronoun) : null;
            var country = owner?.Actor.Country ?? homeCountry;
            if (country is not null) document.Actors[i] = mention with { Actor = WithCountry(mention.Actor, country) };
        }

        EventRecord? previous = null;
        foreach (var ev in document.Events)
        {
            AssignActors(document, ev, previous);
            ev.Actor1 = WithEventSector(ev.Actor1, ev);
            ev.Actor2 = WithEventSector(ev.Actor2, ev);
            RefineAcled(ev);
            if (ev.Actor1 is null) ev.Confidence *= 0.85;
            previous = ev;
        }
    }

    /// <summary>A bare demonym names a country; who acted for it follows from the act: its forces use force, its government speaks.</summary>
    private static ActorMention? WithEventSector(ActorMention? mention, EventRecord ev)
    {
        if (mention is not { Kind: "demonym" }) return mention;
        var sector = ev.Plover is "ASSAULT" or "MOBILIZE" or "COERCE" or "RETREAT" ? "MIL" : "GOV";
        return mention with { Actor = mention.Actor with { Sector = sector, Code = mention.Actor.Country + sector } };
    }

    private static Token? PossessivePronounBefore(Document doc, int start)
    {
        int index = TokenBefore(doc, start);
        if (index >= 0 && Grammar.IsDeterminer(doc.Tokens[index].Lower) && !Grammar.Is(doc.Tokens[index].Lower, "determiner")) return doc.Tokens[index];
        return null;
    }

    private static Actor WithCountry(Actor actor, string country) =>
        actor with { Country = country, Code = country + (actor.Sector ?? string.Empty) };

    private static string? DominantCountry(List<ActorMention> mentions) =>
        mentions.Where(m => !m.Generic && m.Actor.Country is not null)
            .GroupBy(m => m.Actor.Country!)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min(m => m.Start))
            .Select(g => g.Key)
            .FirstOrDefault();

    private static void AssignActors(Document doc, EventRecord ev, EventRecord? previous)
    {
        var sentence = ev.Evidence;
        var inSentence = doc.Actors.Where(m => m.Start >= sentence.Start && m.End <= sentence.End).ToList();

        ActorMention? subject = ev.AgentRegion is { } agent ? Subject(doc, inSentence, agent) : null;
        ActorMention? obj = ev.PatientRegion is { } patient ? Object(doc, inSentence, patient, ev.Passive) : null;

        if (ev.SpeakerRegion is { } speakerRegion)
        {
            ev.Actor1 = Subject(doc, inSentence, speakerRegion) ?? subject;
            // "X said his forces would march on Y" threatens Y; "X said they are responsible" accuses them.
            ev.Actor2 = ev.Plover == "THREATEN" ? obj : subject ?? obj;
        }
        else if (ev.Nominal)
        {
            var ofPhrase = ev.OfPhraseIsAgent && ev.PatientRegion is { } p ? inSentence.FirstOrDefault(m => m.Start >= p.Start && m.End <= p.End) : null;
            var modifier = ev.ModifierRegion is { } modifiers ? inSentence.LastOrDefault(m => m.Start >= modifiers.Start && m.End <= modifiers.End) : null;
            ev.Actor1 = ByPhrase(doc, inSentence, ev.PatientRegion) ?? ofPhrase ?? modifier ?? (ev.AgentIsMainSubject ? null : subject);
            ev.Actor2 = ev.OfPhraseIsAgent ? null : ev.PatientRegion is { } complement ? Object(doc, inSentence, complement, passive: true) : null;
        }
        else if (ev.Passive)
        {
            ev.Actor1 = ByPhrase(doc, inSentence, ev.PatientRegion);
            ev.Actor2 = subject;
        }
        else
        {
            ev.Actor1 = subject;
            ev.Actor2 = obj;
        }

        // "accused X ... and vowed to respond": the second verb shares the first one's subject.
        if (!ev.Nominal && !ev.Passive && ev.SpeakerRegion is null && previous is not null && previous.Evidence == ev.Evidence
            && PreviousWord(doc, ev.Trigger.Start) == "and" && previous.Actor1 is not null)
            ev.Actor1 = previous.Actor1;
        // "the junta freed 9,000 prisoners in an amnesty": a noun in the verb's phrase is the verb subject's act.
        if (ev.Nominal && ev.Actor1 is null && previous is { Nominal: false } && previous.Evidence == ev.Evidence)
            ev.Actor1 = previous.Actor1;
        if (ev.Actor1 is null && ev.AgentIsMainSubject)
        {
            ev.Actor1 = previous is not null && previous.Evidence == ev.Evidence
                ? previous.Actor1
                : inSentence.FirstOrDefault(m => m.Start > ev.Trigger.End && doc.Text.AsSpan(ev.Trigger.End, m.Start - ev.Trigger.End).Contains(','));
        }
        // "accused X of ... and vowed to respond": a second statement in the sentence is aimed at the same party.
        if (ev.Actor2 is null && ev.Plover is "THREATEN" or "ACCUSE" or "REQUEST" && previous is not null && previous.Evidence == ev.Evidence
            && previous.Actor1 is not null && previous.Actor1.Start == ev.Actor1?.Start)
            ev.Actor2 = previous.Actor2;
        if (ev.Actor1 is { } a1 && ev.Actor2 is { } a2 && a1.Start == a2.Start) ev.Actor2 = null;
    }

    /// <summary>The acting party in a region before the trigger: the nearest mention not inside a prepositional phrase, or what a pronoun points to.</summary>
    private static ActorMention? Subject(Document doc, List<ActorMention> inSentence, TextSpan region)
    {
        var candidates = inSentence.Where(m => m.Start >= region.Start && m.End <= region.End).ToList();
        for (int i = candidates.Count - 1; i >= 0; i--)
        {
            if (!AfterPreposition(doc, candidates[i].Start)) return Specific(doc, candidates, i);
        }
        var pronoun = doc.Tokens.LastOrDefault(t => t.Start >= region.Start && t.End <= region.End && Grammar.IsPronoun(t.Lower));
        return pronoun is null ? candidates.LastOrDefault() : Antecedent(doc, pronoun);
    }

    /// <summary>"An M23 rebel spokesman", "the United Nations Middle East envoy": a named actor earlier in the same noun phrase outranks a generic head.</summary>
    private static ActorMention Specific(Document doc, List<ActorMention> candidates, int index)
    {
        var head = candidates[index];
        if (!head.Generic) return head;
        for (int i = index - 1; i >= 0; i--)
        {
            var gap = doc.Text.AsSpan(candidates[i].End, candidates[index].Start - candidates[i].End);
            if (gap.IndexOfAny(",;:()\"“”") >= 0 || gap.Count(' ') > 3) break;
            if (!candidates[i].Generic) return candidates[i];
            index = i;
        }
        return head;
    }

    private static ActorMention? Object(Document doc, List<ActorMention> inSentence, TextSpan region, bool passive)
    {
        foreach (var m in inSentence)
        {
            if (m.Start < region.Start || m.End > region.End) continue;
            if (passive && PrecededBy(doc, m.Start, "by")) continue;
            return m;
        }
        return null;
    }

    private static ActorMention? ByPhrase(Document doc, List<ActorMention> inSentence, TextSpan? region) =>
        region is { } r ? inSentence.FirstOrDefault(m => m.Start >= r.Start && m.Start < r.End && PrecededBy(doc, m.Start, "by")) : null;

    /// <summary>The actor a pronoun refers to: the nearest earlier mention in the text, skipping ones it cannot be.</summary>
    private static ActorMention? Antecedent(Document doc, Token pronoun)
    {
        bool personal = Grammar.Is(pronoun.Lower, "pronoun_singular") && pronoun.Lower is not "it" || pronoun.Lower is "his" or "her";
        for (int i = doc.Actors.Count - 1; i >= 0; i--)
        {
            var m = doc.Actors[i];
            if (m.End > pronoun.Start) continue;
            if (pronoun.Start - m.End > 600) break;
            if (AfterPreposition(doc, m.Start)) continue;
            if (personal == (m.Kind == "person")) return m;
        }
        return null;
    }

    private static bool AfterPreposition(Document doc, int start)
    {
        var previous = PreviousWord(doc, start);
        return previous is not null && (Grammar.Is(previous, "preposition") && previous is not "of" || previous == "by");
    }

    private static bool PrecededBy(Document doc, int start, string word) => PreviousWord(doc, start) == word;

    private static int TokenBefore(Document doc, int start)
    {
        int lo = 0, hi = doc.Tokens.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (doc.Tokens[mid].Start < start) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    private static string? PreviousWord(Document doc, int start)
    {
        int found = TokenBefore(doc, start);
        // Skip a determiner: "by the army".
        while (found >= 0 && Grammar.IsDeterminer(doc.Tokens[found].Lower)) found--;
        return found >= 0 ? doc.Tokens[found].Lower : null;
    }

    /// <summary>Sub-event types that depend on who acted: taking territory, and violence against armed or unarmed targets.</summary>
    private static void RefineAcled(EventRecord ev)
    {
        if (ev.Acled is not { } acled) return;
        var sector1 = ev.Actor1?.Actor.Sector;
        var sector2 = ev.Actor2?.Actor.Sector;
        ev.Acled = acled.SubEventType switch
        {
            "{territory}" when sector1 is not null && StateSectors.Contains(sector1) => new AcledType("Battles", "Government regains territory"),
            "{territory}" when sector1 is not null && ArmedSectors.Contains(sector1) => new AcledType("Battles", "Non-state actor overtakes territory"),
            // No taker named: ground taken from an armed group went to the state, and ground taken from the state to a non-state group.
            "{territory}" when sector1 is null && sector2 is not null && ArmedSectors.Contains(sector2) && !StateSectors.Contains(sector2) => new AcledType("Battles", "Government regains territory"),
            "{territory}" when sector1 is null && sector2 is not null && StateSectors.Contains(sector2) => new AcledType("Battles", "Non-state actor overtakes territory"),
            // Left for consolidation, which may learn the actor from another report of the same event.
            "{territory}" => acled,
            "{violence}" when sector2 is not null && ArmedSectors.Contains(sector2) => new AcledType("Battles", "Armed clash"),
            "{violence}" => new AcledType("Violence against civilians", "Attack"),
            _ => acled,
        };
    }
}
