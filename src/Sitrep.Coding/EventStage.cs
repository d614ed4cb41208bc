using Sitrep.Core;
using Sitrep.Language;

namespace Sitrep.Coding;

/// <summary>
/// Finds event triggers in each sentence and codes them in PLOVER, ACLED and CAMEO. It decides
/// voice, negation, modality and reported speech, marks where the parties are named for the actor
/// stage, and attaches dates and counts from the language layer.
/// </summary>
public sealed class EventStage : ILanguageScopedStage
{
    // Loaded on first use, so building a pipeline costs nothing and a corpus run starts reading at once.
    private readonly Lazy<EventLexicon> _lexicon;
    private readonly Lazy<Learning.AveragedPerceptron?> _ploverModel;
    private readonly Lazy<Learning.AveragedPerceptron?> _acledModel;
    private readonly Lazy<AcledRules> _acledRules;
    private readonly float _acledOverride;

    public EventStage(EventLexicon lexicon, Learning.AveragedPerceptron? ploverModel, Learning.AveragedPerceptron? acledModel, AcledRules acledRules, float acledOverride = 1.01f)
    {
        _lexicon = new(lexicon);
        _ploverModel = new(ploverModel);
        _acledModel = new(acledModel);
        _acledRules = new(acledRules);
        _acledOverride = acledOverride;
    }

    public EventStage()
    {
        _lexicon = new(() => EventLexicon.Default);
        _ploverModel = new(() => Learning.EventModels.Plover);
        _acledModel = new(() => Learning.EventModels.Acled);
        _acledRules = new(() => AcledRules.Default);
        _acledOverride = Learning.EventModels.AcledOverride;
    }

    private EventLexicon Lexicon => _lexicon.Value;
    private Learning.AveragedPerceptron? PloverModel => _ploverModel.Value;
    private Learning.AveragedPerceptron? AcledModel => _acledModel.Value;

    /// <summary>Sentences with sport, entertainment or consumer cues (data/coding/story_domain_cues.tsv) that make a story one of those, if also a quarter of its sentences.</summary>
    private const int MinOffDomainSentences = 3;

    /// <summary>Events dated this long before publication are background, not news of the article.</summary>
    private static readonly int BackgroundDays = 365;

    public string Name => StageNames.Events;

    public IReadOnlySet<string> Languages => StageLanguages.English;

    public void Process(Document document)
    {
        if (document.Tokens.Count == 0 || document.Sentences.Count == 0) return;
        var published = document.Article?.Published;
        var quoted = QuoteMap(document);
        var paragraphDates = new List<TimeExpression>();
        int lastParagraphEnd = -1;
        int proseSentences = 0, offDomainSentences = 0;

        foreach (var (sentence, first, end) in document.SentenceTokenRanges())
        {
            if (end == first) continue;

            if (lastParagraphEnd >= 0 && document.Text.AsSpan(lastParagraphEnd, sentence.Start - lastParagraphEnd).Contains("\n\n", StringComparison.Ordinal))
                paragraphDates.Clear();
            lastParagraphEnd = sentence.End;

            var clause = new SentenceAnalysis(document, sentence, first, end, quoted);
            if (clause.LooksLikeProse)
            {
                proseSentences++;
                if (NonEventCues.Default.Matches(clause.Words) || NonEventCues.StoryDomain.Matches(clause.Words)) offDomainSentences++;
            }
            foreach (var ev in CodeSentence(document, clause, published, paragraphDates))
                document.Events.Add(ev);
            paragraphDates.AddRange(document.Times.Where(t => t.Start >= sentence.Start && t.End <= sentence.End && t.Date is not null && t.Type == "DATE"));
        }
        // A sport, entertainment or consumer story ("last fight", "beat the Wolves"): its conflict and cooperation
        // words are metaphors, and only counted dead, injured or participants make news.
        if (offDomainSentences >= MinOffDomainSentences && offDomainSentences * 4 >= proseSentences)
            document.Events.RemoveAll(e => e.Fatalities is null && e.Injured is null && e.Size is null && !PloverTypes.KeptInOffDomainStory(e.Plover));
        for (int i = 0; i < document.Events.Count; i++) document.Events[i].Id = $"e{i + 1}";
    }

