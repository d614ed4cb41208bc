using Sitrep.Core;

namespace Sitrep.Coding;

/// <summary>
/// The last coding step, after geocoding: merges repeated reports of one event within an article
/// ("took control of X" ... "the recapture of X") and gives events stable ids.
/// </summary>
public sealed class EventConsolidationStage : IPipelineStage
{
    public const string StageName = "consolidate";

    private const string TerritoryPending = "{territory}";
    private const string ViolencePending = "{violence}";

    public string Name => StageName;

    public void Process(Document document)
    {
        HarmoniseProtests(document.Events);
        var kept = new List<EventRecord>();
        foreach (var ev in document.Events)
        {
            var same = ev.Negated ? null : kept.FirstOrDefault(k => !k.Negated && SameEvent(k, ev));
            if (same is null) kept.Add(ev);
            else Merge(same, ev);
        }
        foreach (var ev in kept)
        {
            // Still unresolved: nobody is named as taking the ground, so it is fighting over it.
            if (ev.Acled is { SubEventType: TerritoryPending }) ev.Acled = new AcledType("Battles", "Armed clash");
            if (ev.Acled is { SubEventType: ViolencePending }) ev.Acled = new AcledType("Violence against civilians", "Attack");
        }
        // A bare mention ("with the evacuation now over") that no other report completed says nothing new.
        kept.RemoveAll(e => (e.Nominal || e.ReadAsNoun) && !e.Corroborated && NoPartyOrCount(e));
        // "Visit the map", "we went back", "the offer ends soon": a verbal or cooperative deed with no party, in a
        // sentence that names no one, is ordinary language, not an event (data/coding/plover_types.tsv).
        kept.RemoveAll(e => PloverTypes.NeedsParty(e.Plover) && NoPartyOrCount(e) && !EntitySpans.AnyWithin(document, e.Evidence, PartyEntityTypes));
        document.Events.Clear();
        document.Events.AddRange(kept);
        var articleKey = StableKey(document.Text);
        for (int i = 0; i < kept.Count; i++) kept[i].Id = $"{articleKey}-{i + 1:000}";
    }

    private static bool NoPartyOrCount(EventRecord e) =>
        e.Actor1 is null && e.Actor2 is null && e.Size is null && e.Fatalities is null && e.Injured is null;

    private static readonly HashSet<string> PartyEntityTypes =
        [EntityTypes.Person, EntityTypes.Organization, EntityTypes.GeoPolitical, EntityTypes.Nationality, EntityTypes.Location];

    /// <summary>ACLED's protest and riot sub-types from least to most severe.</summary>
    private static readonly string[] ProtestSeverity = ["Peaceful protest", "Protest with intervention", "Excessive force against protesters", "Violent demonstration"];

    /// <summary>
    /// ACLED codes a demonstration by the worst that happened at it: reports of one protest (compatible
    /// place and date) take the most severe protest sub-type any of them has, and can then be merged.
    /// </summary>
    private static void HarmoniseProtests(List<EventRecord> events)
    {
        var protests = events.Where(e => !e.Negated && e.Acled is not null && Array.IndexOf(ProtestSeverity, e.Acled.SubEventType) >= 0).ToList();
        if (protests.Count < 2) return;
        foreach (var ev in protests)
        {
            // Only the demonstration's own reports change; an assault recoded as a riot keeps its type.
            if (ev.Plover != "PROTEST") continue;
            var worst = ev.Acled!;
            foreach (var other in protests)
                if (Array.IndexOf(ProtestSeverity, other.Acled!.SubEventType) > Array.IndexOf(ProtestSeverity, worst.SubEventType)
                    && PlacesCompatible(ev, other) && DatesWithin(ev, other, 1))
                    worst = other.Acled;
            ev.Acled = worst;
        }
    }

    private static bool PlacesCompatible(EventRecord a, EventRecord b) =>
        a.Location is null || b.Location is null || a.Location.Place.Name == b.Location.Place.Name;

    private static bool DatesWithin(EventRecord a, EventRecord b, int days) =>
        a.Date is null || b.Date is null || Math.Abs(a.Date.Value.DayNumber - b.Date.Value.DayNumber) <= days;

    private static bool SameEvent(EventRecord a, EventRecord b)
    {
        if (a.Plover != b.Plover || !SameSubEvent(a.Acled, b.Acled)) return false;
        bool sameActor = a.Actor1 is not null && b.Actor1 is not null && a.Actor1.Actor.Code == b.Actor1.Actor.Code;
        bool samePlace = a.Location is not null && b.Location is not null && a.Location.Place.Name == b.Location.Place.Name;
        bool actorsCompatible = sameActor || a.Actor1 is null || b.Actor1 is null;
        // A repeat that brings its own count is a report in its own right: keep its sentence as evidence.
        bool addsCounts = b.Size is not null && b.Size != a.Size || b.Fatalities is not null && b.Fatalities != a.Fatalities
            || b.Injured is not null && b.Injured != a.Injured;
        return (sameActor || samePlace) && actorsCompatible && PlacesCompatible(a, b) && DatesWithin(a, b, 7) && !addsCounts;
    }

    private static bool SameSubEvent(AcledType? a, AcledType? b) =>
        a?.SubEventType == b?.SubEventType
        || a?.SubEventType == TerritoryPending && b?.SubEventType is "Government regains territory" or "Non-state actor overtakes territory"
        || b?.SubEventType == TerritoryPending && a?.SubEventType is "Government regains territory" or "Non-state actor overtakes territory";

    /// <summary>Keeps the first report as evidence and fills what it lacks from the repeat.</summary>
    private static void Merge(EventRecord into, EventRecord from)
    {
        if (into.Acled?.SubEventType == TerritoryPending) into.Acled = from.Acled;
        into.Actor1 ??= from.Actor1;
        into.Actor2 ??= from.Actor2;
        into.Location ??= from.Location;
        into.Fatalities ??= from.Fatalities;
        into.Injured ??= from.Injured;
        into.Size ??= from.Size;
        if (from.DatePrecision < into.DatePrecision && from.Date is not null)
        {
            into.Date = from.Date;
            into.DatePrecision = from.DatePrecision;
        }
        into.Confidence = Math.Min(1.0, Math.Max(into.Confidence, from.Confidence) + 0.05);
    }

    /// <summary>FNV-1a over the text: the same article gets the same event ids on every run.</summary>
    private static string StableKey(string text) =>
        Fnv1a.Of(text).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..12];
}