    private List<EventRecord> CodeSentence(Document doc, SentenceAnalysis s, DateOnly? published, List<TimeExpression> paragraphDates)
    {
        var events = new List<EventRecord>();
        // Menu items, headings and captions state no event; nor do sport, film or weather sentences.
        if (!s.LooksLikeProse || NonEventCues.Default.Matches(s.Words)) return events;
        var wordMatches = Lexicon.MatchAll(s.Words, s.Lemmas);
        var matches = FindTriggers(s, wordMatches);
        // "last March", "in May": a month name is a date, not a march.
        matches.RemoveAll(m => InsideTimeExpression(doc, s.Words[m.FirstWord].Start));
        // "Free Software Foundation", "Homeland Security Investigations": a capitalised word inside a longer name is part of it.
        matches.RemoveAll(m => InsideName(doc, s.Words[m.FirstWord], s.Words[m.EndWord - 1]));
        var unrealisedUntil = -1;
        for (int m = 0; m < matches.Count; m++)
        {
            var match = matches[m];
            // Something threatened, demanded or agreed to has not happened: code only the governing event.
            // A verb joined by "and" ("accused X ... and vowed to respond") starts a new statement.
            if (match.FirstWord < unrealisedUntil && !(!match.Pattern.IsNoun && match.FirstWord > 0 && s.Words[match.FirstWord - 1].Lower == "and")) continue;
            // "met the strikers' demands", "condemned the attack": a noun that is a verb trigger's object is part of that event.
            if (m > 0 && IsObjectOf(s, matches[m - 1], match)) continue;
            int nextTrigger = m + 1 < matches.Count ? matches[m + 1].FirstWord : s.Words.Count;
            var ev = Build(doc, s, match, nextTrigger, published, paragraphDates);
            if (ev is null) continue;
            // "is prepared to impose martial law": readiness to use force or sanctions is a threat.
            if (match.Pattern.IsCommitment && m + 1 < matches.Count && matches[m + 1].FirstWord < s.ClauseEnd(match.EndWord)
                && matches[m + 1].Pattern.Plover is "ASSAULT" or "COERCE" or "SANCTION" or "MOBILIZE")
            {
                ev.Plover = "THREATEN";
                ev.PloverMode = null;
                ev.Cameo = "130";
                ev.Acled = null;
            }
            events.Add(ev);
            if (match.Pattern.GovernsUnrealised || ev.Plover is "THREATEN" or "REJECT") unrealisedUntil = s.ClauseWithComplementEnd(match.EndWord);
        }
        FoldWeaponsIntoVerbs(events, matches);
        ApplyModels(s, wordMatches, events);
        ApplyAcledRules(doc, s, events, published, paragraphDates);
        return events;
    }

    /// <summary>Whether the noun trigger heads the verb trigger's object: at most four modifier words between, no preposition or punctuation.</summary>
    private static bool IsObjectOf(SentenceAnalysis s, TriggerMatch verb, TriggerMatch noun)
    {
        if (verb.Pattern.IsNoun || noun.Pattern.AcledEventType == "Explosions/Remote violence") return false;
        int between = noun.FirstWord - verb.EndWord;
        if (between <= 0 || between > 4) return false;
        // A verb pattern read after "the" or a possessive is used as a noun ("the strikers' demands").
        if (!noun.Pattern.IsNoun && !IsNounMarker(s.Words[noun.FirstWord - 1])) return false;
        for (int w = verb.EndWord; w < noun.FirstWord; w++)
        {
            var text = s.Words[w].Text;
            if (!IsPossessiveMark(text) && (!char.IsLetterOrDigit(text[0]) || s.IsPreposition(w))) return false;
        }
        return true;
    }

    /// <summary>
    /// "Israeli air strikes killed 100 people" is one event: the verb keeps the count and parties,
    /// the weapon noun gives the ACLED sub-event type.
    /// </summary>
    private static void FoldWeaponsIntoVerbs(List<EventRecord> events, List<TriggerMatch> matches)
    {
        var weapons = events.Where(e => e.Nominal && e.Acled?.EventType == "Explosions/Remote violence").ToList();
        if (weapons.Count == 0) return;
        foreach (var verb in events.Where(e => !e.Nominal && e.Plover == "ASSAULT" && e.Acled?.SubEventType is "{violence}").ToList())
        {
            var weapon = weapons.OrderBy(w => Math.Abs(w.Trigger.Start - verb.Trigger.Start)).First();
            verb.Acled = weapon.Acled;
            verb.PloverMode = weapon.PloverMode;
            verb.Cameo = weapon.Cameo;
            verb.Confidence = Math.Max(verb.Confidence, weapon.Confidence);
            events.Remove(weapon);
            weapons.Remove(weapon);
            if (weapons.Count == 0) return;
        }
    }

    /// <summary>
    /// The learned sentence models (data/models) weigh in: rule events are re-ranked by how well
    /// their type fits the whole sentence, and a catch-all ACLED sub-type ("Other") is sharpened
    /// when the model agrees on the PLOVER type. The models never create events on their own: their
    /// scores are not calibrated, and page furniture or weather would get coded.
    /// </summary>
    private void ApplyModels(SentenceAnalysis s, IReadOnlyList<TriggerMatch>[] wordMatches, List<EventRecord> events)
    {
        if (events.Count == 0 || PloverModel is null && AcledModel is null) return;
        var hashes = _featureBuffer ??= new List<ulong>(256);
        Learning.SentenceFeatures.Hashes(s.Words, s.Lemmas, wordMatches, hashes);
        var features = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes);

        if (PloverModel is not null)
        {
            var p = PloverModel.Probabilities(features);
            foreach (var ev in events)
            {
                int c = Array.IndexOf(PloverModel.Labels, ev.Plover);
                if (c >= 0) ev.Confidence = 0.6 * ev.Confidence + 0.4 * p[c];
            }
        }

        // The ACLED model only sharpens a catch-all "Other" unless an override threshold is set.
        if (AcledModel is not null && (_acledOverride <= 1f || events.Exists(e => e.Acled?.SubEventType == "Other")))
        {
            var (sub, probability) = AcledModel.Predict(features);
            if (!AcledTypes.Value.TryGetValue(sub, out var type)) return;
            foreach (var ev in events)
            {
                bool catchAll = ev.Acled?.SubEventType == "Other";
                if (catchAll && ev.Plover == type.Plover || ev.Acled is not null && probability >= _acledOverride)
                    ev.Acled = new AcledType(type.EventType, sub);
            }
        }
    }

    /// <summary>
    /// The sentence's cue phrases give its events their ACLED sub-event type (<see cref="AcledRules"/>:
    /// each event takes the first matching rule that recodes its type); the first matching rule that
    /// may create codes one event when no trigger of the sentence had an ACLED type.
    /// </summary>
    private void ApplyAcledRules(Document doc, SentenceAnalysis s, List<EventRecord> events, DateOnly? published, List<TimeExpression> paragraphDates)
    {
        var rules = _acledRules.Value;
        var cues = rules.FindCues(s.Words, s.Lemmas);
        cues.RemoveAll(c => InsideTimeExpression(doc, s.Words[c.FirstWord].Start));
        var matching = rules.Matching(cues);
        if (matching.Count == 0) return;
        bool anyCoded = false;
        foreach (var ev in events)
        {
            if (ev.Acled is null) continue;
            anyCoded = true;
            if (matching.Find(r => r.Recodes(ev.Acled)) is not { } rule) continue;
            ev.Acled = new AcledType(rule.EventType, rule.SubEventType);
            ev.Corroborated = true;
            if (rule.ReplacesPlover)
            {
                ev.Plover = rule.Plover;
                ev.PloverMode = null;
                ev.Cameo = rule.Cameo;
            }
        }
        if (anyCoded || matching.Find(r => r.Creates) is not { } creating) return;
        var anchor = cues.Find(c => c.Category == creating.AllOf[0]);
        var pattern = new TriggerPattern(creating.AllOf, IsNoun: false, creating.Plover, Mode: null, creating.Cameo, creating.EventType, creating.SubEventType,
            SpeakerIsActor: false, Confidence: CreatedConfidence);
        if (Build(doc, s, new TriggerMatch(anchor.FirstWord, anchor.EndWord, pattern), s.Words.Count, published, paragraphDates) is { } created)
        {
            // The rule's cue phrases are the evidence that it happened, as for a recoded event.
            created.Corroborated = true;
            events.Add(created);
        }
    }

    /// <summary>An event read from cue phrases rather than a trigger ranks below trigger events.</summary>
    private const double CreatedConfidence = 0.5;

    [ThreadStatic] private static List<ulong>? _featureBuffer;

    private static readonly Lazy<Dictionary<string, (string EventType, string Plover)>> AcledTypes = new(() =>
        TsvReader.Read(RepositoryPaths.Data("coding", "acled_types.tsv"))
            .ToDictionary(r => r["sub_event_type"], r => (r["event_type"], r["plover"]), StringComparer.Ordinal));

    /// <summary>Non-overlapping trigger matches, longest first at each word, skipping blocked and compound-internal words.</summary>
    private static List<TriggerMatch> FindTriggers(SentenceAnalysis s, IReadOnlyList<TriggerMatch>[] wordMatches)
    {
        var found = new List<TriggerMatch>();
        var words = s.Words;
        for (int i = 0; i < words.Count; i++)
        {
            var matches = wordMatches[i];
            if (matches.Count == 0) continue;
            var match = ChooseReading(matches, s, i);
            // A set phrase that holds a trigger but states no event ("declined to comment", "struck by a car").
            if (match.Pattern.Plover == TriggerPattern.NoEvent)
            {
                i = match.EndWord - 1;
                continue;
            }
            bool blocked = i > 0 && Grammar.IsBlocker(words[i - 1].Lower);
            // "Iranian-backed" or "pro-government" is a modifier, not a trigger, unless the pattern spans the hyphen.
            bool compoundPart = s.InsideCompound(i) && !s.CompoundWithin(i, match.EndWord);
            bool adjective = !match.Pattern.IsNoun && s.IsAdjectivalParticiple(i);
            // "two buses": a verb pattern after a numeral is a noun, and no event here. (After "its" it may still
            // be one: "its demand that ...".)
            bool nounUse = !match.Pattern.IsNoun && i > 0 && (Grammar.Is(words[i - 1].Lower, "numeral") || char.IsDigit(words[i - 1].Text[0]));
            // "went back", "technical support": the bare form of such a verb counts only after "to" or a modal ("to back", "will support").
            bool bareOther = match.Pattern.BareFormNeedsAuxiliary && words[i].Lower == s.Lemmas[i]
                && !(i > 0 && Grammar.Is(words[i - 1].Lower, "bare_verb_before"));
            if (!blocked && !compoundPart && !adjective && !nounUse && !bareOther) found.Add(match);
            i = match.EndWord - 1;
        }
        return found;
    }

    private static bool IsNounMarker(Word w) =>
        Grammar.IsDeterminer(w.Lower) || Grammar.Is(w.Lower, "numeral") || char.IsDigit(w.Text[0]) || IsPossessiveMark(w.Text);

    private static bool IsPossessiveMark(string text) => text is "'" or "’" or "'s" or "’s";

    /// <summary>One reading of the patterns at a word (longest first): the longest, as a noun or a verb as the context says.</summary>
    private static TriggerMatch ChooseReading(IReadOnlyList<TriggerMatch> matches, SentenceAnalysis s, int i)
    {
        if (matches.Count == 1) return matches[0];
        // "joined a march on the capital": after a determiner it is a noun, though a longer verb phrase ("march on") fits too.
        if (i > 0 && IsNounMarker(s.Words[i - 1]) && matches.FirstOrDefault(m => m.Pattern.IsNoun) is { Pattern: not null } noun) return noun;
        int longest = matches[0].EndWord;
        bool nominal = i > 0 && s.Words[i - 1].Lower == "of" || i + 1 < s.Words.Count && s.Words[i + 1].Lower is "of" or "on" or "against";
        return matches.FirstOrDefault(m => m.EndWord == longest && m.Pattern.IsNoun == nominal) is { Pattern: not null } fit ? fit : matches[0];
    }

    private EventRecord? Build(Document doc, SentenceAnalysis s, TriggerMatch match, int nextTrigger, DateOnly? published, List<TimeExpression> paragraphDates)
    {
        var pattern = match.Pattern;
        var words = s.Words;
        int i = match.FirstWord;
        bool inQuote = s.InQuote(i);
        var trigger = new TextSpan(words[i].Start, words[match.EndWord - 1].End);
        int clauseStart = s.ClauseStart(i);

        string plover = pattern.Plover;
        bool plannedForce = false;
        if (s.Hypothetical(clauseStart, i))
        {
            // "plans to impose restrictions": a stated plan to use force or restrictions is a threat; other unreal events are dropped.
            if (!s.Intended(clauseStart, i) || plover is not ("ASSAULT" or "COERCE" or "SANCTION")) return null;
            plannedForce = true;
        }
        string? mode = pattern.Mode, cameo = pattern.Cameo;
        AcledType? acled = pattern.AcledEventType is null ? null : new AcledType(pattern.AcledEventType, pattern.AcledSubEventType ?? "Other");
        double confidence = pattern.Confidence;

        int speech = s.SpeechVerbBefore(i);
        if (speech < 0 && inQuote) speech = s.SpeechVerbAfterQuote(i);
        // "said that Iraq must cooperate" is a demand; "answers must be marked" is a rule, not an event.
        if (pattern.ReportedOnly && speech < 0 && !inQuote && !s.InThatClause(i)) return null;
        bool modal = s.ModalBefore(clauseStart, i, out bool future);
        // PLOVER THREATEN covers announced force, restrictions, sanctions and protests or boycotts.
        bool hostile = plover is "ASSAULT" or "MOBILIZE" or "COERCE" or "SANCTION" or "PROTEST";
        if (plannedForce)
        {
            mode = ThreatMode(plover, pattern);
            plover = "THREATEN";
            cameo = "130";
            acled = null;
            confidence *= 0.8;
        }
        else if ((modal || future) && plover is "CONSULT" or "SUPPORT" or "COOPERATE" or "AID")
        {
            // PLOVER: cooperation stated in the future tense is a commitment, AGREE.
            plover = "AGREE";
            cameo = "030";
            acled = null;
        }
        else if ((modal || future) && plover == "RETREAT")
        {
            // An announced retreat is a concession, not yet a retreat.
            plover = "CONCEDE";
            cameo = "080";
            acled = null;
        }
        else if (modal || future && hostile)
        {
            // "X said his forces would march on Y": a stated intention to use force is a threat by X.
            if (hostile && speech >= 0)
            {
                mode = ThreatMode(plover, pattern);
                plover = "THREATEN";
                cameo = "138";
                acled = null;
                confidence *= 0.8;
            }
            // "would be ready to host", "would urge": statements keep their verbal type; a deed that only would happen is dropped.
            else if (modal && !pattern.IsVerbal) return null;
            else confidence *= 0.7;
        }
        else if (inQuote && !pattern.IsVerbal)
        {
            // A quoted claim of violence is the speaker's allegation, not a coded event.
            return null;
        }

        var ev = new EventRecord
        {
            Id = string.Empty,
            Plover = plover,
            PloverMode = mode,
            Cameo = cameo,
            Acled = acled,
            Trigger = trigger,
            Evidence = new TextSpan(s.Sentence.Start, s.Sentence.End),
            Confidence = confidence,
            Negated = s.Negated(clauseStart, i),
        };
        // "would not meet the demands", "did not agree": refusing to concede or agree is a rejection (PLOVER REJECT).
        if (ev.Negated && ev.Plover is "CONCEDE" or "AGREE")
        {
            ev.Plover = "REJECT";
            ev.PloverMode = null;
            ev.Cameo = "120";
            ev.Acled = null;
            ev.Negated = false;
        }

        int regionEnd = Math.Min(s.ClauseEnd(match.EndWord), Math.Max(nextTrigger, match.EndWord));
        ev.Nominal = pattern.IsNoun;
        ev.ReadAsNoun = !pattern.IsNoun && i > 0 && IsNounMarker(words[i - 1]);
        ev.OfPhraseIsAgent = pattern.OfPhraseIsAgent;
        ev.Passive = !pattern.IsNoun && s.IsPassive(i, match.EndWord);
        int nounPhrase = s.NounPhraseStart(i);
        ev.AgentIsMainSubject = pattern.IsNoun ? s.FollowsClausePreposition(nounPhrase) : s.IsParticiplePhrase(i);
        if (pattern.IsNoun) ev.ModifierRegion = new TextSpan(words[nounPhrase].Start, trigger.Start);
        bool inPrepositionalPhrase = pattern.IsNoun && nounPhrase > 0 && (s.IsPreposition(nounPhrase - 1) || s.IsPreposition(nounPhrase - 2));
        ev.Corroborated = pattern.IsNoun && s.LightVerbBefore(nounPhrase);
        // "complained over two air raids", "damages caused by a missile attack": a noun in a prepositional
        // phrase is background to the clause's own event, which should rank first.
        if (!ev.Corroborated && (inPrepositionalPhrase || pattern.IsNoun && nounPhrase > 0 && words[nounPhrase - 1].Lower == "by"))
            ev.Confidence *= BackgroundWeight;
        ev.AgentRegion = new TextSpan(words[clauseStart].Start, pattern.IsNoun ? words[nounPhrase].Start : trigger.Start);
        // "during the evacuation": a noun inside a prepositional phrase is not what the clause's subject did.
        if (inPrepositionalPhrase) ev.AgentRegion = null;
        if (pattern.IsNoun) regionEnd = s.NounComplementFollows(match.EndWord) ? s.ComplementEnd(match.EndWord, regionEnd) : match.EndWord;
        ev.PatientRegion = match.EndWord < words.Count && regionEnd > match.EndWord
            ? new TextSpan(words[match.EndWord].Start, words[regionEnd - 1].End)
            : null;
        if (speech >= 0 && (pattern.SpeakerIsActor || plover == "THREATEN" && pattern.Plover != "THREATEN" || inQuote))
            ev.SpeakerRegion = s.SpeakerRegion(speech);

        // "released a statement", "free of charge": releasing or freeing is an event only when people are released.
        if (pattern.PeoplePatient && !NamesPeople(doc, s, ev.Passive ? ev.AgentRegion : ev.PatientRegion)) return null;
        if (!AttachDate(doc, ev, published, paragraphDates)) return null;
        if (!AttachCounts(doc, ev, pattern)) return null;
        return ev;
    }

    /// <summary>Whether the region names people: a people noun or generic actor, a person, group, place or nationality, or a personal pronoun.</summary>
    private static bool NamesPeople(Document doc, SentenceAnalysis s, TextSpan? region)
    {
        if (region is not { } r) return false;
        for (int w = 0; w < s.Words.Count; w++)
        {
            var word = s.Words[w];
            if (word.Start < r.Start || word.End > r.End) continue;
            if (LanguageLexicon.Default.CountedNouns.Contains(s.Lemmas[w]) || LanguageLexicon.Default.CountedNouns.Contains(word.Lower)
                || Grammar.Is(word.Lower, "personal_pronoun"))
                return true;
        }
        return EntitySpans.AnyWithin(doc, r, PeopleEntityTypes);
    }

    private static readonly HashSet<string> PeopleEntityTypes =
        [EntityTypes.Person, EntityTypes.Organization, EntityTypes.Nationality, EntityTypes.GeoPolitical];

    /// <summary>The PLOVER mode of a threat to do what <paramref name="pattern"/> codes: violence or territory for force, none otherwise.</summary>
    private static string? ThreatMode(string plover, TriggerPattern pattern) =>
        plover != "ASSAULT" ? null : pattern.AcledSubEventType is "{territory}" ? "territory" : "violence";

    /// <summary>How much less an event counts when it is background to another in its sentence.</summary>
    private const double BackgroundWeight = 0.75;

    private static bool InsideName(Document doc, Word first, Word last)
    {
        if (!char.IsUpper(first.Text[0])) return false;
        foreach (var e in doc.Entities)
            if (e.Start <= first.Start && last.End <= e.End && (e.Start < first.Start || last.End < e.End)) return true;
        return false;
    }

    private static bool InsideTimeExpression(Document doc, int position)
    {
        foreach (var t in doc.Times)
            if (t.Start <= position && position < t.End) return true;
        return false;
    }

    /// <summary>A date in the sentence, else one earlier in the paragraph, else the publication date.</summary>
    private static bool AttachDate(Document doc, EventRecord ev, DateOnly? published, List<TimeExpression> paragraphDates)
    {
        var inSentence = doc.Times
            .Where(t => t.Date is not null && t.Start >= ev.Evidence.Start && t.End <= ev.Evidence.End && t.Type == "DATE" && !ModifiesNoun(doc, t))
            .OrderBy(t => Math.Abs(t.Start - ev.Trigger.Start))
            .FirstOrDefault();
        var time = inSentence ?? (paragraphDates.Count > 0 ? paragraphDates[^1] : null);
        if (time?.Date is { } date)
        {
            if (published is { } p && date.DayNumber < p.DayNumber - BackgroundDays) return false;
            ev.Date = date;
            ev.DatePrecision = inSentence is null && time.Precision == DatePrecision.Day ? DatePrecision.Week : time.Precision;
        }
        else if (published is { } p)
        {
            ev.Date = p;
            ev.DatePrecision = DatePrecision.Week;
        }
        return true;
    }

    /// <summary>"the 2003 ceasefire": a date inside a noun phrase names a thing, not when the event happened.</summary>
    private static bool ModifiesNoun(Document doc, TimeExpression time)
    {
        var before = doc.Text.AsSpan(0, time.Start).TrimEnd();
        int space = before.LastIndexOfAny(' ', '\n');
        var previous = before[(space + 1)..].ToString().ToLowerInvariant();
        return Grammar.IsDeterminer(previous);
    }

    /// <summary>Fatalities, injured and size from the sentence's counts; a running total alone is no event.</summary>
    private static bool AttachCounts(Document doc, EventRecord ev, TriggerPattern pattern)
    {
        var counts = doc.Quantities.Where(q => q.Start >= ev.Evidence.Start && q.End <= ev.Evidence.End).ToList();
        if (counts.Count == 0) return true;
        var current = counts.Where(q => !q.Cumulative && !q.Subset).ToList();
        bool onlyRunningTotals = counts.All(q => q.Cumulative);
        if (onlyRunningTotals && ev.Plover == "ASSAULT" && pattern.AcledSubEventType is "{violence}" or null) return false;

        if (ev.Plover == "ASSAULT")
        {
            ev.Fatalities = Pick(current, ev, "killed");
            ev.Injured = Pick(current, ev, "injured");
            if (pattern.Mode == "abduct") ev.Size = Pick(current, ev, "abducted");
        }
        else
        {
            string[] roles = ev.Plover switch
            {
                "PROTEST" => ["protesters"],
                "COERCE" => ["arrested", "protesters", "displaced"],
                "RETREAT" => ["evacuated", "displaced", "released"],
                "SANCTION" => ["displaced", "arrested"],
                _ => ["evacuated", "displaced"],
            };
            foreach (var role in roles)
            {
                if (Pick(current, ev, role) is { } size) { ev.Size = size; break; }
            }
            // Otherwise a count of people with no stated fate: "400 police officers", "7,000 people".
            ev.Size ??= current.Where(q => q.Role is null && q.Noun is { } noun && CountsPeople(noun)).OrderBy(q => Math.Abs(q.Start - ev.Trigger.Start))
                .Select(q => (int?)(int)Math.Min(q.Value, int.MaxValue)).FirstOrDefault();
        }
        return true;
    }

    private static bool CountsPeople(string noun) =>
        Sitrep.Language.LanguageLexicon.Default.CountedNouns.Contains(LemmaCache.Of(noun.ToLowerInvariant()));

    private static int? Pick(List<Quantity> counts, EventRecord ev, string role)
    {
        var best = counts.Where(q => q.Role == role).OrderBy(q => Math.Abs(q.Start - ev.Trigger.Start)).FirstOrDefault();
        return best is null ? null : (int)Math.Min(best.Value, int.MaxValue);
    }

    /// <summary>For each character, whether it lies inside a quotation; quotes close at paragraph ends.</summary>
    private static bool[] QuoteMap(Document doc)
    {
        var text = doc.Text;
        var map = new bool[text.Length];
        bool open = false;
        for (int c = 0; c < text.Length; c++)
        {
            char ch = text[c];
            if (ch == '“') open = true;
            else if (ch == '”') { map[c] = true; open = false; continue; }
            else if (ch == '"') { if (open) { map[c] = true; open = false; continue; } open = true; }
            else if (ch == '\n' && c + 1 < text.Length && text[c + 1] == '\n') open = false;
            map[c] = open;
        }
        return map;
    }
}
